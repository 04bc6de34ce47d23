"""Editor tokens filled in after rendering: the contact address, and each region's numbers."""

import re

import nh3
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext

from .regions import other_numbers_html, region_html_tokens, regions_of

# Tokens an editor writes that are filled in per region or from settings after rendering.
REGION_TOKENS = ("[emergency number]", "[urgent help]", "[emergency department]")
_EMERGENCY_CARD = '<section class="care-card care-card--emergency">'
_CARD_END = re.compile(r"</div>\s*</section>")


def variants(html: str, contact_email: str, language: str = "en") -> dict[str, str]:
    """The page's HTML for each region of its edition (one, when it has no region tokens)."""
    with translation.override(language):
        no_address = gettext("the contact address of whoever runs this copy of the site")
    contact_html = (
        format_html('<a href="mailto:{0}">{0}</a>', contact_email) if contact_email else no_address
    )
    html = html.replace("[contact email]", contact_html)
    # A plain dict (not a read-only proxy): documents are pickled when loaded in parallel.
    if not needs_region(html):
        return {"": html}
    return {
        code: fill_region(html, region_html_tokens(region), other_numbers_html(region))
        for code, region in regions_of(language).items()
    }


def fill_tokens(html: str, values: dict[str, str]) -> str:
    """Replace editor tokens such as `[emergency number]` with escaped values."""
    for token, value in values.items():
        html = html.replace(token, nh3.clean_text(value))
    return html


def needs_region(html: str) -> bool:
    """Whether a page's HTML differs by region (tokens, or an emergency card)."""
    return _EMERGENCY_CARD in html or any(token in html for token in REGION_TOKENS)


def fill_region(html: str, html_tokens: dict[str, str], card_footer: str) -> str:
    """Fill region tokens with trusted HTML (`tel:` links built by `regions`), and end every
    emergency card with `card_footer` (the other regions' numbers)."""
    for token, value in html_tokens.items():
        html = html.replace(token, value)
    parts = html.split(_EMERGENCY_CARD)
    for index in range(1, len(parts)):
        parts[index] = _CARD_END.sub(lambda m: card_footer + m.group(0), parts[index], count=1)
    return _EMERGENCY_CARD.join(parts)

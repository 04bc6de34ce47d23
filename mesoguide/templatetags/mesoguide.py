"""Template helpers: schema.org JSON-LD and review-date wording."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.content.regions import tel_link
from articles.structured_data import medical_web_page

register = template.Library()

# Characters that could end the <script> element or start markup inside it.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def medical_web_page_json_ld(context, document):
    """schema.org MedicalWebPage for a health page, as a non-executed data block.

    A `application/ld+json` script is data, not script: the CSP's script-src does not apply
    to it. Characters that could close the element are escaped, as Django's json_script does.
    """
    data = medical_web_page(document, context.get("canonical_url", ""))
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` for dictionaries keyed by a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def tel(number):
    """A phone number as a `tel:` link with a large tap target."""
    return tel_link(number)


@register.filter
def startswith(text, prefix) -> bool:
    """Whether `text` starts with `prefix`, so a label already in a heading is not repeated."""
    return str(text).startswith(str(prefix))


@register.filter
def has_heading(document, text) -> bool:
    """Whether the page's own body has a heading with this text (e.g. its own "Related pages")."""
    return any(heading.text == text for heading in getattr(document, "contents", ()))

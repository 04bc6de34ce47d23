"""The embeddable warning-signs card and its oEmbed endpoint (https://oembed.com/)."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override, csp_report_only_override

from mesoguide.caching import public_page, set_last_modified
from mesoguide.context_processors import absolute_url

from .content import get_registry
from .content.regions import region_for

# Only embed pages may be shown inside another site's frame.
EMBED_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"], "form-action": [CSP.NONE]}
EMBED_CSP_REPORT_ONLY = {**settings.SECURE_CSP_REPORT_ONLY, "frame-ancestors": ["*"]}
EMBED_WIDTH = 480
EMBED_HEIGHT = 720
_CARD = re.compile(r'<section class="care-card[^"]*">.*?</section>', re.DOTALL)
_SOURCE_REF = re.compile(r'<sup class="source-ref">.*?</sup>', re.DOTALL)
# Pages that have an embeddable version, by their own URL path.
EMBEDDABLE = {"/warning-signs/": "articles:embed-warning-signs"}


def care_cards(body_html: str, full_page: str) -> str:
    """The care cards of the warning-signs page, without source numbers (which point at a list
    the embed does not carry; the card links to the full page instead). Links to a section
    of the page go to that section of the full page."""
    cards = (_SOURCE_REF.sub("", card) for card in _CARD.findall(body_html))
    return "\n".join(card.replace('href="#', f'href="{full_page}#') for card in cards)


@xframe_options_exempt
@csp_override(EMBED_CSP)
@csp_report_only_override(EMBED_CSP_REPORT_ONLY)
@public_page
def warning_signs_card(request):
    document = get_registry().warning_signs
    if document is None:
        raise Http404("The warning-signs page is missing")
    region = region_for(request.GET.get("region"), settings.MESOGUIDE_REGION)
    full_page = absolute_url(request, reverse("articles:warning-signs"))
    context = {
        "document": document,
        "cards": care_cards(document.html_for(region.code), full_page),
        "region": region,
        "full_page": full_page,
    }
    response = render(request, "articles/embed_warning_signs.html", context)
    return set_last_modified(response, document.reviewed)


def embed_for(page_path: str) -> str | None:
    """The embed URL name for a page path, if that page can be embedded."""
    return EMBEDDABLE.get(page_path)


@public_page
def oembed(request):
    """oEmbed provider: `?url=<page address>&format=json` -> a `rich` iframe."""
    if request.GET.get("format", "json") != "json":
        return HttpResponse("Only format=json is supported.", status=501, content_type="text/plain")
    target = urlsplit(request.GET.get("url", "")[:2000])
    name = embed_for(target.path or "")
    if name is None or (target.netloc and target.netloc != _our_host(request)):
        raise Http404("No embeddable page at that address")
    width = _bounded(request.GET.get("maxwidth"), EMBED_WIDTH)
    height = _bounded(request.GET.get("maxheight"), EMBED_HEIGHT)
    embed_url = absolute_url(request, reverse(name))
    document = get_registry().warning_signs
    title = document.title if document else gettext("Warning signs after mesotherapy")
    html = (
        f'<iframe src="{escape(embed_url)}" width="{width}" height="{height}" '
        f'title="{escape(title)}" loading="lazy" style="border:0;max-width:100%"></iframe>'
    )
    data = {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": "Mesoguide",
        "provider_url": absolute_url(request, "/"),
        "width": width,
        "height": height,
        "html": html,
        "cache_age": settings.MESOGUIDE_PAGE_MAX_AGE,
    }
    response = JsonResponse(data)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _our_host(request) -> str:
    if settings.MESOGUIDE_BASE_URL:
        return urlsplit(settings.MESOGUIDE_BASE_URL).netloc
    return request.get_host()


def _bounded(value, default: int) -> int:
    try:
        number = int(str(value)[:6])
    except ValueError:
        return default
    return max(200, min(number, default))

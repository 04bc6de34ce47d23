"""Values every template needs: the canonical address, the page's QR code, the contact."""

from django.conf import settings
from django.core.exceptions import DisallowedHost

from .qr import qr_svg


def absolute_url(request, path: str) -> str:
    """The public address of `path`: MESOGUIDE_BASE_URL if set, else the request's host."""
    if settings.MESOGUIDE_BASE_URL:
        return settings.MESOGUIDE_BASE_URL.rstrip("/") + path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        # Error pages for a request with a bad Host header must still render.
        return path


def site(request):
    from articles import handouts  # the handout builder uses absolute_url above

    canonical = absolute_url(request, request.path)
    return {
        "canonical_url": canonical,
        "page_qr": lambda: qr_svg(canonical),
        "handouts_available": handouts.available(),
        "contact_email": settings.MESOGUIDE_CONTACT_EMAIL,
    }


def editions(request):
    """The language link, the hreflang pairs and, on a translation behind its English page,
    the notice that says so."""
    from articles import editions as site_editions
    from articles.content import get_registry, languages

    path = request.path
    language = languages.of_path(path)
    link = site_editions.counterpart(path)
    alternates = []
    if link.translated:
        by_language = {language: path, link.language: link.href}
        english = by_language[languages.DEFAULT]
        alternates = [
            (code, absolute_url(request, by_language[code])) for code in languages.ALL
        ] + [("x-default", absolute_url(request, english))]
    stale = get_registry(language).stale.get(path)
    return {
        "language_link": link,
        "alternates": alternates,
        "translation_behind": stale,
    }

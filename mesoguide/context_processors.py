"""Values every template needs: the canonical address, the page's QR code, the contact."""

from django.conf import settings

from articles import editions as site_editions
from articles import handouts
from articles.content import get_registry, languages

from .addresses import absolute_url
from .qr import qr_svg


def site(request):
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

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

"""Values every template needs: the site's name, canonical address and review info."""

from django.conf import settings

from .qr import qr_svg


def site(request):
    path = request.path
    canonical = (
        request.build_absolute_uri(path)
        if settings.MESOGUIDE_BASE_URL == ""
        else (settings.MESOGUIDE_BASE_URL.rstrip("/") + path)
    )
    return {
        "site_name": "Mesoguide",
        "canonical_url": canonical,
        "page_qr": lambda: qr_svg(canonical),
        "contact_email": settings.MESOGUIDE_CONTACT_EMAIL,
    }

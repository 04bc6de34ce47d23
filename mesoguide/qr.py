"""QR codes of page addresses, drawn as SVG on the server (no script, no outside service)."""

from functools import lru_cache

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe


@lru_cache(maxsize=512)
def qr_svg(url: str) -> SafeString:
    """An SVG image of a QR code for `url`; cached, since a page's address never changes."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    # The generated markup is ours alone (a path of squares), never reader input.
    svg = svg.replace("<svg ", '<svg role="img" aria-label="QR code of this page\'s address" ', 1)
    return mark_safe(svg.split("?>", 1)[-1].strip())  # noqa: S308

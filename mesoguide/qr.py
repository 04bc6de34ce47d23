"""QR codes of page addresses, drawn as SVG on the server (no script, no outside service)."""

from functools import lru_cache

import qrcode
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from qrcode.exceptions import DataOverflowError

QUIET_ZONE = 2  # modules of white around the code (scanners need a margin)
# The most bytes the largest QR code (version 40) holds at error correction M.
MAX_URL_BYTES = 2331


@lru_cache(maxsize=512)
def qr_svg(url: str) -> SafeString:
    """An SVG image of a QR code for `url`; cached, since a page's address never changes.

    Each row's runs of dark modules become one rectangle in a single path, which keeps the
    markup several times smaller than one square per module. An address too long for any QR
    code (over about 2,300 characters: a long path or Host header) gets no code, and the
    page still renders.
    """
    if len(url.encode()) > MAX_URL_BYTES:
        return SafeString("")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(url)
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError):  # qrcode raises either when the data does not fit
        return SafeString("")
    matrix = code.get_matrix()  # includes the quiet zone
    path = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                path.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    size = len(matrix)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size * 4}" height="{size * 4}" role="img" '
        f'aria-label="{escape(gettext("QR code of this page's address:"))} {escape(url)}" '
        'shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(path)}"/></svg>'
    )
    return mark_safe(svg)  # noqa: S308 - built from numbers and an escaped URL

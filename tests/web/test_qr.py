"""QR codes: the SVG path draws exactly the modules of the QR matrix for the address."""

import re

import qrcode

from mesoguide.qr import QUIET_ZONE, qr_svg


def test_svg_path_draws_every_dark_module_and_nothing_else():
    url = "https://mesoguide.example.org/articles/slow-infections/"
    svg = str(qr_svg(url))
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(url)
    code.make(fit=True)
    expected = code.get_matrix()
    drawn = [[False] * len(expected) for _ in expected]
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        for column in range(int(x), int(x) + int(width)):
            drawn[int(y)][column] = True
    assert drawn == expected
    assert f'viewBox="0 0 {len(expected)} {len(expected)}"' in svg


def test_svg_is_accessible_and_escapes_the_address():
    svg = str(qr_svg('https://example.org/?q="><script>'))
    assert 'role="img"' in svg and "aria-label=" in svg
    assert "<script>" not in svg

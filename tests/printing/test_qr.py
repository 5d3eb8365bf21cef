"""The QR path draws exactly the dark modules of the QR symbol."""

import re

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from printing.qr import QUIET_ZONE, qr_symbol

URL = "https://wahl.example.org/vote#K7QF-3M9D-TX2H-8WPC"
RUN = re.compile(r"M(\d+) (\d+)\.5h(\d+)")


def _modules_drawn(path: str) -> set[tuple[int, int]]:
    drawn = set()
    for x, y, width in RUN.findall(path):
        drawn |= {(int(x) + step, int(y)) for step in range(int(width))}
    return drawn


def test_path_covers_exactly_the_dark_modules():
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(URL)
    code.make(fit=True)
    matrix = code.get_matrix()
    dark = {(x, y) for y, row in enumerate(matrix) for x, on in enumerate(row) if on}
    symbol = qr_symbol(URL)
    assert symbol.modules == len(matrix)
    assert RUN.sub("", symbol.path) == ""  # nothing but runs
    assert _modules_drawn(symbol.path) == dark


def test_view_box_keeps_the_quiet_zone():
    symbol = qr_symbol(URL)
    side = symbol.modules + 2 * QUIET_ZONE
    assert symbol.view_box == f"-{QUIET_ZONE} -{QUIET_ZONE} {side} {side}"

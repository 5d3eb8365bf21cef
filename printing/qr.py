"""QR codes as compact vector paths for inline SVG.

qrcode's SvgPathImage draws every dark module as its own small square. WeasyPrint parses SVG
paths in Python, and 10,000 letters with some 600 squares each made that the slowest part of a
print run. We take the module matrix from the same library and draw each horizontal run of dark
modules as one stroke of width 1 instead: the same picture, a quarter of the path commands.
"""

from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of white around the symbol, as the QR standard asks


@dataclass(frozen=True)
class QrSymbol:
    """A QR symbol of `modules` × `modules`, drawn by `path` (stroked, width 1, in modules)."""

    modules: int
    path: str

    @property
    def view_box(self) -> str:
        """SVG viewBox that includes the quiet zone."""
        side = self.modules + 2 * QUIET_ZONE
        return f"{-QUIET_ZONE} {-QUIET_ZONE} {side} {side}"


def qr_symbol(data: str) -> QrSymbol:
    """Encode `data` (error correction M: survives a smudge or a fold across the code)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    return QrSymbol(modules=len(matrix), path=_runs_path(matrix))


def _runs_path(matrix: list[list[bool]]) -> str:
    """One `M x y h w` per run of dark modules, at the vertical middle of its row."""
    commands = []
    for row_index, row in enumerate(matrix):
        y = f"{row_index}.5"
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            commands.append(f"M{start} {y}h{column - start}")
    return "".join(commands)

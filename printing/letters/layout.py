"""Where the foreground puts the QR code and the code: on the code box of the background.

The code box sits in the background's text flow, so its height on the page depends on the
election's texts. The background is laid out first; its box is found through its anchor
(`id="code-slot"`), and the foreground gets margins that put the QR code and the code inside.
The offsets below mirror `.code-box` and `.code-label` in styles/letter.css.
"""

PX_PER_MM = 96 / 25.4
CODE_BOX_BORDER_PX = 1.0  # 0.75pt
QR_INSET_TOP_MM = 3.0  # the box's top padding
QR_INSET_LEFT_MM = 4.0
QR_SIZE_MM = 31.0
TEXT_INSET_LEFT_MM = 43.0  # the box's left padding: the text column
LABEL_HEIGHT_MM = 5.0  # "Ihr Wahlcode" above the code
FOREGROUND_FLOW_END_MM = 90.0  # the foreground's address zone ends at the window's bottom

CODE_SLOT = "code-slot"
TEXT_END = "text-end"  # after the last line of the flowing text
PRIVACY_NOTE = "privacy"  # the note at the foot of the page


def foreground_css(slot: tuple[float, ...]) -> str:
    """CSS that places `.qr` and `.code` in the code box whose border box starts at `slot`.

    `slot` is the anchor WeasyPrint reports for the box: its top left corner first, in CSS px.
    """
    slot_x, slot_y = slot[0], slot[1]
    qr_top = slot_y + CODE_BOX_BORDER_PX + _px(QR_INSET_TOP_MM)
    qr_left = slot_x + CODE_BOX_BORDER_PX + _px(QR_INSET_LEFT_MM)
    code_left = slot_x + CODE_BOX_BORDER_PX + _px(TEXT_INSET_LEFT_MM)
    code_after_qr = _px(LABEL_HEIGHT_MM - QR_SIZE_MM)
    return (
        f".qr {{ margin-top: {qr_top - _px(FOREGROUND_FLOW_END_MM):.2f}px; "
        f"margin-left: {qr_left:.2f}px; }}\n"
        f".code {{ margin-top: {code_after_qr:.2f}px; margin-left: {code_left:.2f}px; }}\n"
    )


def _px(millimetres: float) -> float:
    return millimetres * PX_PER_MM

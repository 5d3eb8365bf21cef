"""Render code letters to one multi-page PDF, one A4 page per letter.

A letter is drawn in two layers: the background, the same for every letter of the run, is laid
out once; the foreground holds what differs (serial, address, code, QR code). See
printing/layers.py for why.
"""

from collections.abc import Iterable

from weasyprint.document import Page

from printing.engine import render_document, write_pdf
from printing.german import format_datetime
from printing.layers import with_background
from printing.letters.hints import hint_lines
from printing.letters.layout import CODE_SLOT, PRIVACY_NOTE, TEXT_END, foreground_css
from printing.letters.model import Letter, LetterElection
from printing.qr import qr_symbol
from printing.templating import render_template

STYLESHEETS = ("fonts.css", "letter.css")


def render_letters(election: LetterElection, letters: Iterable[Letter]) -> bytes:
    """A PDF with one page per letter, in the order given (callers sort; see `in_print_order`).

    All letters must share one vote page (the URL without the code), as all letters of an
    election do: it is printed in the shared text.
    """
    letters = list(letters)
    if not letters:
        raise ValueError("no letters to render")
    background = _background(election, _common_vote_page(letters))
    html = render_template(
        "letter-foreground.html",
        election=election,
        pages=[{"letter": letter, "qr": qr_symbol(letter.vote_url)} for letter in letters],
    )
    slot_css = foreground_css(background.anchors[CODE_SLOT])
    foreground = render_document(html, STYLESHEETS, extra_css=slot_css)
    return write_pdf(with_background(foreground, background))


def _background(election: LetterElection, vote_page: str) -> Page:
    html = render_template(
        "letter-background.html",
        election=election,
        vote_page=vote_page,
        opens=format_datetime(election.opens),
        closes=format_datetime(election.closes),
        hints=hint_lines(election.languages),
    )
    (page,) = render_document(html, STYLESHEETS).pages
    # The page clips what overflows, so check that the text ends above the privacy note.
    if page.anchors[TEXT_END][1] > page.anchors[PRIVACY_NOTE][1]:
        raise ValueError("the election's texts do not fit on one page; shorten them")
    return page


def _common_vote_page(letters: list[Letter]) -> str:
    pages = {letter.vote_page for letter in letters}
    if len(pages) != 1:
        raise ValueError(f"letters of one run must share the vote page, found {sorted(pages)}")
    return pages.pop()

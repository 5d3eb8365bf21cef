"""Code letters: the A4 letters that bring each resident a voting code (DIN 5008, form B)."""

from printing.letters.batches import Batch, batch_manifest, render_batches
from printing.letters.hints import HINTS, UnknownLanguage
from printing.letters.model import DEFAULT_PRIVACY_NOTE, Letter, LetterElection
from printing.letters.order import in_print_order
from printing.letters.render import render_letters

__all__ = [
    "DEFAULT_PRIVACY_NOTE",
    "HINTS",
    "Batch",
    "Letter",
    "LetterElection",
    "UnknownLanguage",
    "batch_manifest",
    "in_print_order",
    "render_batches",
    "render_letters",
]

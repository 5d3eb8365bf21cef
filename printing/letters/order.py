"""Print order: by postal code, then street, then house number in natural order.

Sorted letters go to the post office pre-sorted and reach the people who deliver them in walking
order. House numbers compare as numbers with suffixes: 2 < 10 < 10a < 10b < 11.
"""

import re
import unicodedata

from printing.letters.model import Letter

_CHUNKS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that compares digit runs as numbers and letters without case or accents."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return tuple(
        (0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk.strip())
        for chunk in _CHUNKS.split(plain)
        if chunk.strip()
    )


def print_order_key(letter: Letter) -> tuple:
    return (
        natural_key(letter.postal_code),
        natural_key(letter.street),
        natural_key(letter.serial),
    )


def in_print_order(letters: list[Letter] | tuple[Letter, ...]) -> list[Letter]:
    return sorted(letters, key=print_order_key)

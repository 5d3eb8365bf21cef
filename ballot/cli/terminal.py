"""Text from files we did not write (a record, a share file, an election file), made safe to
print on an operator's or observer's terminal."""

import re

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Control characters (a terminal obeys ESC sequences and CR) and bidirectional overrides."""


def printable(text: str) -> str:
    """Each control character or bidirectional override as a visible escape (ESC as \\u001b):
    a name in a file could otherwise rewrite the line ("\\r", ESC [2K) so that a failure reads
    as a pass."""
    return _UNPRINTABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)

"""Trackers: the hash a voter keeps to find their encrypted ballot in the published record."""

import hashlib
from typing import Any

from ballot.tokens.normalise import CodeFormatError, typed_symbols

from .encoding import canonical_bytes
from .errors import BoxError

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DISPLAY_SYMBOLS = 20
_DISPLAY_BITS = 5 * DISPLAY_SYMBOLS


class TrackerFormatError(BoxError, ValueError):
    """Text typed in for a tracker look-up is not 20 Crockford base32 symbols."""


def tracker(ballot: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON (RFC 8785) of the encrypted ballot."""
    return hashlib.sha256(canonical_bytes(ballot)).hexdigest()


def _group(symbols: str) -> str:
    return "-".join(symbols[i : i + 4] for i in range(0, len(symbols), 4))


def tracker_display(tracker_hex: str) -> str:
    """The first 100 bits as 20 Crockford base32 symbols in groups of 4: K7QF-3M9D-TX2H-…"""
    bits = int(tracker_hex[:25], 16)  # 25 hex digits = 100 bits
    symbols = "".join(
        CROCKFORD[(bits >> (_DISPLAY_BITS - 5 * (n + 1))) & 31] for n in range(DISPLAY_SYMBOLS)
    )
    return _group(symbols)


def normalise_tracker_display(text: str) -> str:
    """Turn what someone typed into the display form, read as a typed voting code is: case,
    spaces and every kind of dash, O→0, I/L→1, full-width and Arabic-Indic digits."""
    try:
        cleaned = typed_symbols(text)
    except CodeFormatError:
        cleaned = ""
    if len(cleaned) != DISPLAY_SYMBOLS:
        raise TrackerFormatError("a tracker is 20 symbols of 0-9 and A-Z without I, L, O, U")
    return _group(cleaned)


def tracker_prefix(display: str) -> str:
    """The 25 hex digits of a tracker that its display form fixes (the inverse of
    `tracker_display`); `display` must be normalised first."""
    bits = 0
    for symbol in display.replace("-", ""):
        bits = (bits << 5) | CROCKFORD.index(symbol)
    return format(bits, "025x")

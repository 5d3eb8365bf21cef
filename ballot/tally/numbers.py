"""Whole numbers and percentages as the requests give them, read exactly."""

import math
import re
from decimal import Decimal
from fractions import Fraction

from ballot.tally.errors import AllocationError

# Canonical JSON (RFC 8785) only promises exact integers up to 2**53 - 1.
LARGEST_COUNT = 2**53 - 1

_DECIMAL = re.compile(r"\d+(\.\d+)?")


def whole_number(value: object, field: str, minimum: int = 0) -> int:
    """`value` as an int of at least `minimum`; booleans and floats are refused."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise AllocationError(field, f"must be a whole number, not {value!r}")
    if value < minimum:
        raise AllocationError(field, f"must be at least {minimum}, not {value}")
    if value > LARGEST_COUNT:
        raise AllocationError(field, f"must be at most {LARGEST_COUNT}")
    return value


def percentage(value: object, field: str) -> Fraction:
    """A percentage between 0 and 100 given as an int, a decimal string or a JSON number."""
    share = _exact(value, field)
    if not 0 <= share <= 100:
        raise AllocationError(field, f"must be between 0 and 100, not {value!r}")
    return share


def percentage_for_hash(value: object) -> object:
    """The form a percentage takes in the counts hash: floats become their decimal string.

    Canonical JSON refuses floats, and `10.5` and `"10.5"` mean the same percentage.
    """
    if isinstance(value, float | Decimal):
        return str(value)
    return value


def reaches(count: int, base: int, percent: Fraction) -> bool:
    """True if `count` is at least `percent` % of `base`."""
    return count * 100 >= percent * base


def needed(base: int, percent: Fraction) -> int:
    """The fewest votes that reach `percent` % of `base`."""
    return math.ceil(percent * base / 100)


def percent_text(share: Fraction) -> str:
    """A percentage as exact text: "10", "12.5", or "100/3" when no decimal is exact."""
    for digits in range(20):
        scaled = share * 10**digits
        if scaled.denominator == 1:
            text = str(scaled.numerator).rjust(digits + 1, "0")
            return f"{text[:-digits]}.{text[-digits:]}" if digits else text
    return str(share)


def _exact(value: object, field: str) -> Fraction:
    if isinstance(value, bool):
        raise AllocationError(field, f"must be a number, not {value!r}")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        if not _DECIMAL.fullmatch(value):
            raise AllocationError(
                field, f"must be a decimal number such as '10' or '12.5', not {value!r}"
            )
        return Fraction(value)
    if isinstance(value, float) and math.isfinite(value):
        # repr gives the shortest decimal that reads back as this float: 10.5 -> "10.5".
        return Fraction(repr(value))
    if isinstance(value, Decimal) and value.is_finite():
        return Fraction(value)
    raise AllocationError(field, f"must be a number, not {value!r}")

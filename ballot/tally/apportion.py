"""Seats for lists: D'Hondt, Sainte-Laguë/Schepers (highest averages) and Hare-Niemeyer.

Exact fractions throughout. Where equal quotients (or remainders) compete for the last seats,
those seats are left open and reported; the caller breaks the tie by lot or not at all.
"""

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class OpenSeats:
    """`seats` last seats that `lists` tie for with the same `value`."""

    seats: int
    lists: tuple[str, ...]
    value: Fraction


@dataclass(frozen=True)
class Apportionment:
    seats: dict[str, int]
    open: OpenSeats | None
    basis: str  # "quotient" or "remainder": what `open.value` is


def dhondt_divisor(seats_held: int) -> Fraction:
    return Fraction(seats_held + 1)


def sainte_lague_divisor(seats_held: int) -> Fraction:
    return Fraction(2 * seats_held + 1, 2)


def highest_averages(
    votes: Mapping[str, int], seats: int, divisor: Callable[[int], Fraction]
) -> Apportionment:
    """Each seat goes to the highest votes/divisor(seats already held)."""
    quotients = [
        (Fraction(count) / divisor(held), name)
        for name, count in votes.items()
        if count > 0
        for held in range(seats)
    ]
    winners = _best(quotients, seats)
    return Apportionment(_tally(votes, winners.taken), winners.open, "quotient")


def hare_niemeyer(votes: Mapping[str, int], seats: int) -> Apportionment:
    """Each list gets the whole part of its exact share; the largest remainders the rest."""
    total = sum(votes.values())
    shares = {name: Fraction(count * seats, total) for name, count in votes.items()}
    whole = {name: share.numerator // share.denominator for name, share in shares.items()}
    remainders = [
        (shares[name] - whole[name], name) for name in votes if shares[name] != whole[name]
    ]
    left = seats - sum(whole.values())
    winners = _best(remainders, left)
    extra = _tally(votes, winners.taken)
    return Apportionment(
        {name: whole[name] + extra[name] for name in votes}, winners.open, "remainder"
    )


@dataclass(frozen=True)
class _Winners:
    taken: list[str]
    open: OpenSeats | None


def _best(values: list[tuple[Fraction, str]], places: int) -> _Winners:
    """The `places` highest values; equal values straddling the cut are left open."""
    if places == 0:
        return _Winners([], None)
    ranked = sorted(values, key=lambda item: item[0], reverse=True)
    cut = ranked[places - 1][0]
    above = [name for value, name in ranked if value > cut]
    at_cut = sorted(name for value, name in ranked if value == cut)
    needed = places - len(above)
    if len(at_cut) == needed:
        return _Winners(above + at_cut, None)
    return _Winners(above, OpenSeats(needed, tuple(at_cut), cut))


def _tally(votes: Mapping[str, int], names: list[str]) -> dict[str, int]:
    counted = Counter(names)
    return {name: counted[name] for name in votes}

"""List contests and `ballot allocate` for lists: threshold, apportionment, ties and lot."""

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ballot.tally.apportion import (
    Apportionment,
    OpenSeats,
    dhondt_divisor,
    hare_niemeyer,
    highest_averages,
    sainte_lague_divisor,
)
from ballot.tally.errors import AllocationError
from ballot.tally.events import lot_not_needed
from ballot.tally.lot import Lot, LotInput
from ballot.tally.numbers import needed, percent_text, percentage, reaches, whole_number
from ballot.tally.request import LIST_FIELDS, read_seats, read_votes_object, reject_unknown_fields

LIST_METHODS = ("dhondt", "sainte-lague", "hare-niemeyer")


@dataclass(frozen=True)
class ListContest:
    method: str
    seats: int
    votes: dict[str, int]
    threshold: Fraction


def list_contest(request: Mapping[str, object]) -> ListContest:
    """A list request, read and checked."""
    reject_unknown_fields(request, LIST_FIELDS)
    votes = {
        name: whole_number(value, f"votes.{name}")
        for name, value in read_votes_object(request).items()
    }
    threshold = percentage(request.get("threshold_percent", 0), "threshold_percent")
    return ListContest(str(request["method"]), read_seats(request), votes, threshold)


def apportion_lists(contest: ListContest, lot_input: LotInput | None) -> dict[str, object]:
    """The result for a list method (docs/ALLOCATE.md)."""
    qualified, found = _threshold(contest.votes, contest.threshold)
    if not any(qualified.values()):
        raise AllocationError("votes", "no list has any votes that count (after the threshold)")
    result = _apportion(contest.method, qualified, contest.seats)
    won = {name: result.seats.get(name, 0) for name in contest.votes}
    lot = None
    if result.open is not None and lot_input is not None:
        lot = lot_input.draw(contest.votes)
        for name in _lot_winners(result.open, lot):
            won[name] += 1
    elif lot_input is not None:
        found.append(lot_not_needed())
    return {
        "method": contest.method,
        "complete": result.open is None or lot is not None,
        "seats": won,
        "ties": [] if result.open is None else [_tie(result, lot)],
        "events": found,
        "lot": None if lot is None else lot.as_dict(),
    }


def _lot_winners(open_seats: OpenSeats, lot: Lot) -> list[str]:
    return sorted(open_seats.lists, key=lot.position)[: open_seats.seats]


def _tie(result: Apportionment, lot: Lot | None) -> dict[str, object]:
    assert result.open is not None
    tie: dict[str, object] = {
        "decides": "seat",
        "seats": result.open.seats,
        "candidates": list(result.open.lists),
        result.basis: str(result.open.value),
        "decided_by": None,
    }
    if lot is not None:
        tie |= {"decided_by": "lot", "winners": _lot_winners(result.open, lot)}
    return tie


def _apportion(method: str, votes: dict[str, int], seats: int) -> Apportionment:
    if method == "dhondt":
        return highest_averages(votes, seats, dhondt_divisor)
    if method == "sainte-lague":
        return highest_averages(votes, seats, sainte_lague_divisor)
    return hare_niemeyer(votes, seats)


def _threshold(
    votes: dict[str, int], threshold: Fraction
) -> tuple[dict[str, int], list[dict[str, object]]]:
    """Lists below `threshold` % of all votes in the request take no part."""
    total = sum(votes.values())
    qualified: dict[str, int] = {}
    events: list[dict[str, object]] = []
    for name in sorted(votes, key=lambda name: (-votes[name], name)):
        if reaches(votes[name], total, threshold):
            qualified[name] = votes[name]
            continue
        least = needed(total, threshold)
        text = (
            f"{name} gets no seats: {votes[name]} votes, below the threshold of "
            f"{percent_text(threshold)} % of {total} votes ({least} needed)"
        )
        events.append(
            {"kind": "threshold", "list": name, "votes": votes[name], "needed": least, "text": text}
        )
    return qualified, events

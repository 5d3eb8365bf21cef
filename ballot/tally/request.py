"""Reading the parts of a request that every method shares, refusing anything doubtful."""

from collections.abc import Mapping
from fractions import Fraction

from ballot.tally.errors import AllocationError
from ballot.tally.feasibility import quota_problems
from ballot.tally.numbers import percentage, whole_number
from ballot.tally.quotas import Quota, read_quotas

CANDIDATE_FIELDS = (
    "method", "seats", "ballots_cast", "hurdle_percent", "votes",
    "attributes", "quotas", "order", "lot_input",
)  # fmt: skip
LIST_FIELDS = ("method", "seats", "votes", "threshold_percent", "lot_input")


def reject_unknown_fields(request: Mapping[str, object], allowed: tuple[str, ...]) -> None:
    for key in request:
        if key not in allowed:
            known = ", ".join(allowed)
            raise AllocationError(str(key), f"is not a field of this method (known: {known})")


MOST_SEATS = 10_000
"""More seats than any parliament has; the methods give out seats one at a time."""


def read_seats(request: Mapping[str, object]) -> int:
    if "seats" not in request:
        raise AllocationError("seats", "is missing")
    seats = whole_number(request["seats"], "seats", minimum=1)
    if seats > MOST_SEATS:
        raise AllocationError("seats", f"must be at most {MOST_SEATS:,}, not {seats:,}")
    return seats


def read_votes_object(request: Mapping[str, object]) -> dict[str, object]:
    votes = request.get("votes")
    if not isinstance(votes, dict) or not votes:
        raise AllocationError("votes", "must be an object with at least one name and its votes")
    for name in votes:
        check_name(name, "votes")
    return votes


def check_name(name: object, field: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise AllocationError(field, f"names must be non-empty texts, not {name!r}")
    return name


def read_candidates(request: Mapping[str, object], votes: Mapping[str, object]) -> tuple[str, ...]:
    """Every candidate: those in `order` (ballot order, optional) and those with votes."""
    order = request.get("order")
    if order is None:
        return tuple(sorted(votes))
    if not isinstance(order, list):
        raise AllocationError("order", "must be a list of candidate names")
    for index, name in enumerate(order):
        check_name(name, f"order[{index}]")
    if len(set(order)) != len(order):
        twice = sorted({name for name in order if order.count(name) > 1})
        raise AllocationError("order", f"names more than once: {', '.join(twice)}")
    for name in sorted(votes):
        if name not in order:
            raise AllocationError(f"votes.{name}", "is not a candidate in order")
    return tuple(sorted(order))


def read_attributes(
    request: Mapping[str, object], candidates: tuple[str, ...]
) -> dict[str, dict[str, str]]:
    raw = request.get("attributes", {})
    if not isinstance(raw, dict):
        raise AllocationError("attributes", "must map candidate names to {attribute: value}")
    attributes: dict[str, dict[str, str]] = {name: {} for name in candidates}
    for name, own in raw.items():
        if name not in attributes:
            raise AllocationError(f"attributes.{name}", "is not a candidate")
        if not isinstance(own, dict):
            raise AllocationError(f"attributes.{name}", "must be an object of attribute: value")
        for attribute, value in own.items():
            if not isinstance(value, str) or not value:
                raise AllocationError(
                    f"attributes.{name}.{attribute}", f"must be a non-empty text, not {value!r}"
                )
        attributes[name] = dict(own)
    return attributes


def read_quota_list(
    request: Mapping[str, object], seats: int, attributes: Mapping[str, Mapping[str, str]]
) -> tuple[Quota, ...]:
    """The quotas, refused if they are malformed or no count could ever meet them."""
    raw = request.get("quotas", [])
    problems = quota_problems(seats, attributes, raw)
    if problems:
        field, problem = problems[0]
        raise AllocationError(field, problem)
    quotas, _ = read_quotas(raw)
    return tuple(quotas)


def read_hurdle(request: Mapping[str, object]) -> tuple[Fraction, int | None]:
    """The hurdle in percent of ballots cast, and the number of ballots cast (if given)."""
    hurdle = percentage(request.get("hurdle_percent", 0), "hurdle_percent")
    ballots_cast = request.get("ballots_cast")
    if ballots_cast is None:
        if hurdle:
            raise AllocationError("ballots_cast", "is needed for a hurdle")
        return hurdle, None
    return hurdle, whole_number(ballots_cast, "ballots_cast")


def read_lot_input(request: Mapping[str, object]) -> str | None:
    lot_input = request.get("lot_input")
    if lot_input is None:
        return None
    if not isinstance(lot_input, str) or not lot_input.strip():
        raise AllocationError(
            "lot_input", "must be a non-empty text (e.g. the dice rolled at the count)"
        )
    return lot_input

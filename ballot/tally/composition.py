"""The council's composition: residents must hold more than half of all seats (DESIGN §6)."""

from collections.abc import Mapping, Sequence

from ballot.tally.errors import AllocationError
from ballot.tally.numbers import whole_number


def check_composition(
    contests: Sequence[Mapping[str, object]], elected_counts: Mapping[str, int] | None = None
) -> dict[str, object]:
    """Check the residents' majority over configured seats, or over filled seats after the count.

    `contests` are `{"key", "seats", "resident": bool}`; `elected_counts` maps every contest key
    to the number of seats it filled. Returns `{"ok", "resident_seats", "total_seats", "message"}`.
    """
    configured = _read_contests(contests)
    if elected_counts is None:
        seats = {key: number for key, (number, _) in configured.items()}
    else:
        seats = _read_filled(configured, elected_counts)
    residents = sum(seats[key] for key, (_, resident) in configured.items() if resident)
    total = sum(seats.values())
    return {
        "ok": 2 * residents > total,
        "resident_seats": residents,
        "total_seats": total,
        "message": _message(residents, total, elected_counts is not None),
    }


def _read_contests(contests: object) -> dict[str, tuple[int, bool]]:
    if not isinstance(contests, Sequence) or isinstance(contests, str) or not contests:
        raise AllocationError("contests", "must be a non-empty list of {key, seats, resident}")
    configured: dict[str, tuple[int, bool]] = {}
    for index, contest in enumerate(contests):
        field = f"contests[{index}]"
        if not isinstance(contest, Mapping):
            raise AllocationError(field, "must be an object with key, seats and resident")
        key, resident = contest.get("key"), contest.get("resident")
        if not isinstance(key, str) or not key:
            raise AllocationError(f"{field}.key", "must be a non-empty text")
        if key in configured:
            raise AllocationError(f"{field}.key", f"{key!r} appears twice")
        if not isinstance(resident, bool):
            raise AllocationError(f"{field}.resident", "must be true or false")
        configured[key] = (whole_number(contest.get("seats"), f"{field}.seats"), resident)
    return configured


def _read_filled(
    configured: dict[str, tuple[int, bool]], elected_counts: Mapping[str, int]
) -> dict[str, int]:
    for key in elected_counts:
        if key not in configured:
            raise AllocationError(f"elected_counts.{key}", "is not a contest")
    filled: dict[str, int] = {}
    for key, (seats, _) in configured.items():
        if key not in elected_counts:
            raise AllocationError(f"elected_counts.{key}", "is missing")
        filled[key] = whole_number(elected_counts[key], f"elected_counts.{key}")
        if filled[key] > seats:
            raise AllocationError(
                f"elected_counts.{key}", f"{filled[key]} elected for {seats} seats"
            )
    return filled


def _message(residents: int, total: int, after_count: bool) -> str:
    seats = "filled seats" if after_count else "seats"
    if total == 0:
        return f"There are no {seats}, so residents cannot hold a majority."
    least = total // 2 + 1
    if 2 * residents > total:
        return f"Residents hold {residents} of {total} {seats}: more than half, as required."
    return (
        f"Residents hold {residents} of {total} {seats}: not more than half "
        f"(at least {least} needed)."
    )

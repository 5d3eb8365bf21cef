"""`allocate`: one request of DESIGN §7 in, its result out, the same engine the count uses."""

from collections.abc import Mapping

from ballot.canonical import CanonicalJSONError, canonical_sha256
from ballot.tally.elect import count_contest
from ballot.tally.errors import AllocationError
from ballot.tally.lists import LIST_METHODS, apportion_lists, list_contest
from ballot.tally.lot import LotInput, lot_seed
from ballot.tally.majority import most_votes_contest
from ballot.tally.numbers import percentage_for_hash
from ballot.tally.request import read_lot_input
from ballot.tally.yesno import yes_no_contest

CANDIDATE_METHODS = ("most-votes", "yes-no")
METHODS = CANDIDATE_METHODS + LIST_METHODS


def allocate(request: Mapping[str, object], counts_hash: str | None = None) -> dict[str, object]:
    """Seats for the counts in `request` (docs/ALLOCATE.md); raises AllocationError if it is bad.

    The request is checked whole before anything is counted or hashed.

    `counts_hash` is the hash the lot is seeded with; the count passes the hash of its record,
    and by default it is the canonical SHA-256 of the request without `lot_input`.
    """
    if not isinstance(request, Mapping):
        raise AllocationError("request", "must be a JSON object")
    method = request.get("method")
    if method not in METHODS:
        raise AllocationError("method", f"must be one of {', '.join(METHODS)}, not {method!r}")
    public_input = read_lot_input(request)
    if method in LIST_METHODS:
        lists = list_contest(request)
        return apportion_lists(lists, _lot_input(request, counts_hash, public_input))
    contest = most_votes_contest(request) if method == "most-votes" else yes_no_contest(request)
    return count_contest(contest, _lot_input(request, counts_hash, public_input))


def request_hash(request: Mapping[str, object]) -> str:
    """The default counts hash: canonical SHA-256 of the request without `lot_input`.

    Percentages given as JSON floats are hashed as their decimal text (10.5 as "10.5").
    """
    hashed = {key: value for key, value in request.items() if key != "lot_input"}
    for key in ("hurdle_percent", "threshold_percent"):
        if key in hashed:
            hashed[key] = percentage_for_hash(hashed[key])
    try:
        return canonical_sha256(hashed)
    except CanonicalJSONError as error:  # e.g. a lone surrogate from a JSON escape in a name
        raise AllocationError("request", f"has no canonical form: {error}") from None


def _lot_input(
    request: Mapping[str, object], counts_hash: str | None, public_input: str | None
) -> LotInput | None:
    if counts_hash is None:
        counts_hash = request_hash(request)
    else:
        lot_seed(counts_hash, "")  # refuses a malformed hash even when no lot is needed
    return None if public_input is None else LotInput(counts_hash, public_input)

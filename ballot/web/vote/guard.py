"""Guessing codes: failed code checks are limited per client address and per election.

The counts live in the rate limiter (database or Redis), so the limits hold across workers. A
check counts as failed from before it runs until it succeeds (`begin_attempt`), so parallel
guesses in several workers cannot all slip under the limit. A code that is not even
well-formed (a typo the check symbol catches) does not count: it tells nothing about valid
codes. Once an address is blocked, every code check from it is refused
until the window ends, valid codes included, so the limit cannot be used to test codes.
"""

from datetime import UTC, datetime

from ballot.ratelimit import Attempt, Limit
from ballot.services.errors import Msg, RateLimited
from ballot.services.voting import CodeRefused
from ballot.web.context import client_address, limiter, now

WINDOW_SECONDS = 15 * 60
# Key "{election id}:{address}"; election 0 stands for "no election known".
PER_ELECTION = Limit("vote-code", hits=10, seconds=WINDOW_SECONDS)
# Key "{address}": caps an address that tries codes under several elections.
PER_ADDRESS = Limit("vote-code-address", hits=20, seconds=WINDOW_SECONDS)
NO_ELECTION = 0


def _keys(election_id: int | None) -> list[tuple[Limit, str]]:
    address = client_address()
    return [
        (PER_ELECTION, f"{election_id or NO_ELECTION}:{address}"),
        (PER_ADDRESS, address),
    ]


def _blocked(limit: Limit, moment: float) -> RateLimited:
    return RateLimited(
        Msg("Too many wrong codes were tried from this address."),
        retry_after=limiter().retry_after(limit, moment),
    )


def refuse_if_blocked(election_id: int | None) -> None:
    moment = now().timestamp()
    for limit, key in _keys(election_id):
        if limiter().is_blocked(limit, key, moment):
            raise _blocked(limit, moment)


def begin_attempt(election_id: int | None) -> Attempt:
    """Count a code check for `election_id` (the start page's) as failed before it runs;
    refuse it unchecked if the address is blocked."""
    attempt = limiter().begin_attempt(_keys(election_id), now().timestamp())
    if attempt.blocked:
        raise _blocked(attempt.blocked, attempt.moment)
    return attempt


def settle_refusal(attempt: Attempt, election_id: int | None, refusal: CodeRefused) -> None:
    """A refused code stays counted, under the election the code belongs to if it is known
    (an address blocked there is refused); a typo that the check symbol catches does not
    count at all."""
    if refusal.reason == "format":
        attempt.give_back()
        return
    own = refusal.election.id if refusal.election else election_id
    if (own or NO_ELECTION) != (election_id or NO_ELECTION):
        attempt.give_back()
        begin_attempt(own)  # counted there, and refused if that election's limit is full


def failed_attempts(election_id: int | None, at: datetime) -> list[dict]:
    """Failed code checks for an election in the current and the previous window:
    [{"since": datetime, "until": datetime, "attempts": n}], newest first."""
    start = int(at.timestamp()) // WINDOW_SECONDS * WINDOW_SECONDS
    windows = []
    for back in (0, 1):
        since = start - back * WINDOW_SECONDS
        attempts = limiter().attempts_by_prefix(
            PER_ELECTION, f"{election_id or NO_ELECTION}:", since
        )
        windows.append(
            {
                "since": datetime.fromtimestamp(since, UTC),
                "until": datetime.fromtimestamp(since + WINDOW_SECONDS, UTC),
                "attempts": attempts,
            }
        )
    return windows

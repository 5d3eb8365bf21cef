"""most-votes (limited vote): seats in order of votes, with an optional hurdle and quotas."""

from collections.abc import Mapping
from fractions import Fraction

from ballot.tally.contest import CandidateContest
from ballot.tally.errors import AllocationError
from ballot.tally.numbers import needed, percent_text, reaches, whole_number
from ballot.tally.request import (
    CANDIDATE_FIELDS,
    read_attributes,
    read_candidates,
    read_hurdle,
    read_quota_list,
    read_seats,
    read_votes_object,
    reject_unknown_fields,
)


def most_votes_contest(request: Mapping[str, object]) -> CandidateContest:
    reject_unknown_fields(request, CANDIDATE_FIELDS)
    seats = read_seats(request)
    raw_votes = read_votes_object(request)
    candidates = read_candidates(request, raw_votes)
    hurdle, ballots_cast = read_hurdle(request)
    votes = {name: _votes(raw_votes.get(name, 0), name, ballots_cast) for name in candidates}
    attributes = read_attributes(request, candidates)
    quotas = read_quota_list(request, seats, attributes)
    ranked = sorted(candidates, key=lambda name: (-votes[name], name))
    exclusions = [_exclusion(name, votes[name], hurdle, ballots_cast) for name in ranked]
    return CandidateContest(
        method="most-votes",
        seats=seats,
        candidates=candidates,
        scores=votes,
        eligible=tuple(name for name, out in zip(ranked, exclusions, strict=True) if out is None),
        attributes=attributes,
        quotas=quotas,
        exclusions=tuple(out for out in exclusions if out is not None),
    )


def _votes(value: object, name: str, ballots_cast: int | None) -> int:
    votes = whole_number(value, f"votes.{name}")
    if ballots_cast is not None and votes > ballots_cast:
        raise AllocationError(
            f"votes.{name}", f"{votes} votes but only {ballots_cast} ballots cast"
        )
    return votes


def _exclusion(
    name: str, votes: int, hurdle: Fraction, ballots_cast: int | None
) -> dict[str, object] | None:
    """Why `name` can be neither elected nor a substitute, or None if they can."""
    event: dict[str, object] = {"kind": "excluded", "candidate": name, "votes": votes}
    if votes == 0:
        return event | {"reason": "no-votes", "text": f"{name} not eligible: no votes"}
    if ballots_cast is not None and not reaches(votes, ballots_cast, hurdle):
        least = needed(ballots_cast, hurdle)
        text = (
            f"{name} not eligible: {votes} votes, below the hurdle of {percent_text(hurdle)} % "
            f"of {ballots_cast} ballots cast ({least} votes needed)"
        )
        return event | {"reason": "hurdle", "needed": least, "text": text}
    return None

"""yes-no: elected needs more yes than no (and the hurdle); then the most yes-votes win."""

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

ANSWERS = ("yes", "no", "abstain")


def yes_no_contest(request: Mapping[str, object]) -> CandidateContest:
    reject_unknown_fields(request, CANDIDATE_FIELDS)
    seats = read_seats(request)
    raw_votes = read_votes_object(request)
    candidates = read_candidates(request, raw_votes)
    hurdle, ballots_cast = read_hurdle(request)
    empty = {"yes": 0, "no": 0}
    answers = {
        name: _answers(raw_votes.get(name, empty), name, ballots_cast) for name in candidates
    }
    yes = {name: answers[name]["yes"] for name in candidates}
    attributes = read_attributes(request, candidates)
    quotas = read_quota_list(request, seats, attributes)
    ranked = sorted(candidates, key=lambda name: (-yes[name], name))
    exclusions = [_exclusion(name, answers[name], hurdle, ballots_cast) for name in ranked]
    return CandidateContest(
        method="yes-no",
        seats=seats,
        candidates=candidates,
        scores=yes,
        eligible=tuple(name for name, out in zip(ranked, exclusions, strict=True) if out is None),
        attributes=attributes,
        quotas=quotas,
        exclusions=tuple(out for out in exclusions if out is not None),
    )


def _answers(value: object, name: str, ballots_cast: int | None) -> dict[str, int]:
    field = f"votes.{name}"
    if not isinstance(value, dict) or "yes" not in value or "no" not in value:
        raise AllocationError(field, 'must be {"yes": n, "no": n} (and optionally "abstain": n)')
    for key in value:
        if key not in ANSWERS:
            raise AllocationError(f"{field}.{key}", "is not yes, no or abstain")
    answers = {key: whole_number(value[key], f"{field}.{key}") for key in ANSWERS if key in value}
    if ballots_cast is not None and sum(answers.values()) > ballots_cast:
        raise AllocationError(field, f"more answers than the {ballots_cast} ballots cast")
    return answers


def _exclusion(
    name: str, answers: dict[str, int], hurdle: Fraction, ballots_cast: int | None
) -> dict[str, object] | None:
    """Why `name` failed and is neither elected nor a substitute, or None if they passed."""
    yes, no = answers["yes"], answers["no"]
    event: dict[str, object] = {"kind": "excluded", "candidate": name, "yes": yes, "no": no}
    if yes <= no:
        text = f"{name} not elected: {yes} yes, {no} no (needs more yes than no)"
        return event | {"reason": "not-more-yes-than-no", "text": text}
    if ballots_cast is not None and not reaches(yes, ballots_cast, hurdle):
        least = needed(ballots_cast, hurdle)
        text = (
            f"{name} not elected: {yes} yes-votes, below the hurdle of {percent_text(hurdle)} % "
            f"of {ballots_cast} ballots cast ({least} needed)"
        )
        return event | {"reason": "hurdle", "needed": least, "text": text}
    return None

"""Events: each decision of a count, as data for the report and as an English sentence."""

from ballot.tally.contest import CandidateContest
from ballot.tally.quotas import Quota
from ballot.tally.selection import Skip

Event = dict[str, object]


def quota_skip(contest: CandidateContest, skip: Skip) -> Event:
    name = skip.candidate
    described = ", ".join(quota.describe() for quota in skip.quotas)
    if skip.exceeds_maximum:
        reason = f"taking them would exceed {described}"
    elif described:
        reason = f"taking them would leave too few seats for {described}"
    else:
        reason = "taking them would leave a seat empty that the quotas let others fill"
    return {
        "kind": "quota-skip",
        "candidate": name,
        "votes": contest.scores[name],
        "quotas": [quota.as_dict() for quota in skip.quotas],
        "text": f"{name} skipped: {reason}",
    }


def quota_unmet(contest: CandidateContest, quota: Quota, elected: tuple[str, ...]) -> Event | None:
    """An event if a minimum is not met because too few could be elected."""
    if quota.min is None:
        return None
    count = sum(quota.matches(contest.attributes[name]) for name in elected)
    if count >= quota.min:
        return None
    eligible = sum(quota.matches(contest.attributes[name]) for name in contest.eligible)
    return {
        "kind": "quota-unmet",
        "quota": quota.as_dict(),
        "elected": count,
        "eligible": eligible,
        "text": (
            f"{quota.describe()} not met: {count} elected; "
            f"{eligible} eligible candidates have {quota.label}"
        ),
    }


def vacant(contest: CandidateContest, seats: int) -> Event:
    if not contest.eligible:
        why = "no candidate can be elected"
    elif len(contest.eligible) < contest.seats:
        why = f"only {len(contest.eligible)} candidates can be elected"
    else:
        why = "no further candidate can be elected without exceeding a quota maximum"
    return {"kind": "vacant", "seats": seats, "text": f"{seats} seat(s) stay empty: {why}"}


def lot_not_needed() -> Event:
    return {"kind": "lot-not-needed", "text": "No tie decided anything, so no lot was drawn."}

"""A candidate contest ready to count: who may be elected, with what score, under which quotas."""

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import groupby

from ballot.tally.quotas import Quota


@dataclass(frozen=True)
class CandidateContest:
    """`scores` are votes (most-votes) or yes-votes (yes-no); `eligible` passed every hurdle."""

    method: str
    seats: int
    candidates: tuple[str, ...]
    scores: Mapping[str, int]
    eligible: tuple[str, ...]
    attributes: Mapping[str, Mapping[str, str]]
    quotas: tuple[Quota, ...]
    exclusions: tuple[dict[str, object], ...]

    def vote_order(self) -> list[str]:
        """Eligible candidates, most votes first; equal votes by name, which decides nothing."""
        return sorted(self.eligible, key=lambda name: (-self.scores[name], name))

    def levels(self) -> list[tuple[int, tuple[str, ...]]]:
        """Eligible candidates grouped by equal score, best first; two or more in a group tie."""
        grouped = groupby(self.vote_order(), key=lambda name: self.scores[name])
        return [(score, tuple(names)) for score, names in grouped]

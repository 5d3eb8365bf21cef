"""How well the quotas can still be met: an exact search over kinds of candidates.

Candidates who match the same quotas are interchangeable for the quotas, so the search counts
how many of each kind to take instead of trying every set. An outcome is the pair
(places still missing from the minimums, seats left empty), smaller is better: maximums are
never exceeded, minimums are met as far as the candidates allow, then as many seats as
possible are filled.
"""

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import cache

from ballot.tally.quotas import Quota

Counts = tuple[int, ...]
Kind = tuple[bool, ...]
Outcome = tuple[int, int]


class QuotaModel:
    """The quotas of one contest applied to its candidates' attributes."""

    def __init__(self, quotas: Sequence[Quota], attributes: Mapping[str, Mapping[str, str]]):
        self.quotas = tuple(quotas)
        self._attributes = attributes
        # The searches ask the same small questions very often.
        self.add: Callable[..., Counts | None] = cache(self._add)

    @property
    def start(self) -> Counts:
        return tuple(0 for _ in self.quotas)

    def kind(self, name: str) -> Kind:
        own = self._attributes.get(name, {})
        return tuple(quota.matches(own) for quota in self.quotas)

    def _add(self, counts: Counts, kind: Kind, times: int = 1) -> Counts | None:
        """Counts after taking `times` candidates of `kind`; None if that breaks a maximum.

        Counts for quotas without a maximum stop at the minimum: more makes no difference.
        """
        added = []
        for quota, count, member in zip(self.quotas, counts, kind, strict=True):
            count += times if member else 0
            if quota.max is not None and count > quota.max:
                return None
            added.append(count if quota.max is not None else min(count, quota.min or 0))
        return tuple(added)

    def missing(self, counts: Counts) -> int:
        """Places still missing from the minimums."""
        pairs = zip(self.quotas, counts, strict=True)
        return sum(max(0, quota.min - count) for quota, count in pairs if quota.min is not None)

    def best_outcome(
        self, pool: Sequence[str], seats: int, counts: Counts | None = None
    ) -> Outcome:
        """The best outcome reachable by adding candidates from `pool` to `counts`."""
        kinds = sorted(Counter(self.kind(name) for name in pool).items())

        @cache
        def search(index: int, seats_left: int, counts: Counts) -> Outcome:
            if index == len(kinds):
                return (self.missing(counts), seats_left)
            kind, available = kinds[index]
            best = search(index + 1, seats_left, counts)
            for times in range(1, min(available, seats_left) + 1):
                added = self.add(counts, kind, times)
                if added is None:
                    break
                best = min(best, search(index + 1, seats_left - times, added))
            return best

        return search(0, seats, self.start if counts is None else counts)

    def maximum_broken_by(self, counts: Counts, name: str) -> Quota | None:
        """The maximum that taking `name` would exceed, if any."""
        for quota, count, member in zip(self.quotas, counts, self.kind(name), strict=True):
            if member and quota.max is not None and count + 1 > quota.max:
                return quota
        return None

    def minimums_not_helped_by(self, counts: Counts, name: str) -> list[Quota]:
        """Minimums not yet met that taking `name` would not help."""
        pairs = zip(self.quotas, counts, self.kind(name), strict=True)
        return [
            quota
            for quota, count, member in pairs
            if quota.min is not None and count < quota.min and not member
        ]

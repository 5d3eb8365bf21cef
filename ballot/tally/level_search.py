"""The best reachable result, vote level by vote level (exact search).

A result is judged by the key (places missing from quota minimums, empty seats, then minus the
number elected at each vote level from the top). Smaller is better: maximums always hold,
minimums are met as far as the candidates allow, as many seats as possible are filled, and
then as many as possible of the most-voted. Candidates who match the same quotas are
interchangeable, so each level is searched by how many of each kind it gives.
"""

from collections import Counter
from collections.abc import Sequence
from functools import cache

from ballot.tally.quota_search import Counts, Kind, QuotaModel

Key = tuple[int, ...]
Kinds = tuple[tuple[Kind, int], ...]
State = tuple[int, Counts]  # (seats left, counts)


class LevelSearch:
    """Searches over the vote levels (equal votes, best first) of one contest."""

    def __init__(self, model: QuotaModel, levels: Sequence[Sequence[str]], seats: int):
        self.model = model
        self.seats = seats
        self._kinds = [self.kinds_of(level) for level in levels]
        self._suffix = cache(self._search_suffix)
        self._choices = cache(self._level_choices)
        self._prefixes: list[dict[State, Key]] = [{(seats, model.start): ()}]

    def best(self) -> Key:
        """The key of the best result of the whole contest."""
        return self._suffix(0, self.seats, self.model.start)

    def best_continuing(
        self, level: int, seats_left: int, counts: Counts, rest: Sequence[str]
    ) -> Key:
        """The best key from `level` on when only `rest` of that level is still to decide."""
        best: Key | None = None
        for taken, after in self._choices(self.kinds_of(rest), seats_left, counts):
            best = _better(
                best, _prepend(self._suffix(level + 1, seats_left - taken, after), taken)
            )
        assert best is not None
        return best

    def best_with_level(
        self, level: int, members: Sequence[str], forced: str | None = None
    ) -> Key | None:
        """The best whole key if `level` held only `members` (and `forced`, who must be elected)."""
        kinds = self.kinds_of(members)
        best: Key | None = None
        for (seats_left, counts), path in self._prefix(level).items():
            first = 0
            if forced is not None:
                added = self.model.add(counts, self.model.kind(forced))
                if seats_left == 0 or added is None:
                    continue
                seats_left, counts, first = seats_left - 1, added, 1
            for taken, after in self._choices(kinds, seats_left, counts):
                rest = self._suffix(level + 1, seats_left - taken, after)
                best = _better(best, (rest[0], rest[1], *path, -(first + taken), *rest[2:]))
        return best

    def kinds_of(self, names: Sequence[str]) -> Kinds:
        return tuple(sorted(Counter(self.model.kind(name) for name in names).items()))

    def _search_suffix(self, level: int, seats_left: int, counts: Counts) -> Key:
        if level == len(self._kinds):
            return (self.model.missing(counts), seats_left)
        best: Key | None = None
        for taken, after in self._choices(self._kinds[level], seats_left, counts):
            best = _better(
                best, _prepend(self._suffix(level + 1, seats_left - taken, after), taken)
            )
        assert best is not None
        return best

    def _prefix(self, level: int) -> dict[State, Key]:
        """Every state reachable before `level`, with the best counts per level to reach it."""
        while len(self._prefixes) <= level:
            done = len(self._prefixes) - 1
            reached: dict[State, Key] = {}
            for (seats_left, counts), path in self._prefixes[done].items():
                for taken, after in self._choices(self._kinds[done], seats_left, counts):
                    state, key = (seats_left - taken, after), (*path, -taken)
                    if state not in reached or key < reached[state]:
                        reached[state] = key
            self._prefixes.append(reached)
        return self._prefixes[level]

    def _level_choices(
        self, kinds: Kinds, seats_left: int, counts: Counts
    ) -> list[tuple[int, Counts]]:
        """Every different way to take candidates from one level: (how many, counts after)."""
        choices = {(0, counts)}
        for kind, available in kinds:
            grown: set[tuple[int, Counts]] = set()
            for taken, before in choices:
                grown.add((taken, before))
                more, state = taken, before
                for _ in range(min(available, seats_left - taken)):
                    state = self.model.add(state, kind)
                    if state is None:
                        break
                    more += 1
                    grown.add((more, state))
            choices = grown
        return list(choices)


def _prepend(rest: Key, taken: int) -> Key:
    return (rest[0], rest[1], -taken, *rest[2:])


def _better(best: Key | None, key: Key) -> Key:
    return key if best is None or key < best else best


def level_key(key: Key, level: int) -> Key:
    """The part of a whole-contest key that a search from `level` can still change."""
    return (key[0], key[1], *key[2 + level :])


def add_to_level(key: Key, taken: int) -> Key:
    """A key from some level with `taken` more candidates counted at that level."""
    return (key[0], key[1], key[2] - taken, *key[3:])

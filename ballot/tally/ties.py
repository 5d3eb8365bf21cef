"""Which ties in a candidate contest decide something, found without drawing a lot.

Every best set (see level_search) elects the same number of candidates at each vote level, so
a tie can only decide *who* at a level. For a level that is only partly elected we ask, for
each candidate: is there a best set without them (then they are not certain), and one with
them (then they are possible)? Substitutes at a level with two or more of them tie for rank.
"""

from dataclasses import dataclass

from ballot.tally.contest import CandidateContest
from ballot.tally.level_search import Key, LevelSearch
from ballot.tally.selection import Selection


@dataclass(frozen=True)
class Level:
    """Candidates with equal votes and what every best set does with them."""

    votes: int
    members: tuple[str, ...]
    elected: int
    certain: frozenset[str]
    undecided: frozenset[str]

    @property
    def substitutes(self) -> int:
        return len(self.members) - self.elected

    @property
    def seat_tie(self) -> bool:
        return bool(self.undecided)

    @property
    def substitute_tie(self) -> bool:
        return self.substitutes >= 2 or (self.substitutes == 1 and self.seat_tie)

    @property
    def open_seats(self) -> int:
        """Seats at this level that the tie decides."""
        return self.elected - len(self.certain)

    @property
    def impossible(self) -> frozenset[str]:
        """Members no best set elects, whatever the order of equal votes."""
        return frozenset(self.members) - self.certain - self.undecided

    @property
    def possible_substitutes(self) -> tuple[str, ...]:
        return tuple(name for name in self.members if name not in self.certain)


def analyse_levels(
    contest: CandidateContest, search: LevelSearch, reference: Selection
) -> list[Level]:
    """Each vote level, given one best set `reference` (found with the same `search`)."""
    target = search.best()
    return [
        _level(search, target, reference, index, votes, members)
        for index, (votes, members) in enumerate(contest.levels())
    ]


def _level(
    search: LevelSearch,
    target: Key,
    reference: Selection,
    index: int,
    votes: int,
    members: tuple[str, ...],
) -> Level:
    chosen = frozenset(name for name in members if name in reference.elected)
    if len(chosen) in (0, len(members)):
        return Level(votes, members, len(chosen), chosen, frozenset())

    certain, possible = _certain_and_possible(search, target, index, members, chosen)
    return Level(votes, members, len(chosen), certain, possible - certain)


def _certain_and_possible(
    search: LevelSearch,
    target: Key,
    index: int,
    members: tuple[str, ...],
    chosen: frozenset[str],
) -> tuple[frozenset[str], frozenset[str]]:
    """Members elected by every best set, and by some best set.

    Members who match the same quotas are interchangeable within a level, so a kind with
    members both chosen and passed over is possible but not certain; the other kinds need a
    search: certain if no best set does without one of them, possible if one elects one.
    """
    kind = search.model.kind
    chosen_kinds = {kind(name) for name in chosen}
    passed_kinds = {kind(name) for name in members if name not in chosen}
    certain_kinds, possible_kinds = set(), set(chosen_kinds)
    for name in _one_of_each_kind(search, members):
        own, others = kind(name), [other for other in members if other != name]
        if own not in passed_kinds and search.best_with_level(index, others) != target:
            certain_kinds.add(own)
        if own not in chosen_kinds and search.best_with_level(index, others, name) == target:
            possible_kinds.add(own)
    certain = frozenset(name for name in members if kind(name) in certain_kinds)
    possible = frozenset(name for name in members if kind(name) in possible_kinds)
    return certain, possible


def _one_of_each_kind(search: LevelSearch, members: tuple[str, ...]) -> list[str]:
    first: dict[object, str] = {}
    for name in members:
        first.setdefault(search.model.kind(name), name)
    return list(first.values())

"""The best feasible set in vote order (DESIGN §6), one vote level at a time.

Go down the order and take each candidate unless taking them makes the best reachable result
worse (see level_search): a quota maximum exceeded, a minimum no longer reachable, a seat left
empty that others could fill, or fewer of the most-voted elected. Within equal votes the order
given (the lot, or names when nothing is decided) picks among equally good sets.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from ballot.tally.level_search import LevelSearch, add_to_level, level_key
from ballot.tally.quota_search import QuotaModel
from ballot.tally.quotas import Quota


@dataclass(frozen=True)
class Skip:
    """A candidate passed over for the quotas while seats were still open."""

    candidate: str
    quotas: tuple[Quota, ...]
    exceeds_maximum: bool


@dataclass(frozen=True)
class Selection:
    elected: tuple[str, ...]
    skips: tuple[Skip, ...]
    vacant: int


def select(levels: Sequence[Sequence[str]], search: LevelSearch) -> Selection:
    """Walk the levels (best first, each in the order to take them); take whom the rules allow.

    `search` must be built on the same levels (the order within each level may differ).
    """
    model = search.model
    target = search.best()
    counts = model.start
    elected: list[str] = []
    skips: list[Skip] = []
    for index, level in enumerate(levels):
        taken_here = 0
        for place, name in enumerate(level):
            seats_left = search.seats - len(elected)
            if seats_left == 0:
                return Selection(tuple(elected), tuple(skips), 0)
            added = model.add(counts, model.kind(name))
            if added is not None:
                key = search.best_continuing(index, seats_left - 1, added, level[place + 1 :])
                if add_to_level(key, taken_here + 1) == level_key(target, index):
                    elected.append(name)
                    counts, taken_here = added, taken_here + 1
                    continue
            skips.append(_skip(model, counts, name))
    return Selection(tuple(elected), tuple(skips), target[1])


def _skip(model: QuotaModel, counts: tuple[int, ...], name: str) -> Skip:
    broken = model.maximum_broken_by(counts, name)
    if broken is not None:
        return Skip(name, (broken,), exceeds_maximum=True)
    return Skip(name, tuple(model.minimums_not_helped_by(counts, name)), exceeds_maximum=False)

"""Counting a candidate contest: elected, substitutes in order, ties and the lot."""

from collections.abc import Callable
from dataclasses import dataclass

from ballot.tally import events
from ballot.tally.contest import CandidateContest
from ballot.tally.level_search import LevelSearch
from ballot.tally.lot import Lot, LotInput
from ballot.tally.quota_search import QuotaModel
from ballot.tally.selection import Selection, select
from ballot.tally.ties import Level, analyse_levels


@dataclass(frozen=True)
class Count:
    contest: CandidateContest
    levels: list[Level]
    selection: Selection
    lot: Lot | None

    @property
    def tied(self) -> list[Level]:
        return [level for level in self.levels if level.seat_tie or level.substitute_tie]

    @property
    def complete(self) -> bool:
        return self.lot is not None or not self.tied

    @property
    def undecided(self) -> frozenset[str]:
        if self.complete:
            return frozenset()
        return frozenset(name for level in self.levels for name in level.undecided)

    def order(self) -> list[str]:
        """Eligible candidates by votes, equal votes by the lot (or by name, deciding nothing)."""
        return sorted(self.contest.eligible, key=_vote_then(self.contest, self.lot))


def count_contest(contest: CandidateContest, lot_input: LotInput | None) -> dict[str, object]:
    """The result of a most-votes or yes-no contest (docs/ALLOCATE.md)."""
    by_name = [list(members) for _, members in contest.levels()]
    model = QuotaModel(contest.quotas, contest.attributes)
    search = LevelSearch(model, by_name, contest.seats)
    reference = select(by_name, search)
    levels = analyse_levels(contest, search, reference)
    count = Count(contest, levels, reference, None)
    if lot_input is not None and count.tied:
        count = Count(contest, levels, reference, lot_input.draw(contest.candidates))
    selection = select(_selection_levels(count), search)
    count = Count(contest, levels, selection, count.lot)
    return {
        "method": contest.method,
        "complete": count.complete,
        "elected": _elected(count),
        "substitutes": _substitutes(count),
        "vacant": selection.vacant,
        "ties": _ties(count),
        "events": _events(count, lot_input),
        "lot": None if count.lot is None else count.lot.as_dict(),
    }


def _vote_then(
    contest: CandidateContest, lot: Lot | None
) -> Callable[[str], tuple[int, int | str]]:
    if lot is None:
        return lambda name: (-contest.scores[name], name)
    return lambda name: (-contest.scores[name], lot.position(name))


def _selection_levels(count: Count) -> list[list[str]]:
    """The levels in the order to select in: by the lot (or names), but within each level
    those no best set elects come first.

    They are never elected wherever they stand, so the result is the same; standing first,
    they are recorded as skipped for the quota that keeps them out.
    """
    tiebreak = _vote_then(count.contest, count.lot)
    return [
        sorted(level.members, key=lambda name: (name not in level.impossible, tiebreak(name)))
        for level in count.levels
    ]


def _elected(count: Count) -> list[str]:
    chosen = set(count.selection.elected) - count.undecided
    return [name for name in count.contest.vote_order() if name in chosen]


def _substitutes(count: Count) -> list[str | None]:
    """Not elected, in vote order; None holds a rank that an undrawn tie decides."""
    if count.complete:
        return [name for name in count.order() if name not in count.selection.elected]
    ranks: list[str | None] = []
    for level in count.levels:
        if level in count.tied:
            ranks.extend([None] * level.substitutes)
        else:
            ranks.extend(name for name in level.members if name not in count.selection.elected)
    return ranks


def _ties(count: Count) -> list[dict[str, object]]:
    ties: list[dict[str, object]] = []
    substitutes = _substitutes(count)
    next_rank = 1
    for level in count.levels:
        if level.seat_tie:
            ties.append(_seat_tie(count, level))
        if level.substitute_tie:
            ranks = list(range(next_rank, next_rank + level.substitutes))
            ties.append(_substitute_tie(count, level, ranks, substitutes))
        next_rank += level.substitutes
    return ties


def _seat_tie(count: Count, level: Level) -> dict[str, object]:
    tie: dict[str, object] = {
        "decides": "seat",
        "votes": level.votes,
        "seats": level.open_seats,
        "candidates": sorted(level.undecided),
        "decided_by": None,
    }
    if count.lot is not None:
        won = [name for name in count.order() if name in level.undecided]
        won = [name for name in won if name in count.selection.elected]
        tie |= {"decided_by": "lot", "winners": won}
    return tie


def _substitute_tie(
    count: Count, level: Level, ranks: list[int], substitutes: list[str | None]
) -> dict[str, object]:
    tie: dict[str, object] = {
        "decides": "substitute-rank",
        "votes": level.votes,
        "ranks": ranks,
        "candidates": list(level.possible_substitutes),
        "decided_by": None,
    }
    if count.lot is not None:
        tie |= {"decided_by": "lot", "order": [substitutes[rank - 1] for rank in ranks]}
    return tie


def _events(count: Count, lot_input: LotInput | None) -> list[dict[str, object]]:
    contest, selection = count.contest, count.selection
    found = list(contest.exclusions)
    skips = [skip for skip in selection.skips if skip.candidate not in count.undecided]
    found += [events.quota_skip(contest, skip) for skip in skips]
    for quota in contest.quotas:
        # While a tie is open, a quota that one of the tied candidates matches is not settled.
        if any(quota.matches(contest.attributes[name]) for name in count.undecided):
            continue
        unmet = events.quota_unmet(contest, quota, selection.elected)
        if unmet is not None:
            found.append(unmet)
    if selection.vacant:
        found.append(events.vacant(contest, selection.vacant))
    if lot_input is not None and count.lot is None:
        found.append(events.lot_not_needed())
    return found

"""What a ballot looks like: the contests and candidates of an election, and its manifest.

Once the key ceremony is done an election's contests cannot change any more: its manifest hash
fixes them. So each worker builds the layout once per (election, manifest hash) and keeps it,
instead of loading contests, candidates and trustees on every step of every vote.
"""

from dataclasses import dataclass
from threading import Lock

from sqlalchemy.orm import object_session

from ballot.models import Election
from ballot.services.ceremony import election_manifest

_KEPT = 64


@dataclass(frozen=True)
class CandidateView:
    name: str
    description: str
    attributes: dict


@dataclass(frozen=True)
class ContestView:
    key: str
    title: str
    description: str
    method: str
    seats: int
    min_choices: int
    max_choices: int
    electorate_keys: tuple[str, ...]
    candidates: tuple[CandidateView, ...]


@dataclass(frozen=True)
class Layout:
    contests: tuple[ContestView, ...]
    manifest: dict


_layouts: dict[tuple[int, str], Layout] = {}
_lock = Lock()


def _contest_view(contest) -> ContestView:
    return ContestView(
        key=contest.key,
        title=contest.title,
        description=contest.description or "",
        method=contest.method,
        seats=contest.seats,
        min_choices=contest.min_choices,
        max_choices=contest.max_choices,
        electorate_keys=tuple(contest.electorate_keys),
        candidates=tuple(
            CandidateView(name=c.name, description=c.description or "", attributes=c.attributes)
            for c in contest.candidates
        ),
    )


def _build(election: Election) -> Layout:
    contests = tuple(_contest_view(c) for c in election.contests)
    manifest = election_manifest(election) if election.public_key else {}
    return Layout(contests=contests, manifest=manifest)


def ballot_layout(election: Election) -> Layout:
    """The layout of `election`; kept per worker once the key ceremony has fixed it."""
    if not election.manifest_hash or object_session(election) is None:
        return _build(election)
    key = (election.id, election.manifest_hash)
    layout = _layouts.get(key)
    if layout is None:
        layout = _build(election)
        with _lock:
            if len(_layouts) >= _KEPT:
                _layouts.clear()
            _layouts[key] = layout
    return layout

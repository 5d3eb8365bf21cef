"""What the count's report (Wahlniederschrift) is made of: plain, frozen data.

The services layer maps its records onto these classes; the report adds nothing of its own
except what it can compute from them (shares, the record's SHA-256), so what is printed is
exactly what was counted.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CommitteeMember:
    """A member of the committee who took part in the count; `role` e.g. "Beisitzerin"."""

    name: str
    role: str = ""


@dataclass(frozen=True)
class ReportElection:
    slug: str
    title: str
    area: str
    opens: datetime
    closes: datetime
    closed_at: datetime | None = None  # when the officer closed it early, if they did


@dataclass(frozen=True)
class Figures:
    """The numbers of the roll and the box that must reconcile."""

    eligible: int
    letters_issued: int
    revoked: int
    reissued: int
    voted: int
    ballots_in_box: int


@dataclass(frozen=True)
class CandidateResult:
    """Votes of one candidate; `no_votes` and `abstentions` only in yes/no contests."""

    name: str
    votes: int
    no_votes: int | None = None
    abstentions: int | None = None


@dataclass(frozen=True)
class TieBreak:
    """A tie that decided something, and the lot that broke it.

    `decides` says what hung on it (e.g. "den 12. Sitz"). `drawn_order` is empty when no public
    input was given, so the tie stands undecided in the report.
    """

    decides: str
    candidates: tuple[str, ...]
    votes: int
    public_input: str | None = None
    seed: str | None = None
    drawn_order: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContestResult:
    """One contest of the ballot.

    `method` is a German description of the rule (e.g. "Mehrheitswahl, bis zu 12 Stimmen").
    `events` are the hurdle and quota decisions of the count, one German sentence each.
    `elected` and `substitutes` are in order.
    """

    title: str
    method: str
    seats: int
    ballots: int
    candidates: tuple[CandidateResult, ...]
    elected: tuple[str, ...]
    substitutes: tuple[str, ...]
    events: tuple[str, ...] = ()
    ties: tuple[TieBreak, ...] = ()

    @property
    def is_yes_no(self) -> bool:
        return any(candidate.no_votes is not None for candidate in self.candidates)


@dataclass(frozen=True)
class CompositionCheck:
    """The council's composition rule: residents' seats must be more than half of all seats."""

    passed: bool
    resident_seats: int
    total_seats: int
    note: str = ""


@dataclass(frozen=True)
class Integrity:
    base_hash: str
    software_version: str
    signing_public_key: str


@dataclass(frozen=True)
class Report:
    """Everything the report shows. `record_json` and `result_json` are attached unchanged.

    `checks` are the integrity checks run before the count, one German line each.
    """

    election: ReportElection
    committee: tuple[CommitteeMember, ...]
    counted_at: datetime
    place: str
    figures: Figures
    contests: tuple[ContestResult, ...]
    integrity: Integrity
    record_json: bytes
    result_json: bytes
    composition: CompositionCheck | None = None
    checks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.counted_at.tzinfo is None:
            raise ValueError("counted_at needs a time zone")
        if not self.committee:
            raise ValueError("a report needs the committee members who took part")

    @property
    def record_sha256(self) -> str:
        """Computed from the attached bytes, so the printed hash cannot disagree with them."""
        return hashlib.sha256(self.record_json).hexdigest()

    @property
    def result_sha256(self) -> str:
        return hashlib.sha256(self.result_json).hexdigest()

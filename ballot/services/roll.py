"""Importing the roll from CSV: all or nothing, every bad line named."""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ballot.models import COUNTED, DRAFT, OPEN, PUBLISHED, Election, RollEntry
from ballot.services.actor import Actor
from ballot.services.audit import write_audit
from ballot.services.election_spec import ascii_digits, one_spelling
from ballot.services.elections import hold_election
from ballot.services.errors import InvalidInput, Msg, WrongState, state_name
from ballot.services.letters import discard_pending_batches
from ballot.services.permissions import require_election_officer

COLUMNS = (
    "ref",
    "given_name",
    "family_name",
    "street",
    "house_number",
    "postal_code",
    "city",
    "birth_date",
    "electorate",
)
REQUIRED = COLUMNS[:7]
# The fields that name a person (see _People).
PERSON = ("given_name", "family_name", "street", "house_number", "birth_date")
EARLIEST_BIRTH = date(1900, 1, 1)
BERLIN = ZoneInfo("Europe/Berlin")
POSTAL_CODE = re.compile(r"^[0-9]{5}$")
# The database columns' lengths: PostgreSQL refuses a longer value, so the check names it first.
LONGEST = {"ref": 80, "given_name": 200, "family_name": 200, "street": 200, "house_number": 20,
           "city": 100, "electorate": 80}  # fmt: skip
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
MAX_PROBLEMS = 200


@dataclass
class RollImportResult:
    added: int
    updated: int
    unchanged: int


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InvalidInput(
            Msg("The roll file is not UTF-8 text."),
            problems=[
                Msg(
                    "line {line}: not valid UTF-8; the roll file must be UTF-8 "
                    "(save it as UTF-8 CSV)",
                    line=line,
                )
            ],
        ) from None


def _header_problems(first_line: str, header: list[str]) -> list:
    if ";" in first_line and "," not in first_line:
        return [
            Msg(
                "line 1: the file seems to use semicolons (;) between columns; "
                "the roll must be comma-separated (,)"
            )
        ]
    twice = sorted({c for c in header if header.count(c) > 1})
    problems = [
        Msg("line 1: column {column} appears more than once", column=repr(c)) for c in twice
    ]
    problems += [
        Msg("line 1: missing column {column}", column=repr(c)) for c in REQUIRED if c not in header
    ]
    problems += [
        Msg("line 1: unknown column {column}", column=repr(c)) for c in header if c not in COLUMNS
    ]
    return problems


def _read_rows(text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    problems = _header_problems(text.split("\n", 1)[0], header)
    if problems:
        raise InvalidInput(Msg("The roll file's header is wrong."), problems=problems)
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as error:
        # The reader's own line count: it includes the line it could not read.
        raise InvalidInput(
            Msg("The roll file is not valid CSV."),
            problems=[_csv_problem(reader.reader.line_num, error)],
        ) from None
    return rows


def _csv_problem(line: int, error: csv.Error) -> Msg:
    """The csv module's complaint in words the officer's language has (its own are English)."""
    if "field larger than field limit" in str(error):
        return Msg(
            "line {line}: a field is longer than {n} characters",
            line=line,
            n=csv.field_size_limit(),
        )
    return Msg("line {line}: not valid CSV (check the quotation marks)", line=line)


@dataclass(frozen=True)
class _Rules:
    """What a line is checked against: the election's electorates and age limit, and the days."""

    keys: list[str]
    min_age: int
    last_day: date  # the last voting day, in Berlin
    today: date

    @classmethod
    def of(cls, election: Election, now: datetime) -> "_Rules":
        return cls(
            keys=[e.key for e in election.electorates],
            min_age=election.min_age,
            last_day=election.closes.astimezone(BERLIN).date(),
            today=now.astimezone(BERLIN).date(),
        )


def _check_row(line: int, row: dict, rules: _Rules):
    """Return (clean row, problems) for one line of the file."""
    problems = []
    if None in row:
        problems.append(Msg("line {line}: more fields than columns", line=line))
    clean = {c: (row.get(c) or "").strip() for c in COLUMNS}
    for column in REQUIRED:
        if not clean[column]:
            problems.append(Msg("line {line}: {column} is missing", line=line, column=column))
    problems += _text_problems(line, clean)
    postal_code = ascii_digits(clean["postal_code"])
    if clean["postal_code"] and not POSTAL_CODE.match(postal_code):
        problems.append(
            Msg(
                "line {line}: postal_code {value} is not 5 digits",
                line=line,
                value=repr(clean["postal_code"]),
            )
        )
    clean["postal_code"] = postal_code
    clean["electorate"] = clean["electorate"] or rules.keys[0]
    if clean["electorate"] not in rules.keys:
        problems.append(
            Msg(
                "line {line}: unknown electorate {value}",
                line=line,
                value=repr(clean["electorate"]),
            )
        )
    clean["birth_date"], birth_problems = _birth_date(
        line, ascii_digits(clean["birth_date"]), rules
    )
    return clean, problems + birth_problems


def _birth_date(line: int, text: str, rules: _Rules) -> tuple[date | None, list]:
    """The birth date of a line (None if not given or not a date) and its problems."""
    if not text:
        return None, []
    try:
        birth = date.fromisoformat(text)
    except ValueError:
        return None, [
            Msg(
                "line {line}: birth_date {value} is not a date (YYYY-MM-DD)",
                line=line,
                value=repr(text),
            )
        ]
    if birth < EARLIEST_BIRTH or birth > rules.today:
        return birth, [
            Msg(
                "line {line}: birth_date {value} is implausible (before 1900 or in the future)",
                line=line,
                value=repr(text),
            )
        ]
    if age_on(birth, rules.last_day) < rules.min_age:
        return birth, [
            Msg(
                "line {line}: younger than {age} on the last voting day ({day})",
                line=line,
                age=rules.min_age,
                day=rules.last_day.isoformat(),
            )
        ]
    return birth, []


def _text_problems(line: int, clean: dict) -> list:
    problems = []
    for column, value in clean.items():
        if len(value) > LONGEST.get(column, 200):
            problems.append(
                Msg(
                    "line {line}: {column} is longer than {n} characters",
                    line=line,
                    column=column,
                    n=LONGEST.get(column, 200),
                )
            )
        if CONTROL.search(value):
            problems.append(
                Msg("line {line}: {column} contains a control character", line=line, column=column)
            )
    return problems


class _People:
    """Who is on the roll so far. A person is named by the same names and birth date; where
    one of two lines has no birth date, by the same names and address (two people of one name
    at one address are told apart by their birth dates only)."""

    def __init__(self):
        self.by_birth: dict[tuple, object] = {}
        self.by_address: dict[tuple, tuple[object, bool]] = {}

    @staticmethod
    def _keys(row: dict) -> tuple[tuple | None, tuple]:
        fold = one_spelling
        names = (fold(row["given_name"]), fold(row["family_name"]))
        birth = (*names, row["birth_date"]) if row["birth_date"] else None
        return birth, (*names, fold(row["street"]), fold(row["house_number"]))

    def find(self, row: dict):
        """Where the person of `row` is already (a line or a ref), or None."""
        birth, address = self._keys(row)
        if birth is not None and birth in self.by_birth:
            return self.by_birth[birth]
        where, dated = self.by_address.get(address, (None, False))
        return where if birth is None or not dated else None

    def add(self, row: dict, where) -> None:
        birth, address = self._keys(row)
        if birth is not None:
            self.by_birth.setdefault(birth, where)
        self.by_address.setdefault(address, (where, birth is not None))


def _already_on_roll(lines: list, refs: dict, existing: Iterable[RollEntry]) -> list:
    """Lines naming a person whom the roll holds under another ref, in an entry the file keeps."""
    known = _People()
    for entry in existing:
        if not entry.purged and entry.ref not in refs:
            known.add({c: getattr(entry, c) for c in PERSON}, entry.ref)
    problems = []
    for line, row in lines:
        ref = known.find(row)
        if ref is not None:
            problems.append(
                Msg("line {line}: the same person as the existing entry {ref}", line=line, ref=ref)
            )
    return problems


def check_roll(
    election: Election, data: bytes | str, *, now: datetime, existing: Iterable[RollEntry] = ()
) -> list[dict]:
    """Parse and check the whole file against the roll's `existing` entries; raise InvalidInput
    naming every bad line."""
    rows = _read_rows(_decode(data))
    if not rows:
        raise InvalidInput(
            Msg("The roll file has no entries."), problems=[Msg("line 2: no entries")]
        )
    rules = _Rules.of(election, now)
    problems, clean_rows, refs, people, firsts = [], [], {}, _People(), []
    for line, row in rows:
        clean, row_problems = _check_row(line, row, rules)
        problems += row_problems
        if clean["ref"] in refs:
            problems.append(
                Msg(
                    "line {line}: ref {value} also on line {other}",
                    line=line,
                    value=repr(clean["ref"]),
                    other=refs[clean["ref"]],
                )
            )
        refs.setdefault(clean["ref"], line)
        other = people.find(clean) if clean["given_name"] else None
        if other is not None:
            problems.append(
                Msg("line {line}: the same person as on line {other}", line=line, other=other)
            )
        elif clean["given_name"]:
            people.add(clean, line)
            firsts.append((line, clean))
        clean_rows.append(clean)
    problems += _already_on_roll(firsts, refs, existing)
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(Msg("… and {count} more problems", count=len(problems) - MAX_PROBLEMS))
        raise InvalidInput(
            Msg("The roll file has {count} problems; nothing was imported.", count=len(problems)),
            problems=shown,
        )
    return clean_rows


def _as_entry(row: dict) -> dict:
    values = {c: row[c] for c in COLUMNS if c != "electorate"}
    values["electorate_key"] = row["electorate"]
    return values


def import_roll(
    session: Session, *, election: Election, data: bytes | str, actor: Actor, now: datetime
) -> RollImportResult:
    require_election_officer(session, actor, election)
    hold_election(session, election)
    if election.state not in (DRAFT, OPEN):  # as it is now that we hold it
        raise WrongState(
            Msg(
                "The election is {state}; the roll can no longer change.",
                state=state_name(election.state),
            )
        )
    existing = {
        e.ref: e
        for e in session.scalars(select(RollEntry).where(RollEntry.election_id == election.id))
    }
    rows = check_roll(election, data, now=now, existing=existing.values())
    new_rows, changed, unchanged = [], [], 0
    for row in rows:
        values = _as_entry(row)
        entry = existing.get(row["ref"])
        if entry is None:
            new_rows.append(
                {**values, "election_id": election.id, "has_voted": False, "purged": False}
            )
        elif all(getattr(entry, k) == v for k, v in values.items()):
            unchanged += 1
        else:
            changed.append((entry, values))
    if changed and election.state != DRAFT:
        refs = ", ".join(entry.ref for entry, _ in changed[:10])
        raise WrongState(
            Msg(
                "While the election is open, the roll only takes new entries; "
                "these would change: {refs}",
                refs=refs,
            )
        )
    if new_rows:
        session.execute(insert(RollEntry), new_rows)
    for entry, values in changed:
        session.execute(update(RollEntry).where(RollEntry.id == entry.id).values(**values))
    result = RollImportResult(added=len(new_rows), updated=len(changed), unchanged=unchanged)
    write_audit(
        session,
        actor=actor,
        action="roll.import",
        obj=f"election:{election.slug}",
        now=now,
        details=result.__dict__,
        area_id=election.area_id,
    )
    return result


def purge_roll(session: Session, *, election: Election, actor: Actor, now: datetime) -> int:
    """Delete the roll's personal data after the count; the counts (who voted: a flag) stay.
    Letter batches printed in the console and never downloaded go too."""
    require_election_officer(session, actor, election)
    if election.state not in (COUNTED, PUBLISHED):
        raise WrongState(
            Msg(
                "Personal data is purged after the count; the election is {state}.",
                state=state_name(election.state),
            )
        )
    purged = session.execute(
        update(RollEntry)
        .where(RollEntry.election_id == election.id, RollEntry.purged.is_(False))
        .values(
            given_name="",
            family_name="",
            street="",
            house_number="",
            postal_code="",
            city="",
            birth_date=None,
            purged=True,
        )
    ).rowcount
    discarded = discard_pending_batches(session, election)
    write_audit(
        session,
        actor=actor,
        action="roll.purge",
        obj=f"election:{election.slug}",
        now=now,
        details={"entries": purged, "letter_batches": discarded},
        area_id=election.area_id,
    )
    return purged

"""Code letters: issue codes for the roll, re-issue lost letters, print a walk-in letter.

A plain code exists only in memory while its letter is rendered, and in the PDF. The database
keeps only HMAC-SHA256(code_key, code).
"""

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ballot.files import create_private, writable_folder
from ballot.models import (
    DRAFT,
    ISSUED,
    OPEN,
    REVOKED,
    USED,
    CodeLetter,
    Election,
    PrintBatch,
    RollEntry,
)
from ballot.services.actor import Actor
from ballot.services.audit import write_audit
from ballot.services.elections import hold_election
from ballot.services.errors import InvalidInput, Msg, NotFound, WrongState, state_name
from ballot.services.permissions import require_election_officer
from ballot.tokens import derive_code_key, generate_code, hash_code
from printing.letters import Letter, LetterElection, batch_manifest, render_batches

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class PrintRun:
    """What an issue or re-issue produced: files written and the manifest."""

    files: list[Path]
    manifest: dict


# The largest serial the database's integer column holds.
LAST_SERIAL = 2**31 - 1


def code_key_for(election: Election, secret_key: str) -> bytes:
    return derive_code_key(secret_key, election.slug)


def serial_text(serial: int) -> str:
    return f"{serial:06d}"


def letter_election(election: Election) -> LetterElection:
    area = election.area
    return LetterElection(
        title=election.title,
        area=area.name,
        opens=election.opens,
        closes=election.closes,
        help_contact=election.help_contact or area.help_contact or area.name,
        return_address=(area.office_address or area.name).replace("\n", ", "),
        languages=tuple(election.languages),
    )


def _require_issuable(election: Election) -> None:
    if election.state not in (DRAFT, OPEN):
        raise WrongState(
            Msg(
                "The election is {state}; letters can no longer be issued.",
                state=state_name(election.state),
            )
        )


def _next_serial(session: Session, election: Election) -> int:
    last = session.scalar(
        select(func.max(CodeLetter.serial)).where(CodeLetter.election_id == election.id)
    )
    return (last or 0) + 1


def _new_letter(session, election, entry, serial, code_key, public_url, replaces=None):
    if not public_url:  # unset outside the demo (ballot.settings): the letter could name no site
        raise InvalidInput(
            Msg(
                "The site's address (BALLOT_PUBLIC_URL) is not set, so a letter cannot say where "
                "to vote. The operator sets it; then print the letters."
            )
        )
    code = generate_code()
    session.add(
        CodeLetter(
            election_id=election.id,
            roll_entry_id=entry.id,
            serial=serial,
            code_hash=hash_code(code_key, code),
            state=ISSUED,
            replaces_serial=replaces,
        )
    )
    return Letter(
        serial=serial_text(serial),
        code=code,
        vote_url=f"{public_url}/vote#{code}",
        name=f"{entry.given_name} {entry.family_name}",
        street=f"{entry.street} {entry.house_number}",
        postal_code=entry.postal_code,
        city=entry.city,
    )


def _prepare_out_dir(out_dir: Path) -> None:
    """Before any code is drawn: the folder can be written, and holds no earlier print run,
    whose files would be replaced (the plain codes exist only in its letters)."""
    try:
        writable_folder(out_dir)
        earlier = [out_dir / MANIFEST, *out_dir.glob("letters-*.pdf")]
        found = sorted(path.name for path in earlier if path.exists())
    except OSError as error:
        raise _cannot_write(out_dir, error) from None
    if found:
        raise InvalidInput(
            Msg(
                "{folder} holds a print run already ({files}); letters are never overwritten: "
                "choose a new folder.",
                folder=str(out_dir),
                files=", ".join(found),
            )
        )


def _cannot_write(out_dir: Path, error: OSError) -> InvalidInput:
    return InvalidInput(
        Msg(
            "Cannot write the letters to {folder}: {reason}.",
            folder=str(out_dir),
            reason=error.strerror or str(error),
        )
    )


def _write_run(election: Election, letters: list[Letter], out_dir: Path, progress, workers):
    batches = render_batches(letter_election(election), letters, workers=workers, progress=progress)
    manifest = batch_manifest(election.slug, batches)
    files = [(out_dir / batch.filename, batch.pdf) for batch in batches]
    files.append((out_dir / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode()))
    written = []
    try:
        for path, data in files:
            with create_private(path) as file:  # plain codes: for the officer's eyes only
                written.append(path)
                file.write(data)
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        raise _cannot_write(out_dir, error) from None
    return PrintRun(files=[path for path, _ in files[:-1]], manifest=manifest)


def entries_without_letter(session: Session, election: Election) -> list[RollEntry]:
    has_letter = select(CodeLetter.roll_entry_id).where(CodeLetter.election_id == election.id)
    query = select(RollEntry).where(
        RollEntry.election_id == election.id,
        RollEntry.purged.is_(False),
        RollEntry.id.not_in(has_letter),
    )
    return list(session.scalars(query.order_by(RollEntry.id)))


def issue_codes(
    session: Session,
    *,
    election: Election,
    secret_key: str,
    public_url: str,
    out_dir: Path,
    actor: Actor,
    now: datetime,
    progress=None,
    workers: int | None = None,
) -> PrintRun:
    """A letter for every roll entry that has none yet, rendered into batches in `out_dir`."""
    require_election_officer(session, actor, election)
    hold_election(session, election)
    _require_issuable(election)  # as it is now that we hold it
    entries = entries_without_letter(session, election)
    if not entries:
        raise InvalidInput(_nothing_to_issue(session, election))
    _prepare_out_dir(out_dir)
    key, serial = code_key_for(election, secret_key), _next_serial(session, election)
    letters = [
        _new_letter(session, election, entry, serial + n, key, public_url)
        for n, entry in enumerate(entries)
    ]
    session.flush()
    run = _write_run(election, letters, out_dir, progress, workers)
    write_audit(
        session,
        actor=actor,
        action="codes.issue",
        obj=f"election:{election.slug}",
        now=now,
        details={"letters": len(letters), "first": serial, "last": serial + len(letters) - 1},
        area_id=election.area_id,
    )
    return run


def _nothing_to_issue(session: Session, election: Election) -> Msg:
    entries = session.scalar(
        select(func.count()).where(
            RollEntry.election_id == election.id, RollEntry.purged.is_(False)
        )
    )
    if not entries:
        return Msg("The roll is empty: import the roll before issuing letters.")
    return Msg("Every entry of the roll has a letter already.")


def _letter_by_serial(session: Session, election: Election, serial: int) -> CodeLetter:
    letter = None
    if 1 <= serial <= LAST_SERIAL:  # PostgreSQL refuses to even compare a larger number
        letter = session.scalars(
            select(CodeLetter).where(
                CodeLetter.election_id == election.id, CodeLetter.serial == serial
            )
        ).first()
    if letter is None:
        raise NotFound(
            Msg("No letter has the serial number {serial}.", serial=serial), safe_to_show=True
        )
    return letter


def _revoke(letter: CodeLetter) -> None:
    if letter.state == USED:
        raise WrongState(
            Msg(
                "The code of letter {serial} has already been used to vote; "
                "it cannot be revoked or re-issued.",
                serial=serial_text(letter.serial),
            )
        )
    if letter.state == REVOKED:
        raise WrongState(
            Msg(
                "Letter {serial} was revoked already; re-issue the newest letter of this person.",
                serial=serial_text(letter.serial),
            )
        )
    letter.state = REVOKED


def reissue_code(
    session: Session,
    *,
    election: Election,
    serial: int,
    secret_key: str,
    public_url: str,
    out_dir: Path,
    actor: Actor,
    now: datetime,
) -> PrintRun:
    """Revoke the letter with `serial` for good and print a new one for the same person."""
    require_election_officer(session, actor, election)
    hold_election(session, election)
    _require_issuable(election)  # as it is now that we hold it
    old = _letter_by_serial(session, election, serial)
    _revoke(old)
    entry = session.get(RollEntry, old.roll_entry_id)
    job = (secret_key, public_url, out_dir)
    return _replace(session, election, entry, old.serial, job, actor, now, "codes.reissue")


def walk_in_letter(
    session: Session,
    *,
    election: Election,
    ref: str,
    secret_key: str,
    public_url: str,
    out_dir: Path,
    actor: Actor,
    now: datetime,
) -> PrintRun:
    """Print one letter on the spot for the roll entry `ref`, revoking any unused older one."""
    require_election_officer(session, actor, election)
    hold_election(session, election)
    _require_issuable(election)  # as it is now that we hold it
    entry = session.scalars(
        select(RollEntry).where(RollEntry.election_id == election.id, RollEntry.ref == ref)
    ).first()
    if entry is None or entry.purged:
        raise NotFound(Msg("No roll entry has the reference {ref}.", ref=ref), safe_to_show=True)
    current = session.scalars(
        select(CodeLetter).where(
            CodeLetter.roll_entry_id == entry.id, CodeLetter.state.in_((ISSUED, USED))
        )
    ).first()
    replaces = None
    if current is not None:
        _revoke(current)
        replaces = current.serial
    job = (secret_key, public_url, out_dir)
    return _replace(session, election, entry, replaces, job, actor, now, "codes.walk_in")


def _replace(session, election, entry, replaces, job, actor, now, action) -> PrintRun:
    """A new letter for `entry` (replacing the serial `replaces`, if any), rendered alone."""
    secret_key, public_url, out_dir = job
    _prepare_out_dir(out_dir)
    serial = _next_serial(session, election)
    letter = _new_letter(
        session,
        election,
        entry,
        serial,
        code_key_for(election, secret_key),
        public_url,
        replaces=replaces,
    )
    session.flush()
    run = _write_run(election, [letter], out_dir, None, 1)
    write_audit(
        session,
        actor=actor,
        action=action,
        obj=f"election:{election.slug}",
        now=now,
        details={"serial": serial, "replaces": replaces},
        area_id=election.area_id,
    )
    return run


def letter_figures(session: Session, election: Election) -> dict:
    """Issued, revoked, re-issued and used letters, for the console and the report."""
    rows = session.execute(
        select(CodeLetter.state, func.count())
        .where(CodeLetter.election_id == election.id)
        .group_by(CodeLetter.state)
    ).all()
    by_state = dict(rows)
    reissued = session.scalar(
        select(func.count()).where(
            CodeLetter.election_id == election.id, CodeLetter.replaces_serial.is_not(None)
        )
    )
    return {
        "issued": sum(by_state.values()),
        "revoked": by_state.get(REVOKED, 0),
        "reissued": reissued or 0,
        "used": by_state.get(USED, 0),
    }


def record_print_run(session: Session, *, election: Election, run: PrintRun) -> list[PrintBatch]:
    """Remember the batches of a console print run so each can be downloaded once."""
    rows = []
    for path, entry in zip(run.files, run.manifest["batches"], strict=True):
        rows.append(
            PrintBatch(
                election_id=election.id,
                filename=str(path),
                sha256=entry["sha256"],
                letters=entry["letters"],
                first_serial=int(entry["serials"]["from"]),
                last_serial=int(entry["serials"]["to"]),
            )
        )
    session.add_all(rows)
    session.flush()
    return rows


def pending_batches(session: Session, election: Election) -> list[PrintBatch]:
    query = select(PrintBatch).where(
        PrintBatch.election_id == election.id, PrintBatch.downloaded.is_(False)
    )
    return list(session.scalars(query.order_by(PrintBatch.id)))


def discard_pending_batches(session: Session, election: Election) -> int:
    """Delete the batch files nobody downloaded (they hold codes, names and addresses) and mark
    them taken; returns how many there were. The files go at once: should the transaction then
    fail, the rows still list them, and their download says they are gone (purging again
    settles it)."""
    batches = pending_batches(session, election)
    for batch in batches:
        Path(batch.filename).unlink(missing_ok=True)
        batch.downloaded = True
    return len(batches)


def take_batch(
    session: Session, *, election: Election, batch_id: int, actor: Actor, now: datetime
) -> tuple[str, bytes]:
    """Hand out a batch file once: its bytes are returned and the server's copy is deleted."""
    require_election_officer(session, actor, election)
    gone = NotFound(Msg("This batch was downloaded already or does not exist."), safe_to_show=True)
    # Claimed in one statement: of two clicks at once, the second waits for the first to commit
    # and then finds the batch taken (reading the flag first would let both read the file).
    claimed = session.execute(
        update(PrintBatch)
        .where(
            PrintBatch.id == batch_id,
            PrintBatch.election_id == election.id,
            PrintBatch.downloaded.is_(False),
        )
        .values(downloaded=True)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise gone
    batch = session.get(PrintBatch, batch_id, populate_existing=True)
    path = Path(batch.filename)
    try:
        data = path.read_bytes()
        path.unlink()
    except FileNotFoundError:
        raise gone from None
    write_audit(
        session,
        actor=actor,
        action="codes.download",
        obj=f"election:{election.slug}",
        now=now,
        details={"batch": batch.id, "sha256": batch.sha256},
        area_id=election.area_id,
    )
    return path.name, data

"""`ballot trustees setup` and `ballot tally`: the key ceremony and the count at the shell."""

import contextlib
import os
import secrets
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from ballot.cli.common import fail, now, operator, secret_key, transaction
from ballot.cli.terminal import printable
from ballot.files import writable_folder, write_private
from ballot.services import ceremony
from ballot.services import count as count_service
from ballot.services.elections import get_election
from ballot.services.errors import BallotError


def _passphrases(how_many: int, passphrase_file: str | None, labels: list[str]) -> list[str]:
    """On a terminal, prompt; otherwise read one line per trustee from --passphrase-file."""
    if passphrase_file:
        try:
            # utf-8-sig: a byte order mark (Windows editors write one) is no passphrase's start
            lines = Path(passphrase_file).read_text(encoding="utf-8-sig").splitlines()
        except OSError as error:
            fail(f"cannot read {passphrase_file}: {error.strerror}")
        except UnicodeDecodeError:
            fail(f"{passphrase_file} is not UTF-8 text; save it as UTF-8.")
        if len(lines) < how_many:
            fail(f"{passphrase_file} has {len(lines)} lines; {how_many} passphrases are needed.")
        return lines[:how_many]
    if not sys.stdin.isatty():
        fail("no terminal to ask for passphrases: give --passphrase-file FILE.")
    return [click.prompt(label, hide_input=True, confirmation_prompt=True) for label in labels]


@click.group("trustees", help="The committee's key ceremony.")
def trustees_group():
    pass


@trustees_group.command("setup")
@click.argument("slug")
@click.option("--trustees", "count", required=True, type=click.IntRange(1, 50))
@click.option("--threshold", required=True, type=click.IntRange(1, 50))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False))
@click.option("--passphrase-file", type=click.Path(dir_okay=False), help="One line per trustee.")
@with_appcontext
def trustees_setup(slug: str, count: int, threshold: int, out_dir: str, passphrase_file):
    """Split a fresh election key among N trustees (any T of them can count); write share files.

    Each share file is written readable by its owner only (mode 0600).
    """
    phrases = _passphrases(
        count, passphrase_file, [f"Passphrase of trustee {n}" for n in range(1, count + 1)]
    )
    target = Path(out_dir)
    _usable_folder(target)
    with transaction() as session:
        election = get_election(session, slug)
        seats = ceremony.set_up_trustees(
            session,
            election=election,
            members=[(f"Trustee {n}", None) for n in range(1, count + 1)],
            threshold=threshold,
            actor=operator(),
            now=now(),
        )
        for seat, phrase in zip(seats, phrases, strict=True):
            try:
                ceremony.register_passphrase(
                    session,
                    election=election,
                    trustee=seat,
                    passphrase=phrase,
                    actor=operator(),
                    now=now(),
                )
            except BallotError as error:  # the file holds several: say whose line it is
                fail(f"trustee {seat.index}: {error}")
        ceremony.complete_ceremony(
            session, election=election, secret_key=secret_key(), actor=operator(), now=now()
        )
        written: list[Path] = []
        for seat in seats:
            path = target / f"{slug}-trustee-{seat.index}.json"
            share = ceremony.share_file(session, election=election, trustee=seat, actor=operator())
            try:
                write_private(path, share)
            except OSError as error:
                _remove(written)  # the ceremony is not committed: its other shares are void
                fail(f"cannot write {path}: {error.strerror}; nothing was set up.")
            written.append(path)
            click.echo(f"wrote {path}")
        click.echo(f"base hash:  {election.manifest_hash}\npublic key: {election.public_key}")


@click.command("tally")
@click.argument("slug")
@click.option("--share", "shares", multiple=True, required=True, type=click.Path(dir_okay=False))
@click.option("--lot-input", default=None, help="Public input for a lot (e.g. dice rolled).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False))
@click.option("--passphrase-file", type=click.Path(dir_okay=False), help="One line per share.")
@with_appcontext
def tally_command(slug, shares, lot_input, out_dir, passphrase_file):
    """Count a closed election with T share files; write record.json, result.json, report.pdf."""
    out = Path(out_dir)
    _check_out_dir(out)
    _require_countable(slug)
    phrases = _passphrases(
        len(shares), passphrase_file, [f"Passphrase for {Path(s).name}" for s in shares]
    )
    placed: list[Path] = []
    try:
        with transaction() as session:
            output = _count(session, slug, shares, phrases, lot_input)
            placed = _write_outputs(out, output)
    except BaseException:
        _remove(placed)  # the count was not committed: no file may claim it was
        raise
    click.echo(f"wrote {out / 'record.json'} (SHA-256 {output.record_sha256})")
    click.echo(f"wrote {out / 'result.json'} and {out / 'report.pdf'}")


def _require_countable(slug: str) -> None:
    """Refuse an election that is not closed before anybody types a passphrase."""
    with transaction() as session:
        count_service.require_closed(get_election(session, slug))


def _count(session, slug, shares, phrases, lot_input):
    election = get_election(session, slug)
    _print_checks(count_service.pre_count_checks(session, election))
    given, names = {}, []
    for path, phrase in zip(shares, phrases, strict=True):
        trustee = _hand_in(session, election, path, phrase)
        if trustee.index in given:
            fail(f"{path}: trustee {trustee.index} given twice (also {given[trustee.index]}).")
        given[trustee.index] = path
        names.append(trustee.name)
    return count_service.finish_count(
        session,
        election=election,
        secret_key=secret_key(),
        lot_input=lot_input,
        actor=operator(),
        now=now(),
        committee=names,
    )


def _usable_folder(folder: Path) -> None:
    try:
        writable_folder(folder)
    except OSError as error:
        fail(f"cannot write to {folder}: {error.strerror}")


def _hand_in(session, election, path: str, phrase: str):
    """Hand in one share file; a refusal names the file (the count takes several)."""
    try:
        trustee, _ = count_service.hand_in_share(
            session,
            election=election,
            share_file=_read(path),
            passphrase=phrase,
            actor=operator(),
            now=now(),
        )
    except BallotError as error:
        fail(f"{path}: {error}")
    return trustee


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror}")


def _print_checks(checks) -> None:
    for check in checks:
        click.echo(f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {printable(check.detail)}")
    if not all(check.ok for check in checks):
        fail("an integrity check failed; the count does not start.")


OUTPUTS = ("record.json", "result.json", "report.pdf")


def _check_out_dir(out_dir: Path) -> None:
    """Refuse, before any counting, an output directory the three files cannot be written to."""
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"cannot write to {out_dir}: it is not a directory.")
    nearest = next(p for p in (out_dir, *out_dir.parents) if p.exists())
    if not nearest.is_dir() or not os.access(nearest, os.W_OK | os.X_OK):
        fail(f"cannot write to {out_dir}: {nearest} is not a writable directory.")
    for name in OUTPUTS:
        target = out_dir / name
        if target.exists() and not target.is_file():
            fail(f"cannot write {target}: it is a directory or not a regular file.")


def _write_outputs(out_dir: Path, output) -> list[Path]:
    """Write the three files under temporary names, then rename them: all three, or none."""
    contents = {
        "record.json": output.record_json.encode(),
        "result.json": output.result_json.encode(),
        "report.pdf": output.report_pdf,
    }
    created = not out_dir.exists()
    temporaries, placed = [], []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, data in contents.items():
            temporaries.append(_write_temporary(out_dir, name, data))
        for temporary, name in zip(temporaries, contents, strict=True):
            os.replace(temporary, out_dir / name)
            placed.append(out_dir / name)
    except OSError as error:
        _remove(temporaries + placed)
        if created:
            with contextlib.suppress(OSError):
                out_dir.rmdir()
        fail(f"cannot write to {out_dir}: {error.strerror or error}; nothing was counted.")
    return placed


def _write_temporary(out_dir: Path, name: str, data: bytes) -> Path:
    """A new file next to its final name (so that renaming it cannot cross file systems)."""
    temporary = out_dir / f".{name}.{secrets.token_hex(6)}.part"
    with temporary.open("xb") as file:
        file.write(data)
    return temporary


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def register(group) -> None:
    group.add_command(trustees_group)
    group.add_command(tally_command)

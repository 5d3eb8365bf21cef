"""`ballot verify` and `ballot allocate`: they need no database and no server."""

import json
import sys
from pathlib import Path

import click

from ballot import box, tally
from ballot.cli.terminal import printable

MAX_RECORD_INTEGER = 2**53 - 1
"""The largest integer canonical JSON (RFC 8785) carries exactly."""


def _load_json(path: Path, *, integers_only: bool = False) -> object:
    """Parse a JSON file; refuse what would make its meaning ambiguous (a key twice in one
    object) and, for records (`integers_only`), numbers that a record never holds."""
    hooks = {"parse_float": _refuse_fraction, "parse_int": _bounded_int} if integers_only else {}
    try:
        return json.loads(
            path.read_text(encoding="utf-8"),
            object_pairs_hook=_object_without_repeated_keys,
            parse_constant=_refuse_constant,
            **hooks,
        )
    except OSError as error:
        _fail(f"cannot read {path}: {error.strerror}")
    except UnicodeDecodeError:
        _fail(f"{path} is not UTF-8 text.")
    except json.JSONDecodeError as error:
        _fail(f"{path} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})")
    except RecursionError:
        _fail(f"{path} is nested too deeply.")
    except ValueError as error:  # from the hooks, or a number of more digits than Python reads
        _fail(f"{path} is not valid JSON: {error}")


def _object_without_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    seen = set()
    for key, _value in pairs:
        if key in seen:
            raise ValueError(f"the key {key!r} appears twice in one object")
        seen.add(key)
    return dict(pairs)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _refuse_fraction(text: str) -> None:
    raise ValueError(
        f"the number {_shortened(text)} is not a whole number; a record holds only integers"
    )


def _bounded_int(text: str) -> int:
    # The digits first: Python refuses to read more than 4300 of them at all.
    value = int(text) if len(text.lstrip("-")) <= len(str(MAX_RECORD_INTEGER)) else None
    if value is None or abs(value) > MAX_RECORD_INTEGER:
        raise ValueError(f"the number {_shortened(text)} is larger than a record holds")
    return value


def _shortened(digits: str) -> str:
    return digits if len(digits) <= 40 else f"{digits[:20]}…({len(digits)} digits)"


def _fail(message: str) -> None:
    click.echo(f"Error: {printable(message)}", err=True)
    sys.exit(1)


@click.command("verify")
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--signing-key",
    metavar="HEX",
    help="The election's public signing key as the election page showed it from the opening "
    "(64 hex digits). Without it, the signature is checked against the key the record names.",
)
def verify(path: str, signing_key: str | None):
    """Re-check a published election record (record.json, or a folder holding it)."""
    if signing_key is not None:
        signing_key = signing_key.strip().lower()
        if len(signing_key) != 64 or not all(c in "0123456789abcdef" for c in signing_key):
            _fail("--signing-key must be 64 hex digits, as the election page shows it.")
    record_path = Path(path)
    if record_path.is_dir():
        record_path = record_path / "record.json"
    record = _load_json(record_path, integers_only=True)
    try:
        for line in box.verify_record(record, allocate=tally.allocate, signing_key=signing_key):
            click.echo(f"ok  {printable(line)}")
    except box.VerificationError as error:
        click.echo(f"FAIL {printable(str(error))}", err=True)
        sys.exit(1)
    click.echo("The record verifies: every check passed.")


@click.command("allocate")
@click.argument("file", type=click.Path(dir_okay=False))
def allocate(file: str):
    """Allocate seats from given counts (the engine the count uses); prints JSON."""
    request = _load_json(Path(file))
    try:
        outcome = tally.allocate(request)
    except tally.AllocationError as error:
        _fail(str(error))
    click.echo(json.dumps(outcome, ensure_ascii=False, indent=2))


def register(group) -> None:
    group.add_command(verify)
    group.add_command(allocate)

"""`ballot verify` and `ballot allocate`: they need no database and no server."""

import json
import sys
from pathlib import Path

import click

from ballot import box, tally


def _load_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        _fail(f"cannot read {path}: {error.strerror}")
    except UnicodeDecodeError:
        _fail(f"{path} is not UTF-8 text.")
    except json.JSONDecodeError as error:
        _fail(f"{path} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})")
    except ValueError as error:  # e.g. a number of more digits than Python reads
        _fail(f"{path} is not valid JSON: {error}")


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.command("verify")
@click.argument("path", type=click.Path(exists=True))
def verify(path: str):
    """Re-check a published election record (record.json, or a folder holding it)."""
    record_path = Path(path)
    if record_path.is_dir():
        record_path = record_path / "record.json"
    record = _load_json(record_path)
    try:
        for line in box.verify_record(record, allocate=tally.allocate):
            click.echo(f"ok  {line}")
    except box.VerificationError as error:
        click.echo(f"FAIL {error}", err=True)
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

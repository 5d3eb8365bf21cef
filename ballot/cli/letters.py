"""`ballot codes issue` and `ballot codes reissue`."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from ballot.cli.common import now, operator, secret_key, settings, transaction
from ballot.services import letters as letter_service
from ballot.services.elections import get_election

OUT_HELP = "Folder for the letters, created if need be; one holding an earlier run is refused."


def _advance(bar):
    """The print shop reports letters done so far; the bar wants the step since the last call."""
    done = [0]

    def update(total: int) -> None:
        bar.update(total - done[0])
        done[0] = total

    return update


def _report(run: letter_service.PrintRun) -> None:
    manifest = run.manifest
    for path in run.files:
        click.echo(f"wrote {path}")
    click.echo(f"{manifest['letters']} letters in {len(run.files)} files; manifest.json written")


@click.group("codes", help="Issue voting codes and print their letters.")
def codes_group():
    pass


@codes_group.command("issue")
@click.argument("slug")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help=OUT_HELP)
@with_appcontext
def codes_issue(slug: str, out_dir: str):
    """A letter for every roll entry that has none yet: PDF batches and manifest.json.

    The --out folder is created if need be. A folder that holds letters-*.pdf or manifest.json
    of an earlier run is refused, nothing is issued (letters are never overwritten: their plain
    codes exist nowhere else); give a new folder.
    """
    with transaction() as session:
        election = get_election(session, slug)
        missing = len(letter_service.entries_without_letter(session, election))
        with click.progressbar(length=missing, label="Rendering letters") as bar:
            run = letter_service.issue_codes(
                session,
                election=election,
                secret_key=secret_key(),
                public_url=settings().public_url,
                out_dir=Path(out_dir),
                actor=operator(),
                now=now(),
                progress=_advance(bar),
            )
    _report(run)


@codes_group.command("reissue")
@click.argument("slug")
@click.option("--serial", required=True, type=int, help="Serial number of the lost letter.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help=OUT_HELP)
@with_appcontext
def codes_reissue(slug: str, serial: int, out_dir: str):
    """Revoke a lost letter's code for good and print a new letter for the same person.

    As with `codes issue`, the --out folder must not hold letters-*.pdf or manifest.json yet.
    """
    with transaction() as session:
        election = get_election(session, slug)
        run = letter_service.reissue_code(
            session,
            election=election,
            serial=serial,
            secret_key=secret_key(),
            public_url=settings().public_url,
            out_dir=Path(out_dir),
            actor=operator(),
            now=now(),
        )
    _report(run)


def register(group) -> None:
    group.add_command(codes_group)

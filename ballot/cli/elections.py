"""`ballot election …` and `ballot roll …`."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from ballot.cli.common import fail, now, operator, transaction
from ballot.services import elections as election_service
from ballot.services import roll as roll_service
from ballot.services.election_spec import (
    check_voting_period,
    decode_election_file,
    parse_election_file,
)


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror}")


@click.group("election", help="Create, list, show, open and close elections; move the period.")
def election_group():
    pass


@election_group.command("create")
@click.argument("file", type=click.Path(dir_okay=False))
@with_appcontext
def election_create(file: str):
    """Create an election from an election file (TOML); prints the slug."""
    spec = None
    data = _read_bytes(file)
    with transaction() as session:
        # Decoded as the console decodes an upload: a byte order mark is no part of the text.
        spec = parse_election_file(decode_election_file(data))
        election_service.create_election(session, spec=spec, actor=operator(), now=now())
    click.echo(spec.slug)


@election_group.command("list")
@with_appcontext
def election_list():
    with transaction() as session:
        for e in election_service.list_elections(session):
            click.echo(f"{e.slug}\t{e.state}\t{e.area.name}\t{e.title}")


@election_group.command("show")
@click.argument("slug")
@with_appcontext
def election_show(slug: str):
    with transaction() as session:
        e = election_service.get_election(session, slug)
        figures = election_service.election_figures(session, e)
        click.echo(f"slug:     {e.slug}\ntitle:    {e.title}\narea:     {e.area.name}")
        click.echo(f"state:    {e.state}\nopens:    {e.opens.isoformat()}")
        click.echo(f"closes:   {e.closes.isoformat()}\neligible: {figures['eligible']}")
        click.echo(f"letters:  {figures['letters']}")
        if e.state != "open":
            click.echo(f"voted:    {figures['voted']}\nballots:  {figures['ballots']}")
        for c in e.contests:
            click.echo(
                f"contest {c.key}: {c.title} ({c.method}, {c.seats} seats, "
                f"up to {c.max_choices} crosses)"
            )
            for cand in c.candidates:
                click.echo(f"  - {cand.name}")


@election_group.command("open")
@click.argument("slug")
@with_appcontext
def election_open(slug: str):
    with transaction() as session:
        e = election_service.get_election(session, slug)
        election_service.open_election(session, election=e, actor=operator(), now=now())
    click.echo(f"{slug} is open.")


@election_group.command("period")
@click.argument("slug")
@click.option("--opens", help="New opening time, e.g. 2027-03-01T08:00:00+01:00.")
@click.option("--closes", help="New closing time, e.g. 2027-03-14T18:00:00+01:00.")
@with_appcontext
def election_period(slug: str, opens: str | None, closes: str | None):
    """Move the voting period of an election that has not opened (also after the ceremony)."""
    if opens is None and closes is None:
        fail("give --opens, --closes or both.")
    with transaction() as session:
        e = election_service.get_election(session, slug)
        new_opens, new_closes = check_voting_period(opens or e.opens, closes or e.closes)
        election_service.change_voting_period(
            session, election=e, opens=new_opens, closes=new_closes, actor=operator(), now=now()
        )
    click.echo(f"{slug}: opens {new_opens.isoformat()}, closes {new_closes.isoformat()}")


@election_group.command("close")
@click.argument("slug")
@with_appcontext
def election_close(slug: str):
    with transaction() as session:
        e = election_service.get_election(session, slug)
        election_service.close_election(session, election=e, actor=operator(), now=now())
    click.echo(f"{slug} is closed.")


@click.group("roll", help="Import the roll; purge personal data after the election.")
def roll_group():
    pass


@roll_group.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False))
@with_appcontext
def roll_import(slug: str, file: str):
    """Import a roll CSV: all or nothing, every bad line named."""
    try:
        data = Path(file).read_bytes()
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror}")
    with transaction() as session:
        e = election_service.get_election(session, slug)
        result = roll_service.import_roll(
            session, election=e, data=data, actor=operator(), now=now()
        )
    click.echo(f"added {result.added}, updated {result.updated}, unchanged {result.unchanged}")


@roll_group.command("purge")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Confirm: names and addresses are deleted for good.")
@with_appcontext
def roll_purge(slug: str, yes: bool):
    """Delete the roll's personal data after the election; the counts stay."""
    if not yes:
        fail("purging deletes every name and address of this roll for good; add --yes.")
    with transaction() as session:
        e = election_service.get_election(session, slug)
        purged = roll_service.purge_roll(session, election=e, actor=operator(), now=now())
    click.echo(f"purged the personal data of {purged} roll entries")


def register(group) -> None:
    group.add_command(election_group)
    group.add_command(roll_group)

"""`ballot officer add` and `ballot area …`."""

import sys

import click
from flask.cli import with_appcontext

from ballot.cli.common import fail, now, operator, secret_key, transaction
from ballot.models import ROLE_OFFICER
from ballot.services import accounts as account_service
from ballot.services.areas import create_area, find_area_by_name_or_slug


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline().rstrip("\n")
    if not line:
        fail("no password on standard input.")
    return line


@click.group("officer", help="Accounts of officers.")
def officer_group():
    pass


@officer_group.command("add")
@click.argument("email")
@click.option("--name", default="", help="The person's name.")
@click.option("--admin", is_flag=True, help="Platform admin: manages areas and accounts.")
@click.option(
    "--area",
    "areas",
    multiple=True,
    help="Make them an officer of this area (its name or slug; a new name creates the area).",
)
@with_appcontext
def officer_add(email: str, name: str, admin: bool, areas: tuple[str, ...]):
    """Add an account; the password comes from a prompt or standard input. Prints the TOTP URI."""
    password = _read_password()
    with transaction() as session:
        account = account_service.add_account(
            session,
            email=email,
            name=name,
            password=password,
            is_platform_admin=admin,
            secret_key=secret_key(),
            actor=operator(),
            now=now(),
        )
        for area_name in areas:
            area = find_area_by_name_or_slug(session, area_name) or create_area(
                session, name=area_name, actor=operator(), now=now()
            )
            account_service.grant_role(
                session,
                account=account,
                role=ROLE_OFFICER,
                area_id=area.id,
                actor=operator(),
                now=now(),
            )
        uri = account_service.totp_uri(account, secret_key())
    click.echo(uri)


@click.group("area", help="QM areas.")
def area_group():
    pass


@area_group.command("add")
@click.argument("name")
@click.option("--district", default="")
@click.option("--office-address", default="")
@click.option("--help-contact", default="")
@with_appcontext
def area_add(name: str, district: str, office_address: str, help_contact: str):
    with transaction() as session:
        area = create_area(
            session,
            name=name,
            district=district,
            office_address=office_address,
            help_contact=help_contact,
            actor=operator(),
            now=now(),
        )
        click.echo(area.slug)


def register(group) -> None:
    group.add_command(officer_group)
    group.add_command(area_group)

"""What every command shares: the app, one transaction, user errors as exit status 1."""

import contextlib
import sys

import click
from flask import current_app

from ballot.app import create_app
from ballot.db import utcnow
from ballot.services.actor import operator_actor
from ballot.services.errors import BallotError
from ballot.settings import SettingsError, settings_from_env


def create_cli_app():
    try:
        return create_app(settings_from_env())
    except SettingsError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)


def fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@contextlib.contextmanager
def transaction():
    """One session for the command: committed if all went well, else rolled back (exit 1)."""
    session = current_app.extensions["ballot.sessions"]()
    try:
        yield session
        session.commit()
    except BallotError as error:
        session.rollback()
        fail(str(error))
    finally:
        session.close()


def operator():
    return operator_actor()


def now():
    """The command's clock; like the web's, tests may set `ballot.clock` (see web/context.py)."""
    clock = current_app.extensions.get("ballot.clock")
    return clock() if clock else utcnow()


def secret_key() -> str:
    return current_app.extensions["ballot.settings"].secret_key


def settings():
    return current_app.extensions["ballot.settings"]

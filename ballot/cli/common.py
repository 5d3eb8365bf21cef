"""What every command shares: the app, one transaction, user errors as exit status 1."""

import contextlib
import sys

import click
from flask import current_app
from sqlalchemy.exc import OperationalError

from ballot.app import create_app
from ballot.cli.terminal import printable
from ballot.db import utcnow
from ballot.services.actor import operator_actor
from ballot.services.errors import BallotError
from ballot.settings import SettingsError, settings_from_env


def create_cli_app():
    """The app, once its settings are sound and its database answers; else exit 1 with the
    reason in one line."""
    try:
        app = create_app(settings_from_env())
    except SettingsError as error:
        fail(str(error))
    try:
        with app.extensions["ballot.engine"].connect():
            pass
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        fail(f"the database (BALLOT_DATABASE_URL) cannot be reached: {reason}")
    return app


def fail(message: str) -> None:
    click.echo(f"Error: {printable(message)}", err=True)
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

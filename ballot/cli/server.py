"""`ballot db upgrade`, `ballot demo` and `ballot serve`."""

import os
import shutil
import sys
from pathlib import Path

import click
import redis
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from ballot.app import create_app
from ballot.backup import BackupError, back_up, restore
from ballot.cli.common import create_cli_app, fail
from ballot.migrate import upgrade_database
from ballot.settings import settings_from_env


@click.group("db", help="The database schema.")
def db_group():
    pass


@db_group.command("upgrade")
@with_appcontext
def db_upgrade():
    """Apply all migrations."""
    upgrade_database(current_app.extensions["ballot.settings"].database_url)
    click.echo("The database is up to date.")


@click.command("demo")
@click.option("--no-serve", is_flag=True, help="Set up the demo and stop.")
@click.option("--port", default=5000, show_default=True)
def demo(no_serve: bool, port: int):
    """Set up the demo elections on SQLite and serve them on http://127.0.0.1:PORT."""
    from ballot.demo import set_up_demo  # noqa: PLC0415  (the demo data is only needed here)

    # The letters point to the port the demo is served on, unless BALLOT_PUBLIC_URL says otherwise.
    settings = settings_from_env(demo=True, default_public_url=f"http://127.0.0.1:{port}")
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    upgrade_database(settings.database_url)
    app = create_app(settings)
    login = set_up_demo(app)
    click.echo(login)
    if not no_serve:
        click.echo(f"Serving the demo on http://127.0.0.1:{port}/ (Ctrl+C stops it)")
        # Flask's app.run() refuses to serve inside the `flask`-style CLI; serve directly.
        run_simple("127.0.0.1", port, app, use_reloader=False, use_debugger=False, threaded=True)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=2, show_default=True)
@click.option(
    "--timeout",
    default=300,
    show_default=True,
    help="Seconds a request may take: the console prints letters in the request.",
)
def serve(host: str, port: int, workers: int, timeout: int):
    """Run the production server (gunicorn)."""
    # Refuse to start on settings that are missing or wrong, before forking workers.
    app = create_cli_app()
    app.extensions["ballot.engine"].dispose()
    _check_redis(app.extensions["ballot.settings"].redis_url)
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which(
        "gunicorn"
    )
    if gunicorn is None:
        fail("gunicorn is not installed.")
    args = gunicorn_arguments(gunicorn, host=host, port=port, workers=workers, timeout=timeout)
    os.execv(gunicorn, args)  # noqa: S606  (replaces this process with gunicorn, fixed args)


def _check_redis(url: str | None) -> None:
    """The rate limits count in Redis when it is set: without it no code could be checked."""
    if not url:
        return
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except (redis.RedisError, ValueError) as error:
        fail(f"Redis (BALLOT_REDIS_URL) cannot be reached: {error}")


def gunicorn_arguments(gunicorn: str, *, host: str, port: int, workers: int, timeout: int):
    """gunicorn's command line; the timeout as in docs/deploy/ballot.service."""
    return [
        gunicorn,
        "--workers",
        str(workers),
        "--bind",
        f"{host}:{port}",
        "--timeout",
        str(timeout),
        "--access-logfile",
        "-",
        "ballot.wsgi:app",
    ]


def register(group) -> None:
    group.add_command(db_group)
    group.add_command(demo)
    group.add_command(serve)
    group.add_command(backup_command)
    group.add_command(restore_command)


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(target: str):
    """Back the database up to TARGET (SQLite online backup, or pg_dump)."""
    try:
        back_up(current_app.extensions["ballot.settings"].database_url, Path(target))
    except BackupError as error:
        fail(str(error))
    click.echo(f"wrote {target}")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Confirm that the database is replaced.")
@with_appcontext
def restore_command(source: str, yes: bool):
    """Replace the database with a backup. Stop the service first."""
    if not yes:
        fail("restoring replaces everything in the database; add --yes to confirm.")
    current_app.extensions["ballot.engine"].dispose()
    try:
        restore(current_app.extensions["ballot.settings"].database_url, Path(source))
    except BackupError as error:
        fail(str(error))
    click.echo(f"restored from {source}")

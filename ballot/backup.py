"""Backups: SQLite's online backup API, or pg_dump/pg_restore for PostgreSQL.

A backup holds what the database holds: hashed codes, encrypted ballots, sealed secrets and the
roll's personal data. Keep it as safe as the database itself (see docs/OPERATIONS.md).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why."""


def _sqlite_path(url) -> Path:
    return Path(url.database)


def _pg_url(url) -> str:
    """The URL for pg_dump and pg_restore, without its password (see `_pg_environment`)."""
    return url._replace(drivername="postgresql", password=None).render_as_string(
        hide_password=False
    )


def _pg_environment(url) -> dict[str, str]:
    """The password goes in PGPASSWORD: a command line is visible to every user (ps)."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client).")
    return path


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False, env=env)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or f"{Path(args[0]).name} failed")


def back_up(database_url: str, target: Path) -> None:
    url = make_url(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    # For its owner's eyes only before anything is written, whatever the umask (like shares).
    target.touch(mode=0o600)
    target.chmod(0o600)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(_sqlite_path(url)) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # consistent even while the service writes
        return
    _run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", _pg_url(url)],
        _pg_environment(url),
    )


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with the backup (stop the service first)."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        try:
            with sqlite3.connect(source) as backup, sqlite3.connect(_sqlite_path(url)) as live:
                backup.execute("PRAGMA schema_version")
                backup.backup(live)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not a SQLite backup: {error}") from None
        return
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_pg_url(url)}",
            str(source),
        ],
        _pg_environment(url),
    )

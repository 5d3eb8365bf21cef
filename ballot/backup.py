"""Backups: SQLite's online backup API, or pg_dump/pg_restore for PostgreSQL.

A backup holds what the database holds: hashed codes, encrypted ballots, sealed secrets and the
roll's personal data. Keep it as safe as the database itself (see docs/OPERATIONS.md).
"""

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from .db import make_engine

LOCK_TIMEOUT_SECONDS = 10
"""How long a backup on PostgreSQL waits for the ballots table before it gives up."""


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
    if url.get_backend_name() != "sqlite":
        _postgres_ballots_in_id_order(database_url)
    # Written beside the target and renamed when complete: a failure leaves no empty or
    # half-written file that looks like a backup, and an older backup there stays whole.
    partial = target.with_name(f"{target.name}.partial")
    try:
        _write_backup(url, partial)
        partial.replace(target)
    except (BackupError, sqlite3.Error, OSError) as error:
        with contextlib.suppress(OSError):  # the folder may not exist, or be a file
            partial.unlink(missing_ok=True)
        if isinstance(error, BackupError):
            raise
        raise BackupError(f"could not write {target}: {error}") from None


def _write_backup(url, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # For its owner's eyes only before anything is written, whatever the umask (like shares).
    target.touch(mode=0o600)
    target.chmod(0o600)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(_sqlite_path(url)) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # consistent even while the service writes
            _sqlite_ballots_in_id_order(copy)
        copy.close()
        return
    _run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", _pg_url(url)],
        _pg_environment(url),
    )


# A table's rows lie in the order they were written, and a backup copies them in that order: the
# ballots in the order of casting, next to the roll entries marked voted in the order of voting.
# Before a backup, the ballots are put in the order of their random ids, which says nothing.


def _sqlite_ballots_in_id_order(copy: sqlite3.Connection) -> None:
    """Rewrite the copy's ballots in id order (new rowids) and rebuild the file (VACUUM), so that
    no page of the copy keeps them, or what is left of them, in the order of casting."""
    if not copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'stored_ballot'").fetchone():
        return  # a database without the schema yet
    copy.executescript(
        """
        CREATE TEMP TABLE ballots_by_id AS SELECT * FROM stored_ballot ORDER BY id;
        DELETE FROM stored_ballot;
        INSERT INTO stored_ballot SELECT * FROM ballots_by_id ORDER BY id;
        DROP TABLE ballots_by_id;
        """
    )
    copy.commit()
    copy.execute("VACUUM")


def _postgres_ballots_in_id_order(database_url: str) -> None:
    """CLUSTER the live ballots table on its primary key (the random id), just before pg_dump.

    CLUSTER locks the table while it rewrites it (2.5 s for 10,000 ballots of 13 kB each,
    142 MB, on the 2-core machine of docs/PERFORMANCE.md), so a cast in that moment waits; if
    a long transaction holds the table, the backup gives up after LOCK_TIMEOUT_SECONDS. A
    ballot cast between this and pg_dump's snapshot comes at the end.
    """
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            index = conn.execute(
                text(
                    "SELECT indexrelid::regclass::text FROM pg_index "
                    "WHERE indrelid = to_regclass('stored_ballot') AND indisprimary"
                )
            ).scalar()
            if index is not None:  # None: a database without the schema yet
                # Casts queue behind a waiting CLUSTER: give up rather than hold them long.
                conn.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'"))
                conn.execute(text(f"CLUSTER stored_ballot USING {index}"))
    except SQLAlchemyError as error:
        raise BackupError(f"could not put the ballots in id order: {error}") from None
    finally:
        engine.dispose()


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

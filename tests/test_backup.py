"""Backup and restore round trip, on SQLite (online backup) and PostgreSQL (pg_dump)."""

import os

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from ballot import backup
from ballot.backup import back_up, restore
from ballot.cli import cli
from ballot.models import Election, RollEntry, StoredBallot
from tests.conftest import PG_URL
from tests.helpers import EXAMPLES


def test_backup_and_restore_round_trip(runner, session, tmp_path):
    runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")])
    runner.invoke(cli, ["roll", "import", "lindenhof-qr-2027", str(EXAMPLES / "roll.csv")])
    target = tmp_path / "backup.dump"
    made = runner.invoke(cli, ["backup", str(target)])
    assert made.exit_code == 0, made.output
    assert target.stat().st_size > 0
    assert target.stat().st_mode & 0o777 == 0o600  # it holds the roll and the sealed secrets
    runner.invoke(cli, ["election", "create", str(EXAMPLES / "aktionsfonds.toml")])
    session.execute(RollEntry.__table__.delete())
    session.commit()
    refused = runner.invoke(cli, ["restore", str(target)])
    assert refused.exit_code == 1 and "--yes" in refused.output
    restored = runner.invoke(cli, ["restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(RollEntry)) == 56
    assert session.scalars(select(Election.slug)).all() == ["lindenhof-qr-2027"]


def test_restore_of_a_missing_or_foreign_file_is_refused(runner, tmp_path):
    missing = runner.invoke(cli, ["restore", str(tmp_path / "nope.dump"), "--yes"])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"this is not a backup")
    refused = runner.invoke(cli, ["restore", str(junk), "--yes"])
    assert refused.exit_code == 1


def test_the_database_password_stays_off_the_command_line(tmp_path, monkeypatch, request):
    """pg_dump's and pg_restore's command lines are visible to every user (ps): the password
    of the database URL goes to them in PGPASSWORD. Stand-ins record what they were given."""
    if not PG_URL:
        pytest.skip("BALLOT_TEST_DATABASE_URL is not set")
    pg_url = request.getfixturevalue("pg_url")
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("pg_dump", "pg_restore"):
        tool = tools / name
        tool.write_text(f'#!/bin/sh\necho "$* PGPASSWORD=$PGPASSWORD" > {tmp_path / name}.seen\n')
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    # A real server: the backup puts the ballots in order there first (CI trusts any password).
    url = make_url(pg_url).set(password="pass-in-url")
    back_up(url.render_as_string(hide_password=False), tmp_path / "backup.dump")
    restore(url.render_as_string(hide_password=False), tmp_path / "backup.dump")
    for name in ("pg_dump", "pg_restore"):
        arguments, password = (tmp_path / f"{name}.seen").read_text().split(" PGPASSWORD=")
        assert "pass-in-url" not in arguments and f"postgresql://{url.username}@" in arguments
        assert password.strip() == "pass-in-url"


def test_a_backup_that_cannot_order_the_ballots_gives_up_with_a_message(
    runner, session, tmp_path, request, monkeypatch
):
    """A transaction that holds the ballots table (here: this test's session) keeps CLUSTER
    waiting; the backup gives up after its lock timeout and writes no file."""
    if request.node.backend != "postgresql":
        pytest.skip("CLUSTER is PostgreSQL's")
    monkeypatch.setattr(backup, "LOCK_TIMEOUT_SECONDS", 1)
    session.execute(select(func.count()).select_from(StoredBallot))  # holds the table
    target = tmp_path / "backup.dump"
    refused = runner.invoke(cli, ["backup", str(target)])
    session.rollback()
    assert refused.exit_code == 1
    assert "could not put the ballots in id order" in refused.output
    assert "lock timeout" in refused.output and not target.exists()


def test_a_backup_that_cannot_be_written_leaves_no_file_and_no_traceback(runner, tmp_path):
    """A folder that cannot be written (here: the target's folder is a file) gives one line;
    an older backup at the target stays whole when a new one fails."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backup's folder should be")
    refused = runner.invoke(cli, ["backup", str(blocker / "backup.dump")])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "could not write" in refused.output
    older = tmp_path / "backup.dump"
    assert runner.invoke(cli, ["backup", str(older)]).exit_code == 0
    kept = older.read_bytes()
    (tmp_path / "backup.dump.partial").mkdir()  # the new backup cannot be written there
    again = runner.invoke(cli, ["backup", str(older)])
    assert again.exit_code == 1 and older.read_bytes() == kept

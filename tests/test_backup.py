"""Backup and restore round trip, on SQLite (online backup) and PostgreSQL (pg_dump)."""

import os

from sqlalchemy import func, select

from ballot.backup import back_up, restore
from ballot.cli import cli
from ballot.models import Election, RollEntry
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


def test_the_database_password_stays_off_the_command_line(tmp_path, monkeypatch):
    """pg_dump's and pg_restore's command lines are visible to every user (ps): the password
    of the database URL goes to them in PGPASSWORD. Stand-ins record what they were given."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("pg_dump", "pg_restore"):
        tool = tools / name
        tool.write_text(f'#!/bin/sh\necho "$* PGPASSWORD=$PGPASSWORD" > {tmp_path / name}.seen\n')
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    url = "postgresql+psycopg://ballot:pass-in-url@127.0.0.1:5432/ballot"
    back_up(url, tmp_path / "backup.dump")
    restore(url, tmp_path / "backup.dump")
    for name in ("pg_dump", "pg_restore"):
        arguments, password = (tmp_path / f"{name}.seen").read_text().split(" PGPASSWORD=")
        assert "pass-in-url" not in arguments and "postgresql://ballot@127.0.0.1" in arguments
        assert password.strip() == "pass-in-url"

"""Backup and restore round trip, on SQLite (online backup) and PostgreSQL (pg_dump)."""

from sqlalchemy import func, select

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

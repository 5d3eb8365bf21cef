"""`ballot trustees setup` at the shell: share files readable by their owner only, and an
unusable folder refused before the ceremony."""

import os
import stat

import pytest

from ballot.cli import cli
from ballot.cli import count as count_cli
from ballot.services.elections import get_election
from tests.helpers import EXAMPLES, PASSPHRASES

SLUG = "lindenhof-qr-2027"


@pytest.fixture
def setup_args(runner, tmp_path):
    assert (
        runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")]).exit_code
        == 0
    )
    phrases = tmp_path / "passphrases.txt"
    phrases.write_text("\n".join(PASSPHRASES) + "\n")
    command = ["trustees", "setup", SLUG, "--trustees", "3", "--threshold", "2"]
    return [*command, "--passphrase-file", str(phrases)]


@pytest.fixture
def open_umask():
    """A umask that takes nothing away: the files' mode is the one they are created with."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_share_files_are_created_for_their_owner_only(runner, setup_args, tmp_path, open_umask):
    out = tmp_path / "shares"
    out.mkdir()
    earlier = out / f"{SLUG}-trustee-1.json"
    earlier.write_text("{}")
    earlier.chmod(0o644)
    result = runner.invoke(cli, [*setup_args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir())
    assert [f.name for f in files] == [f"{SLUG}-trustee-{n}.json" for n in (1, 2, 3)]
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    assert earlier.read_text() != "{}"


def test_an_unusable_share_folder_is_refused_before_the_ceremony(
    runner, session, setup_args, tmp_path
):
    (tmp_path / "a-file").write_text("not a folder")
    result = runner.invoke(cli, [*setup_args, "--out", str(tmp_path / "a-file" / "shares")])
    assert result.exit_code == 1
    assert "Error: cannot write to" in result.output and "Not a directory" in result.output
    assert "Traceback" not in result.output
    assert get_election(session, SLUG).public_key is None


def test_a_share_that_cannot_be_written_leaves_no_share_and_no_key(
    runner, session, setup_args, tmp_path, monkeypatch
):
    """The disk fills up at the second share: the first one must not survive a ceremony that
    was rolled back (its key would be a key of nothing)."""
    real, written = count_cli.write_private, []

    def disk_full_at_the_second(path, data):
        if written:
            raise OSError(28, "No space left on device")
        written.append(path)
        real(path, data)

    monkeypatch.setattr(count_cli, "write_private", disk_full_at_the_second)
    out = tmp_path / "shares"
    result = runner.invoke(cli, [*setup_args, "--out", str(out)])
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert written and not any(out.iterdir())
    session.expire_all()
    assert get_election(session, SLUG).public_key is None


def test_a_short_passphrase_names_its_trustee_and_sets_nothing_up(runner, session, tmp_path):
    assert (
        runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")]).exit_code
        == 0
    )
    phrases = tmp_path / "passphrases.txt"
    phrases.write_text(f"{PASSPHRASES[0]}\nshort\n{PASSPHRASES[2]}\n")
    command = ["trustees", "setup", SLUG, "--trustees", "3", "--threshold", "2"]
    result = runner.invoke(
        cli, [*command, "--passphrase-file", str(phrases), "--out", str(tmp_path / "shares")]
    )
    assert result.exit_code == 1
    assert "Error: trustee 2: The passphrase must have at least 12 characters." in result.output
    assert get_election(session, SLUG).public_key is None
    assert list((tmp_path / "shares").iterdir()) == []


def test_a_passphrase_file_that_is_not_utf8_is_refused_by_name(runner, setup_args, tmp_path):
    phrases = tmp_path / "passphrases.txt"
    phrases.write_bytes("Straße und Grün am Weg 1\n".encode("latin-1") * 3)
    result = runner.invoke(cli, [*setup_args, "--out", str(tmp_path / "shares")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert result.output == f"Error: {phrases} is not UTF-8 text; save it as UTF-8.\n"

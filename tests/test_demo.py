"""`ballot demo`: the letters point to the port the demo is served on; its secrets are private."""

import stat
import subprocess

from click.testing import CliRunner

from ballot.cli import cli


def _demo(tmp_path, port: str):
    # The demo reads its settings from the environment: only the instance folder is given.
    env = {
        "BALLOT_INSTANCE_PATH": str(tmp_path),
        "BALLOT_DATABASE_URL": None,
        "BALLOT_PUBLIC_URL": None,
        "BALLOT_SECRET_KEY": None,
    }
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--port", port], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_demo_letters_carry_its_port(tmp_path):
    output = _demo(tmp_path, "5102")
    folder = tmp_path / "demo" / "lindenhof-aktionsfonds"
    text = subprocess.run(
        ["pdftotext", str(folder / "letters" / "letters-001.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "http://127.0.0.1:5102/vote" in text and ":5000" not in text
    for secret in ("trustee-1.json", "trustee-1-passphrase.txt"):
        assert stat.S_IMODE((folder / secret).stat().st_mode) == 0o600
    assert "Note:" not in output
    again = _demo(tmp_path, "5000")
    assert "the letters point to http://127.0.0.1:5102/vote, the address" in again

"""Settings: production refuses to start without a secret key; the demo makes its own."""

import os
import subprocess
import sys

import pytest

from ballot.settings import SettingsError, settings_from_env


def test_production_needs_a_secret_key(tmp_path):
    with pytest.raises(SettingsError, match="BALLOT_SECRET_KEY is not set"):
        settings_from_env(environ={"BALLOT_INSTANCE_PATH": str(tmp_path)})
    with pytest.raises(SettingsError, match="at least 32"):
        settings_from_env(environ={"BALLOT_SECRET_KEY": "short"})


def test_the_demo_keeps_its_generated_key(tmp_path):
    env = {"BALLOT_INSTANCE_PATH": str(tmp_path)}
    first = settings_from_env(demo=True, environ=env)
    again = settings_from_env(demo=True, environ=env)
    assert first.secret_key == again.secret_key and len(first.secret_key) >= 32
    assert first.secure_cookies is False
    assert first.database_url == f"sqlite:///{tmp_path / 'ballot.db'}"


def test_the_letters_url_defaults_to_the_given_one_unless_set(tmp_path):
    env = {"BALLOT_INSTANCE_PATH": str(tmp_path)}
    assert settings_from_env(demo=True, environ=env).public_url == "http://127.0.0.1:5000"
    local = settings_from_env(demo=True, environ=env, default_public_url="http://127.0.0.1:5102")
    assert local.public_url == "http://127.0.0.1:5102"
    env["BALLOT_PUBLIC_URL"] = "https://wahl.example.org/"
    chosen = settings_from_env(demo=True, environ=env, default_public_url="http://127.0.0.1:5102")
    assert chosen.public_url == "https://wahl.example.org"


def test_the_cli_says_what_is_missing(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALLOT_")}
    env["BALLOT_INSTANCE_PATH"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "ballot", "election", "list"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "BALLOT_SECRET_KEY is not set" in done.stderr


def test_ballot_serve_gives_gunicorn_the_timeout_of_a_letter_batch():
    """The console prints letters in the request: gunicorn's default of 30 s would kill the
    worker mid-batch. gunicorn's own parser reads what `ballot serve` passes."""
    from gunicorn.config import Config  # noqa: PLC0415

    from ballot.cli.server import gunicorn_arguments  # noqa: PLC0415

    args = gunicorn_arguments("gunicorn", host="127.0.0.1", port=8000, workers=3, timeout=300)
    parsed = Config().parser().parse_args(args[1:])
    assert (parsed.timeout, parsed.workers, parsed.bind) == (300, 3, ["127.0.0.1:8000"])
    assert parsed.args == ["ballot.wsgi:app"]


def _ballot(args: list[str], tmp_path, **settings: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALLOT_")}
    env["BALLOT_INSTANCE_PATH"] = str(tmp_path / "instance")
    env.update(settings)
    return subprocess.run(
        [sys.executable, "-m", "ballot", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_database_redis_and_public_urls_that_cannot_work_are_refused(tmp_path):
    env = {"BALLOT_SECRET_KEY": "k" * 40, "BALLOT_INSTANCE_PATH": str(tmp_path)}
    for url in ("localhost", "postgres://ballot@/ballot", "mysql://ballot@/ballot", "sqlite:"):
        with pytest.raises(SettingsError, match="BALLOT_DATABASE_URL") as refused:
            settings_from_env(environ={**env, "BALLOT_DATABASE_URL": url + "x:secret@h"})
        assert "secret" not in str(refused.value)
    with pytest.raises(SettingsError, match="BALLOT_REDIS_URL"):
        settings_from_env(environ={**env, "BALLOT_REDIS_URL": "127.0.0.1:6379"})
    for url in ("wahl.example.org", "https://", "ftp://wahl.example.org", "https://w.example/?x",
                "https://[wahl", "https://wahl.example.org:port"):  # fmt: skip
        with pytest.raises(SettingsError, match="BALLOT_PUBLIC_URL"):
            settings_from_env(environ={**env, "BALLOT_PUBLIC_URL": url})


def test_misconfiguration_stops_commands_and_serve_with_one_line(tmp_path):
    """No traceback, exit status 1, and `ballot serve` starts no server."""
    key = {"BALLOT_SECRET_KEY": "k" * 40}
    nowhere = "postgresql+psycopg://ballot@127.0.0.1:1/ballot"
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    cases = [
        (["serve", "--port", "1"], {}, "BALLOT_SECRET_KEY is not set"),
        (["serve", "--port", "1"], {"BALLOT_SECRET_KEY": "short"}, "at least 32"),
        (["db", "upgrade"], {**key, "BALLOT_DATABASE_URL": nowhere}, "cannot be reached"),
        (["serve", "--port", "1"], {**key, "BALLOT_DATABASE_URL": nowhere}, "cannot be reached"),
        (["db", "upgrade"], {**key, "BALLOT_INSTANCE_PATH": str(a_file)}, "instance folder"),
        (["serve", "--port", "1"], {**key, "BALLOT_REDIS_URL": "redis://127.0.0.1:1/0"}, "Redis"),
    ]
    for args, settings, reason in cases:
        done = _ballot(args, tmp_path, **settings)
        assert done.returncode == 1, (args, settings, done.stderr)
        assert "Traceback" not in done.stderr and reason in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr

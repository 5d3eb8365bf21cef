"""No plain code and no choice in any log line during a whole election.

Every logger (the app, werkzeug's request log, SQLAlchemy's statements with their parameters
and result rows, the connection pool, WeasyPrint) is captured at DEBUG while letters are
printed, residents vote through a real HTTP server, the election is closed and counted."""

import logging
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from ballot.cli import cli
from ballot.services import ceremony, elections
from ballot.services.actor import operator_actor
from tests.conftest import TEST_SECRET
from tests.faults.web import Browser
from tests.helpers import PASSPHRASES, VOTING_DAY, csrf_token, open_election_with_codes, visit_id

LOGGERS = ("", "ballot", "werkzeug", "sqlalchemy.engine", "sqlalchemy.pool", "weasyprint")
# Field names that carry a choice in a request body (see ballot/web/vote/marks.py).
CHOICE_FIELDS = ("cross.", "answer.")


class Lines(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name}: {text}")


@pytest.fixture
def logs(app):
    """Every log line from here on (the app sets its own level when it is made, so first)."""
    handler, loggers = Lines(), [logging.getLogger(name) for name in LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield handler.lines
    logging.getLogger().removeHandler(handler)
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@contextmanager
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.port
    finally:
        server.shutdown()
        thread.join(timeout=10)


def _vote(browser: Browser, code: str, fields: dict, logs: list[str]) -> None:
    def expect(page, status: int):
        errors = [line for line in logs if "unhandled error" in line]
        assert page.status == status, (page.status, errors[-1:])
        return page

    expect(browser.submit("/vote", {"code": code}, page="/vote"), 303)
    token_page = expect(browser.get("/vote/ballot"), 200)
    form = {"csrf_token": csrf_token(token_page.text), "visit": visit_id(token_page.text)}
    form.update(fields)
    expect(browser.post("/vote/review", form), 200)
    expect(browser.post("/vote/cast", form), 303)
    expect(browser.get("/vote/done"), 200)


def _code_forms(code: str) -> set[str]:
    bare = code.replace("-", "")
    return {code, bare, code.lower(), bare.lower()}


def _count(runner, session, election, tmp_path) -> None:
    actor = operator_actor("test")
    elections.close_election(session, election=election, actor=actor, now=VOTING_DAY)
    args = ["tally", election.slug, "--out", str(tmp_path / "count")]
    for seat in ceremony.election_trustees_of(election)[:2]:
        path = tmp_path / f"share-{seat.index}.json"
        path.write_bytes(ceremony.share_file(session, election=election, trustee=seat, actor=actor))
        args += ["--share", str(path)]
    session.commit()
    (tmp_path / "phrases.txt").write_text("\n".join(PASSPHRASES[:2]) + "\n")
    result = runner.invoke(cli, [*args, "--passphrase-file", str(tmp_path / "phrases.txt")])
    assert result.exit_code == 0, result.output


def test_no_code_and_no_choice_is_ever_logged(app, session, clock, runner, tmp_path, logs):
    election, codes = open_election_with_codes(
        session, clock(), tmp_path, secret_key=TEST_SECRET, residents=3, institutions=1
    )
    clock.moment = VOTING_DAY
    choices = {"R0001": {"cross.bewohner": ["0", "2"]}, "R0002": {"cross.bewohner": ["5"]},
               "R0004": {"cross.einrichtungen": ["1"]}}  # fmt: skip
    with live_server(app) as port:
        for ref, fields in choices.items():
            typed = codes[ref] if ref != "R0002" else codes[ref].replace("-", " ").lower()
            _vote(Browser(port), typed, fields, logs)
    _count(runner, session, election, tmp_path)
    assert any("werkzeug" in line and "POST /vote/cast" in line for line in logs)
    assert any("sqlalchemy.engine" in line and "INSERT INTO stored_ballot" in line for line in logs)
    secrets = set().union(*(_code_forms(code) for code in codes.values()))
    for line in logs:
        assert not any(secret in line for secret in secrets), line
        assert not any(field in line for field in CHOICE_FIELDS), line

"""SQLite has one writer at a time. A cast that meets another writer's lock waits for it
(busy_timeout) instead of failing with "database is locked"; a lock held longer than that
gives a clean 503 with nothing half-written, and the resident's next try succeeds."""

import sqlite3
import threading
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import make_url, select

from ballot.models import USED, CodeLetter, StoredBallot
from ballot.services.voting import find_letter
from tests.conftest import TEST_SECRET
from tests.helpers import VOTING_DAY, enter_code, open_election_quickly, vote_step

BUSY_TIMEOUT = 10  # seconds; ballot.db sets PRAGMA busy_timeout=10000


@contextmanager
def another_writer(database_url: str, seconds: float):
    """A second process's connection holds SQLite's write lock for `seconds`."""
    locked = threading.Event()

    def hold():
        connection = sqlite3.connect(make_url(database_url).database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE area SET district = district")
        locked.set()
        time.sleep(seconds)
        connection.execute("COMMIT")
        connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(10), "the other writer did not get the lock"
    try:
        yield
    finally:
        thread.join()


@pytest.fixture
def sqlite_voting(app, session, clock, request):
    if request.node.backend != "sqlite":
        pytest.skip("SQLite's single writer")
    _election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    clock.moment = VOTING_DAY
    client = app.test_client()
    enter_code(client, codes["R0001"])
    return client, codes["R0001"]


def _state(session, code: str) -> tuple[str, int]:
    session.expire_all()
    letter, _election = find_letter(session, code, TEST_SECRET)
    return letter.state, len(session.scalars(select(StoredBallot)).all())


@pytest.mark.slow
def test_a_cast_waits_out_another_writers_lock(sqlite_voting, session, database_url):
    client, code = sqlite_voting
    with another_writer(database_url, seconds=2):
        started = time.monotonic()
        response = vote_step(client, "cast", {"cross.bewohner": ["0"]})
        waited = time.monotonic() - started
    assert response.status_code == 303
    assert 1.0 < waited < BUSY_TIMEOUT
    assert _state(session, code) == (USED, 1)


@pytest.mark.slow
def test_a_lock_held_too_long_fails_cleanly_and_the_next_try_succeeds(
    sqlite_voting, session, database_url
):
    client, code = sqlite_voting
    client.application.config["TESTING"] = False  # the page a resident sees
    with another_writer(database_url, seconds=BUSY_TIMEOUT + 2):
        refused = vote_step(client, "cast", {"cross.bewohner": ["0"]})
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] and "Traceback" not in refused.get_data(as_text=True)
    assert _state(session, code) == ("issued", 0)
    again = vote_step(client, "cast", {"cross.bewohner": ["0"]})
    assert again.status_code == 303
    assert _state(session, code) == (USED, 1)
    assert session.scalars(select(CodeLetter).where(CodeLetter.state == USED)).one()

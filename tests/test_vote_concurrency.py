"""One code, one ballot: twenty simultaneous casts from separate connections store exactly one
ballot, on SQLite and on PostgreSQL, and so do simultaneous presses in one browser session."""

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from ballot.db import make_engine, make_session_factory
from ballot.models import USED, CodeLetter, RollEntry, StoredBallot
from ballot.services import voting
from tests.conftest import TEST_SECRET
from tests.helpers import (
    VOTING_DAY,
    csrf_token,
    election_on_voting_day,
    english_client,
    enter_code,
    session_visit_id,
    vote_step,
)

RACERS = 20


@pytest.fixture
def election(session, clock):
    """An open Quartiersrat election on its voting day (see `election_on_voting_day`)."""
    return election_on_voting_day(session, clock, secret_key=TEST_SECRET)


def _race(workers: int, attempt) -> Counter:
    """Run `attempt()` in `workers` threads released at the same moment; count the outcomes."""
    barrier = threading.Barrier(workers)
    outcomes, lock = Counter(), threading.Lock()

    def run():
        barrier.wait()
        outcome = attempt()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_twenty_simultaneous_casts_store_one_ballot(database_url, session, election):
    engine = make_engine(database_url, pool_size=RACERS, max_overflow=0)
    sessions = make_session_factory(engine)
    admission = voting.admit(
        session, code_text=election.codes["R0001"], secret_key=TEST_SECRET, now=VOTING_DAY
    )
    session.rollback()

    def attempt() -> str:
        with sessions() as own:
            try:
                voting.cast_ballot(
                    own, admission=admission, marks={"bewohner": [0, 1]}, now=VOTING_DAY
                )
                own.commit()
                return "cast"
            except voting.CodeRefused as refusal:
                own.rollback()
                return refusal.reason

    outcomes = _race(RACERS, attempt)
    engine.dispose()
    # PostgreSQL locks the row; SQLite's single writer waits (busy_timeout) and then finds
    # the code used. Either way every other resident-facing outcome is a clean refusal.
    assert outcomes == {"cast": 1, "used": RACERS - 1}, outcomes
    assert _count(session, StoredBallot) == 1
    letter = session.scalars(select(CodeLetter).where(CodeLetter.state == USED)).one()
    assert session.get(RollEntry, letter.roll_entry_id).has_voted


def test_simultaneous_presses_in_one_session_cast_once(app, session, election):
    client = english_client(app)
    enter_code(client, election.codes["R0002"])
    vote_step(client, "review", {"cross.bewohner": ["3"]})
    cookie = client.get_cookie("ballot_session").value
    token = csrf_token(client.get("/vote").get_data(as_text=True))
    visit = session_visit_id(client)

    def attempt() -> int:
        press = english_client(app)
        press.set_cookie("ballot_session", cookie)
        data = {"csrf_token": token, "visit": visit, "cross.bewohner": ["3"]}
        return press.post("/vote/cast", data=data).status_code

    outcomes = _race(8, attempt)
    # One press casts (303 to the done page); the others find the code used (409).
    assert outcomes == {303: 1, 409: 7}, outcomes
    assert _count(session, StoredBallot) == 1

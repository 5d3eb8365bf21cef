"""Guessing codes: failed attempts are limited per client address and per election, counted in
the database or Redis so that the limit holds across workers; officers see the attempts."""

import os
from datetime import timedelta

import pytest
import redis

from ballot.app import create_app
from ballot.tokens import generate_code
from tests.conftest import TEST_SECRET
from tests.helpers import (
    VOTING_DAY,
    election_on_voting_day,
    english_client,
    make_area,
    make_officer,
    open_election_quickly,
    sign_in,
    vote_step,
)
from tests.helpers import submit as submit_form

REDIS_URL = os.environ.get("BALLOT_TEST_REDIS_URL", "")


@pytest.fixture
def election(session, clock):
    """An open Quartiersrat election on its voting day (see `election_on_voting_day`)."""
    return election_on_voting_day(session, clock, secret_key=TEST_SECRET)


def _try(client, code, *, address="192.0.2.1", election=""):
    return submit_form(
        client,
        "/vote",
        {"code": code, "election": election},
        environ_base={"REMOTE_ADDR": address},
    )


def _guess(client, times, **where):
    statuses = [_try(client, generate_code(), **where).status_code for _ in range(times)]
    assert statuses == [400] * times


def test_ten_wrong_codes_block_the_address_for_the_rest_of_the_window(client, clock, election):
    _guess(client, 10)
    blocked = _try(client, election.codes["R0001"])  # a valid code is refused too: no oracle
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60
    assert "You can try again in 15 minutes." in blocked.get_data(as_text=True)
    clock.moment = VOTING_DAY + timedelta(minutes=10)
    assert "in 5 minutes" in _try(client, election.codes["R0001"]).get_data(as_text=True)
    clock.moment = VOTING_DAY + timedelta(minutes=15)
    assert _try(client, election.codes["R0001"]).status_code == 303


def test_other_addresses_are_not_blocked(client, election):
    _guess(client, 10, address="192.0.2.1")
    assert _try(client, election.codes["R0001"], address="192.0.2.2").status_code == 303


def test_typing_mistakes_do_not_count(client, election):
    for _ in range(15):
        assert _try(client, "K7QF-3M9D-TX2H-8WPC").status_code == 400  # check symbol wrong
    assert _try(client, election.codes["R0001"]).status_code == 303


def test_the_limit_holds_across_workers(settings, clock, election):
    workers = [create_app(settings), create_app(settings)]
    for worker in workers:
        worker.extensions["ballot.clock"] = clock
    _guess(english_client(workers[0]), 6)
    _guess(english_client(workers[1]), 4)
    assert _try(english_client(workers[1]), election.codes["R0001"]).status_code == 429
    for worker in workers:
        worker.extensions["ballot.engine"].dispose()


def test_an_address_is_capped_across_elections(client, session, clock, election):
    other, _codes = open_election_quickly(
        session, clock(), secret_key=TEST_SECRET, file="aktionsfonds.toml", institutions=0
    )
    _guess(client, 10, election=election.slug)
    assert _try(client, generate_code(), election=election.slug).status_code == 429
    _guess(client, 9, election=other.slug)
    _guess(client, 1)
    # 20 failures from one address in all: no election helps any more.
    assert _try(client, generate_code(), election=other.slug).status_code == 429


def _jury(session, clock):
    other, codes = open_election_quickly(
        session, clock(), secret_key=TEST_SECRET, file="aktionsfonds.toml", institutions=0
    )
    other.codes = codes
    return other


def test_another_election_in_the_hidden_field_does_not_lift_a_block(
    client, session, clock, election
):
    other = _jury(session, clock)
    _guess(client, 10, election=election.slug)
    # The code's own election is blocked, whatever election the start page names.
    for context in (other.slug, "", "no-such-election"):
        blocked = _try(client, election.codes["R0001"], election=context)
        assert blocked.status_code == 429, context
        assert "Too many wrong codes were tried from this address." in blocked.get_data(
            as_text=True
        )
    # The block is per election: from the start page of the blocked election nothing is
    # checked, from the other one the other election's codes still work.
    assert _try(client, other.codes["R0001"], election=election.slug).status_code == 429
    assert _try(client, other.codes["R0001"], election=other.slug).status_code == 303


def test_a_blocked_address_learns_nothing_about_a_code_of_the_blocked_election(
    app, client, session, clock, election
):
    other = _jury(session, clock)
    voter = english_client(app)
    assert _try(voter, election.codes["R0002"], address="192.0.2.9").status_code == 303
    assert vote_step(voter, "cast", {"cross.bewohner": ["0"]}).status_code == 303
    _guess(client, 10, election=election.slug)
    used = _try(client, election.codes["R0002"], election=other.slug)
    assert used.status_code == 429
    assert "already been used" not in used.get_data(as_text=True)


def test_the_blocked_page_says_why_and_when_in_german(app, session, clock, election):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    _guess(client, 10)
    page = _try(client, election.codes["R0001"]).get_data(as_text=True)
    assert "Von dieser Adresse wurden zu viele falsche Wahlcodes ausprobiert." in page
    assert "Sie können es in 15 Minuten noch einmal versuchen." in page
    assert "Ihr Wahlcode verfällt dadurch nicht" in page
    assert '<a href="/vote">Zurück zur Eingabe des Wahlcodes</a>' in page


def test_officers_see_the_failed_attempts_of_their_election(client, session, clock, election):
    _guess(client, 3, election=election.slug)
    _guess(client, 2, address="192.0.2.7", election=election.slug)
    _guess(client, 4)  # no election known
    officer = make_officer(
        session, "wahlleitung@example.org", election.area, secret_key=TEST_SECRET, now=clock()
    )
    stranger_area = make_area(session, "QM Anderswo", clock())
    stranger = make_officer(
        session, "andere@example.org", stranger_area, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    url = f"/console/elections/{election.slug}/attempts"
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    page = client.get(url).get_data(as_text=True)
    assert "Failed code attempts" in page
    assert "<td>5</td>" in page and "<td>4</td>" in page
    detail = client.get(f"/console/elections/{election.slug}/").get_data(as_text=True)
    assert url in detail
    client.post("/console/logout", data={"csrf_token": _token(client)})
    sign_in(client, stranger, secret_key=TEST_SECRET, at=clock())
    assert client.get(url).status_code == 404


def _token(client) -> str:
    from tests.helpers import csrf_token  # noqa: PLC0415

    return csrf_token(client.get("/vote").get_data(as_text=True))


@pytest.fixture
def redis_app(settings, clock):
    if not REDIS_URL:
        pytest.skip("BALLOT_TEST_REDIS_URL is not set")
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    application = create_app(settings.with_changes(redis_url=REDIS_URL))
    application.extensions["ballot.clock"] = clock
    yield application
    application.extensions["ballot.engine"].dispose()
    store.flushdb()


def test_the_limit_counts_in_redis(redis_app, session, election):
    client = english_client(redis_app)
    _guess(client, 10, election=election.slug)
    assert _try(client, election.codes["R0001"], election=election.slug).status_code == 429
    store = redis.Redis.from_url(REDIS_URL)
    assert any(key.startswith(b"ballot:rl:vote-code:") for key in store.scan_iter())
    # A second worker on the same Redis sees the count.
    other = create_app(redis_app.extensions["ballot.settings"])
    other.extensions["ballot.clock"] = redis_app.extensions["ballot.clock"]
    assert (
        _try(english_client(other), election.codes["R0001"], election=election.slug).status_code
        == 429
    )
    other.extensions["ballot.engine"].dispose()
    with redis_app.test_request_context():
        from ballot.web.vote import guard  # noqa: PLC0415

        assert guard.failed_attempts(election.id, VOTING_DAY)[0]["attempts"] == 10


def test_a_check_in_flight_in_another_worker_holds_its_place(settings, clock, election):
    """Two workers checking the tenth guess from one address at the same moment: only one of
    them is checked (the limit counts each check before it runs)."""
    from ballot.web.vote import guard  # noqa: PLC0415

    workers = [create_app(settings), create_app(settings)]
    for worker in workers:
        worker.extensions["ballot.clock"] = clock
    _guess(english_client(workers[0]), 9)
    with workers[0].test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.1"}):
        in_flight = guard.begin_attempt(None)
    assert _try(english_client(workers[1]), generate_code()).status_code == 429
    in_flight.give_back()  # the check in flight found a valid code: its place is free again
    assert _try(english_client(workers[1]), election.codes["R0001"]).status_code == 303
    for worker in workers:
        worker.extensions["ballot.engine"].dispose()


def test_valid_codes_do_not_use_up_the_limit(client, election):
    _guess(client, 9)
    for _ in range(3):
        assert _try(client, election.codes["R0001"]).status_code == 303
    _guess(client, 1)
    assert _try(client, generate_code()).status_code == 429


def test_a_valid_code_after_nine_slips_on_its_elections_page_opens_the_ballot(
    client, session, clock, election
):
    """The check's own place is not held against a valid code: the tenth attempt, if it is the
    right code, opens the ballot, from the election's page and from an address near its cap."""
    _guess(client, 9, election=election.slug)
    assert _try(client, election.codes["R0001"], election=election.slug).status_code == 303
    _guess(client, 1, election=election.slug)
    assert _try(client, generate_code(), election=election.slug).status_code == 429
    other = _jury(session, clock)
    _guess(client, 10, address="192.0.2.5", election=election.slug)
    _guess(client, 9, address="192.0.2.5", election=other.slug)  # 19 of the address's 20
    assert (
        _try(client, other.codes["R0001"], address="192.0.2.5", election=other.slug).status_code
        == 303
    )


def test_a_real_code_of_another_election_counts_there_before_it_is_answered(
    client, session, clock, election
):
    """A used code entered on another election's page counts under its own election, taking
    its place before the answer: the tenth such attempt is refused, not answered."""
    voter = english_client(client.application)
    assert _try(voter, election.codes["R0002"], address="192.0.2.9").status_code == 303
    assert vote_step(voter, "cast", {"cross.bewohner": ["0"]}).status_code == 303
    other = _jury(session, clock)
    _guess(client, 9, election=election.slug)
    used = _try(client, election.codes["R0002"], election=other.slug)
    assert used.status_code == 400
    assert "already been used" in used.get_data(as_text=True)
    again = _try(client, election.codes["R0002"], election=other.slug)
    assert again.status_code == 429
    assert "already been used" not in again.get_data(as_text=True)


def test_codes_and_sign_ins_wait_with_a_503_while_redis_is_away(
    settings, clock, session, election, caplog
):
    """Redis that does not answer (nothing listens on port 1): no code is checked without its
    limit, the person is asked to try again in a moment, and the log has no traceback."""
    application = create_app(settings.with_changes(redis_url="redis://127.0.0.1:1/0"))
    application.extensions["ballot.clock"] = clock
    client = english_client(application)
    officer = make_officer(session, "o@example.org", make_area(session, "QM Nord", VOTING_DAY),
                           secret_key=TEST_SECRET, now=VOTING_DAY)  # fmt: skip
    session.commit()
    for answer in (
        _try(client, election.codes["R0001"]),
        sign_in(client, officer, secret_key=TEST_SECRET, at=VOTING_DAY),
    ):
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "10"
        assert "try again in a moment" in answer.get_data(as_text=True)
    assert "rate limits unavailable" in caplog.text and "unhandled error" not in caplog.text
    application.extensions["ballot.engine"].dispose()

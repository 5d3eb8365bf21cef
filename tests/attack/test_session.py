"""Session fixation: a session cookie that exists before someone signs in — planted by an
attacker or left by a resident's visit — is worth nothing afterwards; nor is a copy of a
signed-in cookie once its owner signs out. (Cookie flags, renewal at
sign-in and TOTP replay are in tests/test_auth.py.)"""

from datetime import timedelta

from sqlalchemy import select

from ballot.models import AuditEntry
from tests.attack.world import build_world
from tests.conftest import TEST_SECRET
from tests.helpers import VOTING_DAY, enter_code, open_election_quickly, sign_in, submit

COOKIE = "ballot_session"


def _session_cookie(client) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None, "the page set no session cookie"
    return cookie.value


def test_a_planted_session_cookie_gives_the_attacker_nothing(app, session, clock):
    world = build_world(session, clock())
    attacker = app.test_client()
    attacker.get("/console/login")  # a session of the attacker's own, with a CSRF secret
    planted = _session_cookie(attacker)
    victim = app.test_client()
    victim.set_cookie(COOKIE, planted)
    assert sign_in(victim, world.officer, secret_key=TEST_SECRET, at=clock()).status_code == 302
    assert victim.get("/console/").status_code == 200
    assert _session_cookie(victim) != planted
    # The attacker still holds the planted cookie: it is not signed in.
    attacker.set_cookie(COOKIE, planted)
    response = attacker.get("/console/")
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]


def test_a_residents_admission_does_not_survive_an_officers_sign_in(app, session, clock):
    """A shared computer in the QM office: a resident entered a code, then an officer signs in
    in the same browser. The admission is gone; the officer's session starts empty."""
    world = build_world(session, clock())
    _election, codes = open_election_quickly(
        session, clock(), secret_key=TEST_SECRET, institutions=0, file="aktionsfonds.toml"
    )
    clock.moment = VOTING_DAY
    browser = app.test_client()
    assert enter_code(browser, codes["R0001"]).status_code == 303
    before = _session_cookie(browser)
    assert sign_in(browser, world.officer, secret_key=TEST_SECRET, at=clock()).status_code == 302
    assert browser.get("/vote/ballot").status_code in (302, 303)
    replay = app.test_client()
    replay.set_cookie(COOKIE, before)
    assert replay.get("/vote/ballot").status_code == 200  # the resident's own cookie still works
    assert replay.get("/console/").status_code == 302  # but it never became an officer's


def test_a_forged_session_cookie_is_ignored(app, session, clock):
    world = build_world(session, clock())
    client = app.test_client()
    sign_in(client, world.officer, secret_key=TEST_SECRET, at=clock())
    value = _session_cookie(client)
    payload, _dot, signature = value.rpartition(".")
    forged = app.test_client()
    forged.set_cookie(COOKIE, f"{payload}.{signature[::-1]}")
    assert forged.get("/console/").status_code == 302
    other_key = app.test_client()
    other_key.set_cookie(COOKIE, value.replace(value[:8], "eyJhY2Nv", 1))
    assert other_key.get("/console/").status_code == 302


def test_a_copied_session_cookie_stops_working_at_sign_out(app, session, clock):
    world = build_world(session, clock())
    officer = app.test_client()
    sign_in(officer, world.officer, secret_key=TEST_SECRET, at=clock())
    copy = _session_cookie(officer)
    submit(officer, "/console/logout", {}, page="/console/")
    assert officer.get("/console/").status_code == 302
    thief = app.test_client()
    thief.set_cookie(COOKIE, copy)
    assert thief.get("/console/").status_code == 302
    # Signing in again (with the next TOTP code) works; the copy stays worthless.
    clock.moment += timedelta(seconds=30)
    assert sign_in(officer, world.officer, secret_key=TEST_SECRET, at=clock()).status_code == 302
    assert officer.get("/console/").status_code == 200
    assert thief.get("/console/").status_code == 302


def test_signing_out_is_audited(app, session, clock):
    world = build_world(session, clock())
    officer = app.test_client()
    sign_in(officer, world.officer, secret_key=TEST_SECRET, at=clock())
    submit(officer, "/console/logout", {}, page="/console/")
    session.expire_all()
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    assert actions[-1] == "account.sign_out"

"""Limits we know of and state in docs/SECURITY.md, pinned as strict expected failures: the day
one of them is fixed, its test passes, the run fails, and SECURITY.md gets updated with it."""

import pytest
from sqlalchemy import delete, func, select

from ballot.models import AuditEntry
from ballot.services.audit import find_audit_breaks
from tests.attack.world import build_world
from tests.conftest import TEST_SECRET
from tests.helpers import sign_in, submit


@pytest.mark.xfail(
    strict=True,
    reason="known: the chain's head hash is published nowhere, so dropping its newest entries "
    "leaves a chain that checks; docs/SECURITY.md, 'A malicious server operator'",
)
def test_dropping_the_newest_audit_entries_is_detected(session, clock):
    build_world(session, clock())
    assert find_audit_breaks(session) == []
    newest = session.scalar(select(func.max(AuditEntry.seq)))
    session.execute(delete(AuditEntry).where(AuditEntry.seq >= newest - 1))
    session.commit()
    assert find_audit_breaks(session) != []


@pytest.mark.xfail(
    strict=True,
    reason="known: sessions live in the signed cookie, so a copy taken before sign-out works "
    "until it expires (8 h); docs/SECURITY.md, 'A curious officer'",
)
def test_a_copied_session_cookie_stops_working_at_sign_out(app, session, clock):
    world = build_world(session, clock())
    officer = app.test_client()
    sign_in(officer, world.officer, secret_key=TEST_SECRET, at=clock())
    copy = officer.get_cookie("ballot_session").value
    submit(officer, "/console/logout", {}, page="/console/")
    assert officer.get("/console/").status_code == 302
    thief = app.test_client()
    thief.set_cookie("ballot_session", copy)
    assert thief.get("/console/").status_code == 302

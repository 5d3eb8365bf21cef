"""The two-person rule: opening, closing early and publishing wait for a second person."""

from datetime import UTC, datetime

import pytest

from ballot.services.actor import account_actor
from ballot.services.errors import NotFound, PermissionDenied, WrongState
from ballot.services.two_person import confirm_action, pending_actions, request_action
from tests.conftest import TEST_SECRET
from tests.helpers import (
    example_election,
    hold_ceremony,
    make_area,
    make_committee_member,
    make_officer,
)

NOW = datetime(2027, 2, 20, 9, tzinfo=UTC)


@pytest.fixture
def ready(session):
    election = example_election(session, NOW)
    hold_ceremony(session, election, NOW, secret_key=TEST_SECRET)
    first = make_officer(session, "one@example.org", election.area, secret_key=TEST_SECRET, now=NOW)
    second = make_officer(
        session, "two@example.org", election.area, secret_key=TEST_SECRET, now=NOW
    )
    session.commit()
    return election, account_actor(first), account_actor(second)


def test_open_waits_for_a_second_officer(session, ready):
    election, first, second = ready
    assert request_action(session, election=election, action="open", actor=first, now=NOW) is False
    assert election.state == "draft"
    assert [p.action for p in pending_actions(session, election)] == ["open"]
    with pytest.raises(WrongState):
        confirm_action(session, election=election, action="open", actor=first, now=NOW)
    confirm_action(session, election=election, action="open", actor=second, now=NOW)
    assert election.state == "open"
    assert pending_actions(session, election) == []


def test_a_stranger_cannot_confirm(session, ready):
    election, first, _second = ready
    request_action(session, election=election, action="open", actor=first, now=NOW)
    other_area = make_area(session, "QM Anderswo", NOW)
    stranger = make_officer(session, "x@example.org", other_area, secret_key=TEST_SECRET, now=NOW)
    with pytest.raises(PermissionDenied):
        confirm_action(
            session, election=election, action="open", actor=account_actor(stranger), now=NOW
        )
    assert election.state == "draft"


def test_a_committee_member_may_confirm(session, ready):
    election, first, _second = ready
    member = make_committee_member(
        session, "c@example.org", election, secret_key=TEST_SECRET, now=NOW
    )
    request_action(session, election=election, action="open", actor=first, now=NOW)
    confirm_action(session, election=election, action="open", actor=account_actor(member), now=NOW)
    assert election.state == "open"


def test_an_impossible_request_is_refused_at_once(session, ready):
    election, first, _second = ready
    with pytest.raises(WrongState):
        request_action(session, election=election, action="publish", actor=first, now=NOW)
    assert pending_actions(session, election) == []


def test_confirming_nothing_is_refused(session, ready):
    election, _first, second = ready
    with pytest.raises(NotFound):
        confirm_action(session, election=election, action="close", actor=second, now=NOW)


def test_without_the_rule_one_officer_acts(session, ready):
    election, first, _second = ready
    election.two_person_rule = False
    assert request_action(session, election=election, action="open", actor=first, now=NOW)
    assert election.state == "open"

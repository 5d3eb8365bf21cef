"""The two-person rule: opening, closing early and publishing wait for a second person."""

import html as html_module
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from ballot.models import Account, AuditEntry, Election
from ballot.services.actor import account_actor, operator_actor
from ballot.services.elections import close_election, open_election
from ballot.services.errors import NotFound, PermissionDenied, WrongState
from ballot.services.two_person import confirm_action, pending_actions, request_action
from tests.conftest import TEST_SECRET
from tests.helpers import (
    csrf_token,
    example_election,
    hold_ceremony,
    make_area,
    make_committee_member,
    make_officer,
    press_twice_at_once,
    quick_ceremony,
    sign_in,
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


# Through the console page, as the officers and the committee member would do it.

FORM = re.compile(r'<form method="post" action="(?P<action>[^"]+)"[^>]*>(?P<body>.*?)</form>', re.S)


def _buttons(html: str) -> dict[str, tuple[str, str]]:
    """The page's one-button forms: {button label: (action URL, CSRF token)}."""
    found = {}
    for form in FORM.finditer(html):
        label = re.search(r"<button[^>]*>([^<]+)</button>", form["body"])
        if label and "csrf_token" in form["body"]:
            found[label[1].strip()] = (
                html_module.unescape(form["action"]),
                csrf_token(form["body"]),
            )
    return found


def _press(client, page: str, label: str):
    action, token = _buttons(client.get(page).get_data(as_text=True))[label]
    return client.post(action, data={"csrf_token": token})


def _console(app, account, clock):
    client = app.test_client()
    clock.moment += timedelta(seconds=31)  # a fresh second factor for each sign-in
    assert sign_in(client, account, secret_key=TEST_SECRET, at=clock()).status_code == 302
    return client


@pytest.fixture
def on_the_page(app, session, clock):
    election = example_election(session, clock())
    quick_ceremony(session, election, clock(), secret_key=TEST_SECRET)
    people = {
        email: make_officer(session, email, election.area, secret_key=TEST_SECRET, now=clock())
        for email in ("one@example.org", "two@example.org")
    }
    people["c@example.org"] = make_committee_member(
        session, "c@example.org", election, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    page = f"/console/elections/{election.slug}/"
    return election, page, {email: _console(app, a, clock) for email, a in people.items()}


def test_the_second_officer_confirms_on_the_page(session, on_the_page):
    election, page, clients = on_the_page
    first, second = clients["one@example.org"], clients["two@example.org"]
    assert _press(first, page, "Open the election").status_code == 302
    waiting = second.get(page).get_data(as_text=True)
    assert "Waiting for a second person to confirm: Open the election." in waiting
    assert _press(second, page, "Confirm").status_code == 302
    session.expire_all()
    assert election.state == "open"
    assert pending_actions(session, election) == []
    confirmed = session.scalars(select(AuditEntry).where(AuditEntry.action == "confirm.open")).one()
    assert "two@example.org" in confirmed.actor
    assert confirmed.details == {"requested_by": "one@example.org"}
    assert "Confirm" not in _buttons(second.get(page).get_data(as_text=True))


def test_the_requester_gets_no_usable_confirm_button(session, on_the_page):
    election, page, clients = on_the_page
    first = clients["one@example.org"]
    _press(first, page, "Open the election")
    html = first.get(page).get_data(as_text=True)
    assert "Confirm" not in _buttons(html)
    assert "You made this request" in html
    crafted = first.post(page + "confirm/open", data={"csrf_token": csrf_token(html)})
    assert crafted.status_code == 409
    assert "you made the request yourself" in crafted.get_data(as_text=True)
    session.expire_all()
    assert election.state == "draft"
    assert [p.action for p in pending_actions(session, election)] == ["open"]


def test_a_committee_member_sees_the_count_link_on_a_closed_election(session, on_the_page, clock):
    election, page, clients = on_the_page
    count_link = f'href="{page}count"'
    assert count_link not in clients["c@example.org"].get(page).get_data(as_text=True)
    open_election(session, election=election, actor=operator_actor("test"), now=clock())
    close_election(session, election=election, actor=operator_actor("test"), now=clock())
    session.commit()
    assert count_link in clients["c@example.org"].get(page).get_data(as_text=True)
    assert count_link not in clients["one@example.org"].get(page).get_data(as_text=True)


def test_confirming_when_nothing_waits_says_so_and_others_learn_nothing(
    app, session, on_the_page, clock
):
    election, page, clients = on_the_page
    second = clients["two@example.org"]
    token = csrf_token(second.get(page).get_data(as_text=True))
    nothing = second.post(page + "confirm/open", data={"csrf_token": token})
    assert nothing.status_code == 404
    assert "Nothing is waiting for confirmation." in nothing.get_data(as_text=True)
    assert "Page not found" not in nothing.get_data(as_text=True)
    _press(clients["one@example.org"], page, "Open the election")
    elsewhere = make_area(session, "QM Anderswo", clock())
    stranger = make_officer(
        session, "x@example.org", elsewhere, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    outsider = _console(app, stranger, clock)
    token = csrf_token(outsider.get("/console/").get_data(as_text=True))
    for response in (
        outsider.post(page + "confirm/open", data={"csrf_token": token}),
        outsider.post(page + "confirm/close", data={"csrf_token": token}),
        second.get("/console/elections/no-such-election/"),
        second.get(page + "no/such/page"),
    ):
        html = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "Page not found" in html and "There is nothing at this address." in html
        assert "Nothing is waiting" not in html and "No election has" not in html
    session.expire_all()
    assert election.state == "draft"


def test_a_request_done_otherwise_no_longer_waits(session, ready):
    """An early close was requested; at the closing time the officer closed alone (no second
    person is needed then). The request still waited, with a confirm button that could only
    be refused ("Only an open election can close")."""
    election, first, second = ready
    open_election(session, election=election, actor=operator_actor("test"), now=NOW)
    assert request_action(session, election=election, action="close", actor=first, now=NOW) is False
    assert request_action(
        session, election=election, action="close", actor=first, now=election.closes
    )
    assert election.state == "closed"
    assert pending_actions(session, election) == []
    with pytest.raises(NotFound):
        confirm_action(session, election=election, action="close", actor=second, now=NOW)


def test_two_presses_on_confirm_confirm_once(session, ready, database_url):
    """A double click on "Confirm": both requests found the request waiting and removed it; the
    second failed on the database (a 500). Now the second is told nothing waits."""
    election, first, second = ready
    request_action(session, election=election, action="open", actor=first, now=NOW)
    session.commit()

    def read(own):
        return own.get(Election, election.id), account_actor(own.get(Account, second.account.id))

    def press(own, read_before, _number):
        mine, me = read_before
        confirm_action(own, election=mine, action="open", actor=me, now=NOW)
        return "confirmed"

    outcomes = press_twice_at_once(database_url, read, press)
    assert "confirmed" in outcomes, outcomes
    (refusal,) = [o for o in outcomes if o != "confirmed"]
    assert isinstance(refusal, NotFound), repr(refusal)
    session.expire_all()
    assert session.scalar(select(func.count()).where(AuditEntry.action == "election.open")) == 1


def test_two_presses_on_a_request_leave_one_request(session, ready, database_url):
    """A double click on "Open" with the rule of two: the second request failed on the
    database (the request was there already), a 500."""
    election, first, _second = ready

    def read(own):
        return own.get(Election, election.id), account_actor(own.get(Account, first.account.id))

    def press(own, read_before, _number):
        mine, me = read_before
        return request_action(own, election=mine, action="open", actor=me, now=NOW)

    outcomes = press_twice_at_once(database_url, read, press)
    assert outcomes == [False, False], outcomes
    session.expire_all()
    assert [p.action for p in pending_actions(session, election)] == ["open"]
    assert session.scalar(select(func.count()).where(AuditEntry.action == "request.open")) == 1

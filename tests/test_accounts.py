"""Accounts and roles: invitations by one-time link, deactivation, every change audited."""

import re
from datetime import timedelta

import pyotp
from sqlalchemy import select

from ballot.models import AuditEntry
from ballot.services import accounts as account_service
from ballot.services.sealing import unseal
from tests.conftest import TEST_SECRET
from tests.helpers import example_election, make_officer, sign_in, submit


def _officer_console(app, session, clock):
    election = example_election(session, clock())
    officer = make_officer(
        session, "qm@example.org", election.area, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    client = app.test_client()
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    return client, election


def _invite(client, election, email="neu@example.org", role="committee"):
    html = client.get("/console/accounts").get_data(as_text=True)
    area_id = re.search(r'<option value="(\d+)">' + re.escape(election.area.name), html)[1]
    response = submit(
        client,
        "/console/accounts",
        {
            "email": email,
            "name": "Neue Person",
            "role": role,
            "area": area_id,
            "election": str(election.id),
        },
    )
    link = re.search(r"(/console/invitation/[A-Za-z0-9_-]+)", response.get_data(as_text=True))
    return response, link[1] if link else None


def _code_for(session, email, at):
    account = account_service.find_account(session, email)
    secret = unseal(TEST_SECRET, "totp", account.totp_secret_sealed).decode()
    return pyotp.TOTP(secret).at(at)


def test_invitation_link_sets_password_and_totp_once(app, session, clock):
    client, election = _officer_console(app, session, clock)
    response, link = _invite(client, election)
    assert response.status_code == 200 and link
    newcomer = app.test_client()
    assert newcomer.get(link).status_code == 200
    short = submit(newcomer, link, {"password": "short", "totp": "000000"})
    assert short.status_code == 400
    session.expire_all()
    done = submit(
        newcomer,
        link,
        {"password": "a long new password", "totp": _code_for(session, "neu@example.org", clock())},
    )
    assert done.status_code == 302
    assert newcomer.get(f"/console/elections/{election.slug}/").status_code == 200
    assert app.test_client().get(link).status_code == 404


def test_an_expired_invitation_is_refused(app, session, clock):
    client, election = _officer_console(app, session, clock)
    _response, link = _invite(client, election)
    clock.moment += timedelta(days=8)
    assert app.test_client().get(link).status_code == 404


def test_an_officer_deactivates_an_account_of_their_area(app, session, clock):
    client, election = _officer_console(app, session, clock)
    _invite(client, election)
    account = account_service.find_account(session, "neu@example.org")
    url = f"/console/accounts/{account.id}/deactivate"
    assert submit(client, url, {}, page="/console/accounts").status_code == 302
    session.expire_all()
    assert account_service.find_account(session, "neu@example.org").is_active is False


def test_every_account_change_is_audited(app, session, clock):
    client, election = _officer_console(app, session, clock)
    _invite(client, election)
    account = account_service.find_account(session, "neu@example.org")
    submit(client, f"/console/accounts/{account.id}/deactivate", {}, page="/console/accounts")
    session.expire_all()
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    for action in ("account.create", "account.grant", "account.invite", "account.deactivate"):
        assert action in actions, action


def test_an_officer_cannot_invite_into_another_area(app, session, clock):
    client, _election = _officer_console(app, session, clock)
    html = client.get("/console/accounts").get_data(as_text=True)
    response = submit(
        client,
        "/console/accounts",
        {
            "email": "x@example.org",
            "name": "X",
            "role": "officer",
            "area": "999",
            "election": "",
        },
    )
    assert response.status_code == 400
    assert account_service.find_account(session, "x@example.org") is None
    assert "999" not in html

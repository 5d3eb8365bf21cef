"""Accounts and roles: invitations by one-time link, deactivation, every change audited."""

import re
from datetime import timedelta

import pyotp
from sqlalchemy import func, select

from ballot.models import AuditEntry
from ballot.services import accounts as account_service
from ballot.services.actor import operator_actor
from ballot.services.sealing import unseal
from tests.conftest import TEST_SECRET
from tests.helpers import (
    example_election,
    make_account,
    make_area,
    make_officer,
    sign_in,
    submit,
)


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
    german = {"Accept-Language": "de"}
    short = submit(newcomer, link, {"password": "short", "totp": "000000"}, headers=german)
    assert short.status_code == 400
    assert "mindestens 12 Zeichen" in short.get_data(as_text=True)
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


def _other_area_officer(app, session, clock, email="nachbar@example.org"):
    """An officer of a second area, signed in, and their console client."""
    area = make_area(session, "QM Nachbarkiez", clock())
    other = make_officer(session, email, area, secret_key=TEST_SECRET, now=clock())
    session.commit()
    client = app.test_client()
    sign_in(client, other, secret_key=TEST_SECRET, at=clock())
    return client, area


def _invite_into(client, area, email):
    return submit(
        client,
        "/console/accounts",
        {"email": email, "name": "X", "role": "officer", "area": str(area.id), "election": ""},
    )


def test_inviting_an_existing_account_adds_the_role_and_never_a_link(app, session, clock):
    _client, election = _officer_console(app, session, clock)
    victim = account_service.find_account(session, "qm@example.org")
    password_hash, audit_count = victim.password_hash, _audit_count(session)
    client, area = _other_area_officer(app, session, clock)
    response = _invite_into(client, area, "QM@example.org")
    assert response.status_code == 302
    page = client.get("/console/accounts").get_data(as_text=True)
    assert "/console/invitation/" not in page and "otpauth" not in page
    session.expire_all()
    victim = account_service.find_account(session, "qm@example.org")
    assert victim.password_hash == password_hash
    assert ("officer", area.id) in {(g.role, g.area_id) for g in victim.roles}
    assert election.area_id != area.id
    new_actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.seq > audit_count)
    ).all()
    assert "account.grant" in new_actions and "account.invite" not in new_actions


def _audit_count(session) -> int:
    return session.scalar(select(func.max(AuditEntry.seq))) or 0


def test_an_officer_cannot_deactivate_someone_with_rights_in_another_area(app, session, clock):
    _client, _election = _officer_console(app, session, clock)
    client, area = _other_area_officer(app, session, clock)
    _invite_into(client, area, "qm@example.org")  # now shares an area with the other officer
    victim = account_service.find_account(session, "qm@example.org")
    page = client.get("/console/accounts").get_data(as_text=True)
    assert f"/console/accounts/{victim.id}/deactivate" not in page
    response = submit(
        client, f"/console/accounts/{victim.id}/deactivate", {}, page="/console/accounts"
    )
    assert response.status_code == 302
    assert "rights elsewhere" in client.get("/console/accounts").get_data(as_text=True)
    session.expire_all()
    assert account_service.find_account(session, "qm@example.org").is_active is True


def test_an_officer_cannot_deactivate_a_platform_admin(app, session, clock):
    client, election = _officer_console(app, session, clock)
    admin = make_account(
        session, "admin@example.org", admin=True, secret_key=TEST_SECRET, now=clock()
    )
    account_service.grant_role(
        session,
        account=admin,
        role="officer",
        area_id=election.area_id,
        actor=operator_actor("test"),
        now=clock(),
    )
    session.commit()
    response = submit(
        client, f"/console/accounts/{admin.id}/deactivate", {}, page="/console/accounts"
    )
    assert response.status_code == 302
    session.expire_all()
    assert account_service.find_account(session, "admin@example.org").is_active is True


def test_a_pending_account_of_another_area_gets_no_new_link(app, session, clock):
    client, election = _officer_console(app, session, clock)
    _response, first_link = _invite(client, election, email="neu@example.org")
    assert first_link
    other, area = _other_area_officer(app, session, clock)
    response = _invite_into(other, area, "neu@example.org")
    assert response.status_code == 302
    assert "/console/invitation/" not in other.get("/console/accounts").get_data(as_text=True)


def test_a_pending_account_of_the_own_area_can_be_invited_again(app, session, clock):
    client, election = _officer_console(app, session, clock)
    _response, first_link = _invite(client, election, email="neu@example.org")
    response, second_link = _invite(client, election, email="neu@example.org")
    assert response.status_code == 200 and second_link and second_link != first_link


def test_an_invitation_to_an_account_set_up_since_is_refused(app, session, clock):
    client, election = _officer_console(app, session, clock)
    _response, first = _invite(client, election, email="neu@example.org")
    _response, second = _invite(client, election, email="neu@example.org")
    newcomer = app.test_client()
    assert "otpauth" in newcomer.get(second).get_data(as_text=True)  # before the set-up
    code = _code_for(session, "neu@example.org", clock())
    assert (
        submit(newcomer, first, {"password": "a long new password", "totp": code}).status_code
        == 302
    )
    session.expire_all()
    password_hash = account_service.find_account(session, "neu@example.org").password_hash
    clock.moment += timedelta(seconds=60)
    later = _code_for(session, "neu@example.org", clock())
    stranger = app.test_client()
    page = stranger.get(second)
    assert page.status_code == 404 and "otpauth" not in page.get_data(as_text=True)
    fields = {"password": "another password!", "totp": later}
    response = submit(stranger, second, fields, page="/console/login")  # a token of this site
    assert response.status_code == 404 and "otpauth" not in response.get_data(as_text=True)
    session.expire_all()
    assert account_service.find_account(session, "neu@example.org").password_hash == password_hash


def test_a_platform_admin_without_any_area_deactivates_an_account(app, session, clock):
    admin = make_account(
        session, "admin@example.org", admin=True, secret_key=TEST_SECRET, now=clock()
    )
    other = make_account(session, "other@example.org", secret_key=TEST_SECRET, now=clock())
    session.commit()
    client = app.test_client()
    sign_in(client, admin, secret_key=TEST_SECRET, at=clock())
    url = f"/console/accounts/{other.id}/deactivate"
    assert submit(client, url, {}, page="/console/accounts").status_code == 302
    session.expire_all()
    assert account_service.find_account(session, "other@example.org").is_active is False


def test_the_invitation_link_points_to_the_site_whatever_host_the_request_names(
    app, session, clock
):
    client, election = _officer_console(app, session, clock)
    client.environ_base.update(HTTP_HOST="wahl.example.org.evil.example",
                               HTTP_X_FORWARDED_HOST="evil.example")  # fmt: skip
    response, link = _invite(client, election)
    assert link is not None
    page = response.get_data(as_text=True)
    assert f"https://wahl.example.org{link}" in page and "evil" not in page


def test_an_officer_cannot_deactivate_their_own_account(app, session, clock):
    """The accounts page offered "Deactivate" on one's own line: one click signed the officer
    out for good, with nobody of the area left to undo it."""
    client, _election = _officer_console(app, session, clock)
    client.get("/lang/de")
    me = account_service.find_account(session, "qm@example.org")
    page = client.get("/console/accounts").get_data(as_text=True)
    assert f"/console/accounts/{me.id}/deactivate" not in page
    before = _audit_count(session)
    response = submit(client, f"/console/accounts/{me.id}/deactivate", {}, page="/console/accounts")
    assert response.status_code == 302
    assert "Ihr eigenes Konto" in client.get("/console/accounts").get_data(as_text=True)
    session.expire_all()
    assert account_service.find_account(session, "qm@example.org").is_active is True
    assert _audit_count(session) == before

"""Signing in: argon2id passwords, TOTP without replay, rate limits, safe cookies."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ballot.cli import cli
from ballot.models import Account, Area
from ballot.services import accounts as account_service
from ballot.services.actor import operator_actor
from ballot.services.errors import AuthenticationFailed
from tests.conftest import TEST_SECRET
from tests.helpers import PASSWORD, make_account, sign_in, submit


def _officer(session, clock):
    account = make_account(
        session, "wahlleitung@example.org", admin=True, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    return account


def test_officer_add_prints_a_totp_uri_and_stores_no_plain_secret(runner, session):
    result = runner.invoke(
        cli,
        ["officer", "add", "ada@example.org", "--name", "Ada"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("otpauth://totp/ballot:ada%40example.org?secret=")
    secret = result.output.split("secret=")[1].split("&")[0]
    account = account_service.find_account(session, "ada@example.org")
    assert account.password_hash.startswith("$argon2id$")
    assert secret not in account.totp_secret_sealed


def test_officer_add_finds_an_area_by_the_slug_area_add_printed(runner, session):
    """`ballot area add` prints a slug; giving that slug to `officer add --area` makes the
    person an officer of that area, not of a new area named after the slug."""
    added = runner.invoke(cli, ["area", "add", "QM Beispielkiez"])
    assert added.exit_code == 0, added.output
    slug = added.output.strip()
    result = runner.invoke(
        cli, ["officer", "add", "kim@example.org", "--area", slug], input="a long enough password\n"
    )
    assert result.exit_code == 0, result.output
    account = account_service.find_account(session, "kim@example.org")
    assert [session.get(Area, grant.area_id).name for grant in account.roles] == ["QM Beispielkiez"]
    assert session.scalar(select(func.count()).select_from(Area)) == 1


def test_officer_add_refuses_a_short_password(runner):
    result = runner.invoke(cli, ["officer", "add", "bob@example.org"], input="short\n")
    assert result.exit_code == 1
    assert "at least 12 characters" in result.output


def test_sign_in_with_password_and_code(client, session, clock):
    officer = _officer(session, clock)
    response = sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    assert response.status_code == 302
    assert client.get("/console/").status_code == 200


@pytest.mark.parametrize(
    ("sent", "location"),
    [
        ("/console/elections/new", "/console/elections/new"),
        ("/console%0d%0aSet-Cookie:%20x=1", "/console/"),
        ("/console%09/evil.example", "/console/"),
        ("/console/%5Cevil.example", "/console/"),
        ("//evil.example/console", "/console/"),
        ("https://evil.example/console", "/console/"),
    ],
)
def test_sign_in_returns_only_to_a_console_page(client, session, clock, sent, location):
    officer = _officer(session, clock)
    code = account_service.current_totp(officer, TEST_SECRET, clock())
    fields = {"email": officer.email, "password": PASSWORD, "totp": code}
    response = submit(client, f"/console/login?next={sent}", fields, page="/console/login")
    assert response.status_code == 302
    assert response.headers["Location"] == location


def test_a_used_code_cannot_be_replayed(client, app, session, clock):
    officer = _officer(session, clock)
    code = account_service.current_totp(officer, TEST_SECRET, clock())
    assert sign_in(client, officer, secret_key=TEST_SECRET, at=clock()).status_code == 302
    other = app.test_client()
    replay = submit(
        other, "/console/login", {"email": officer.email, "password": PASSWORD, "totp": code}
    )
    assert replay.status_code == 400
    assert other.get("/console/").status_code == 302


def test_one_code_in_two_simultaneous_sign_ins_lets_one_in(app, session, clock):
    """Two workers sign in with the same code at once: both read the account before either
    stores the used step, and still only one of them gets in."""
    officer = _officer(session, clock)
    code = account_service.current_totp(officer, TEST_SECRET, clock())
    credentials = {
        "email": officer.email,
        "password": PASSWORD,
        "totp_code": code,
        "secret_key": TEST_SECRET,
        "now": clock(),
    }
    first, second = app.extensions["ballot.sessions"](), app.extensions["ballot.sessions"]()
    try:
        read_before = account_service.find_account(second, officer.email)  # the second worker
        account_service.authenticate(first, **credentials)
        first.commit()
        with pytest.raises(AuthenticationFailed):
            account_service.authenticate(second, **credentials)
        assert read_before.last_totp_step == first.get(Account, officer.id).last_totp_step
    finally:
        first.close()
        second.rollback()
        second.close()


def test_wrong_password_or_code_is_refused(client, session, clock):
    officer = _officer(session, clock)
    wrong_password = submit(
        client,
        "/console/login",
        {"email": officer.email, "password": "not the password", "totp": "123456"},
    )
    assert wrong_password.status_code == 400
    assert "wrong" in wrong_password.get_data(as_text=True)
    code = account_service.current_totp(officer, TEST_SECRET, clock() - timedelta(minutes=5))
    old_code = submit(
        client, "/console/login", {"email": officer.email, "password": PASSWORD, "totp": code}
    )
    assert old_code.status_code == 400
    unknown = submit(
        client,
        "/console/login",
        {"email": "nobody@example.org", "password": PASSWORD, "totp": "123456"},
    )
    assert unknown.status_code == 400


def _wrong_sign_in(client, officer):
    wrong = {"email": officer.email, "password": "wrong password!", "totp": "000000"}
    return submit(client, "/console/login", wrong)


def test_failed_sign_ins_are_limited(client, session, clock):
    officer = _officer(session, clock)
    for _ in range(5):
        _wrong_sign_in(client, officer)
    blocked = sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    assert blocked.status_code == 429
    assert blocked.headers["Retry-After"]
    assert "Too many failed sign-ins." in blocked.get_data(as_text=True)


def test_a_sign_in_in_flight_holds_its_place(app, client, session, clock):
    """Parallel wrong sign-ins in several workers cannot pass the limit together: each one
    counts before its password is checked."""
    from ballot.web import auth  # noqa: PLC0415

    officer = _officer(session, clock)
    for _ in range(4):
        _wrong_sign_in(client, officer)
    with app.test_request_context():
        in_flight = auth._begin_sign_in(officer.email)
    assert sign_in(client, officer, secret_key=TEST_SECRET, at=clock()).status_code == 429
    in_flight.give_back()
    assert sign_in(client, officer, secret_key=TEST_SECRET, at=clock()).status_code == 302


def test_successful_sign_ins_do_not_use_up_the_limit(client, session, clock):
    officer = _officer(session, clock)
    for _ in range(4):
        _wrong_sign_in(client, officer)
    for _ in range(3):
        clock.moment += timedelta(seconds=30)  # a new second-factor code each time
        assert sign_in(client, officer, secret_key=TEST_SECRET, at=clock()).status_code == 302
    assert _wrong_sign_in(client, officer).status_code == 400
    assert _wrong_sign_in(client, officer).status_code == 429


def test_session_cookie_is_httponly_and_lax_and_renewed_at_sign_in(client, session, clock):
    officer = _officer(session, clock)
    client.get("/lang/en")
    before = client.get_cookie("ballot_session").value
    response = sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get_cookie("ballot_session").value != before


def test_the_chosen_language_stays_after_sign_in(app, session, clock):
    officer = _officer(session, clock)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    client.get("/lang/tr")
    assert sign_in(client, officer, secret_key=TEST_SECRET, at=clock()).status_code == 302
    page = client.get("/console/", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="tr" dir="ltr">' in page


def test_secure_cookies_outside_the_demo(settings, clock):
    from ballot.app import create_app  # noqa: PLC0415

    app = create_app(settings.with_changes(secure_cookies=True))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["ballot.engine"].dispose()


def test_sign_out(client, session, clock):
    officer = _officer(session, clock)
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    submit(client, "/console/logout", {}, page="/console/")
    assert client.get("/console/").status_code == 302


def test_deactivated_accounts_are_signed_out(client, session, clock):
    officer = _officer(session, clock)
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    officer.is_active = False
    session.commit()
    assert client.get("/console/").status_code == 302


def test_a_session_from_before_a_deactivation_stays_dead_after_reactivation(client, session, clock):
    """A copied cookie of a deactivated account (a lost laptop) must not come back to life
    when the account is activated again within the cookie's eight hours."""
    officer = _officer(session, clock)
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    assert client.get("/console/").status_code == 200
    copied = client.get_cookie("ballot_session").value
    for active in (False, True):
        account_service.set_account_active(
            session, account=officer, active=active, area_id=None, actor=operator_actor(),
            now=clock(),
        )  # fmt: skip
        session.commit()
    client.set_cookie("ballot_session", copied)
    assert client.get("/console/").status_code == 302

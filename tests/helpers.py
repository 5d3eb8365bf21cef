"""Helpers for tests that act as a person would: through forms with real CSRF tokens."""

import re
from datetime import datetime
from pathlib import Path

from ballot.services import accounts as account_service
from ballot.services.actor import operator_actor
from ballot.services.areas import create_area
from ballot.services.election_spec import parse_election_file
from ballot.services.elections import create_election

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)
PASSWORD = "correct horse battery staple"


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)


def submit(client, url: str, data: dict, *, page: str | None = None, **kwargs):
    """GET the page with the form (or `page`), then POST `data` with its CSRF token."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(html), **data}, **kwargs)


def make_account(session, email, *, admin=False, secret_key, now, name="Test Person"):
    return account_service.add_account(
        session,
        email=email,
        name=name,
        password=PASSWORD,
        is_platform_admin=admin,
        secret_key=secret_key,
        actor=operator_actor("test"),
        now=now,
    )


def make_officer(session, email, area, *, secret_key, now):
    account = make_account(session, email, secret_key=secret_key, now=now)
    account_service.grant_role(
        session,
        account=account,
        role="officer",
        area_id=area.id,
        actor=operator_actor("test"),
        now=now,
    )
    return account


def make_area(session, name, now: datetime):
    return create_area(session, name=name, actor=operator_actor("test"), now=now)


def example_election(session, now, file="quartiersrat.toml", **replace):
    text = (EXAMPLES / file).read_text()
    for old, new in replace.items():
        text = text.replace(old, new)
    spec = parse_election_file(text)
    return create_election(session, spec=spec, actor=operator_actor("test"), now=now)


def sign_in(client, account, *, secret_key, at: datetime):
    code = account_service.current_totp(account, secret_key, at)
    return submit(
        client, "/console/login", {"email": account.email, "password": PASSWORD, "totp": code}
    )

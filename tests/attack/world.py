"""A small world for the attack tests: an area with an officer, a platform administrator and a
committee member, the example election as a draft with a roll, and ways to reach every route."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from ballot.db import Base
from ballot.models import Account, Election
from ballot.services import accounts as account_service
from ballot.services.actor import operator_actor
from ballot.services.roll import import_roll
from tests.conftest import TEST_SECRET
from tests.helpers import csrf_token, example_election, make_account, sign_in, small_roll

CSRF_REFUSAL = "The form has expired or was not sent from this site"


@dataclass
class World:
    election: Election
    admin: Account
    officer: Account
    committee: Account


def build_world(session, now) -> World:
    """The example election (draft) with a roll of 6 residents and 2 institutions. Commits."""
    election = example_election(session, now)
    import_roll(
        session, election=election, data=small_roll(6, 2), actor=operator_actor("test"), now=now
    )
    admin = make_account(session, "admin@example.org", admin=True, secret_key=TEST_SECRET, now=now)
    officer = make_account(session, "officer@example.org", secret_key=TEST_SECRET, now=now)
    committee = make_account(session, "committee@example.org", secret_key=TEST_SECRET, now=now)
    for account, role, election_id in (
        (admin, "officer", None),
        (officer, "officer", None),
        (committee, "committee", election.id),
    ):
        account_service.grant_role(
            session,
            account=account,
            role=role,
            area_id=election.area_id,
            election_id=election_id,
            actor=operator_actor("test"),
            now=now,
        )
    session.commit()
    return World(election=election, admin=admin, officer=officer, committee=committee)


def signed_in(app, account, clock):
    """A client signed in as `account`, reading English; the clock moves on so that the next
    sign-in gets a new code."""
    client = app.test_client()
    response = sign_in(client, account, secret_key=TEST_SECRET, at=clock())
    assert response.status_code == 302, response.status_code
    clock.moment += timedelta(seconds=30)
    client.get("/lang/en")
    return client


def page_token(client, page: str = "/console/login") -> str:
    return csrf_token(client.get(page).get_data(as_text=True))


def route_values(world: World, election: Election | None = None) -> dict:
    """A value for every variable part of the app's routes."""
    election = election or world.election
    return {
        "slug": election.slug,
        "area_slug": election.area.slug,
        "key": election.contests[0].key,
        "number": 0,
        "batch_id": 1,
        "account_id": world.committee.id,
        "name": "record.json",
        "change": "deactivate",
        "action": "open",
        "token": "no-such-invitation",
        "code": "en",
        "filename": "ballot.css",
    }


def build_url(rule, values: dict) -> str:
    return rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]


def post_rules(app) -> list:
    return sorted(
        (r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.endpoint
    )


def row_counts(session) -> dict[str, int]:
    """How many rows each table holds (rate counters left out: refusals count on purpose)."""
    session.expire_all()
    return {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
        if table.name != "rate_counter"
    }

"""Every console endpoint, for every kind of person: an officer of another area, a committee
member without the right, an anonymous visitor and a voter are refused, whatever id is guessed.
The url_map is enumerated, so a new endpoint without a check fails this test."""

import re
from datetime import timedelta

import pytest

from tests.conftest import TEST_SECRET
from tests.helpers import (
    csrf_token,
    example_election,
    make_area,
    make_committee_member,
    make_officer,
    sign_in,
)

# Endpoints a committee member of the election may use; all others are for officers only.
COMMITTEE_ENDPOINTS = {
    "admin.election_detail", "admin.key_ceremony", "admin.ceremony_complete",
    "admin.share_download", "admin.count", "admin.count_file", "admin.election_confirm",
}  # fmt: skip
# Console pages that concern no area object: open to every signed-in account.
ACCOUNT_PAGES = {"admin.dashboard"}
PUBLIC = {"auth.login", "auth.accept_invitation", "auth.logout"}


@pytest.fixture
def two_areas(session, clock):
    now = clock()
    area_a, area_b = make_area(session, "QM Nord", now), make_area(session, "QM Süd", now)
    election_a = example_election(session, now)
    election_a.area_id = area_a.id
    election_b = example_election(session, now, **{"lindenhof-qr-2027": "sued-2027"})
    election_b.area_id = area_b.id
    people = {
        "officer_a": make_officer(
            session, "a@example.org", area_a, secret_key=TEST_SECRET, now=now
        ),
        "officer_b": make_officer(
            session, "b@example.org", area_b, secret_key=TEST_SECRET, now=now
        ),
        "committee_a": make_committee_member(
            session, "ca@example.org", election_a, secret_key=TEST_SECRET, now=now
        ),
        "committee_b": make_committee_member(
            session, "cb@example.org", election_b, secret_key=TEST_SECRET, now=now
        ),
    }
    session.commit()
    return election_a, people


def _console_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(("admin.", "auth.")) and rule.endpoint not in PUBLIC:
            yield rule


def _url(rule, election, people) -> str:
    values = {"slug": election.slug, "key": election.contests[0].key, "number": 0,
              "batch_id": 1, "account_id": people["officer_a"].id, "name": "record.json",
              "change": "deactivate", "action": "open", "token": "x"}  # fmt: skip
    return rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]


def _request(client, method, url):
    token = csrf_token(client.get("/console/login").get_data(as_text=True))
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": token})


def _refused(response) -> bool:
    if response.status_code == 404:
        return True
    return response.status_code == 302 and "/console/login" in response.headers["Location"]


def _who_may(endpoint: str) -> set[str]:
    if endpoint in ACCOUNT_PAGES:
        return {"officer_a", "officer_b", "committee_a", "committee_b"}
    if endpoint in ("admin.accounts", "admin.account_active", "admin.election_new"):
        return {"officer_a", "officer_b"}
    if endpoint == "admin.areas":
        return set()
    allowed = {"officer_a"}
    if endpoint in COMMITTEE_ENDPOINTS:
        allowed.add("committee_a")
    return allowed


def test_every_console_endpoint_refuses_those_without_the_right(app, two_areas, clock):
    election, people = two_areas
    checked = 0
    for rule in _console_rules(app):
        url = _url(rule, election, people)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for who in ("anonymous", "voter", *people):
                if who in _who_may(rule.endpoint):
                    continue
                client = app.test_client()
                if who == "voter":
                    client.get("/vote")
                elif who != "anonymous":
                    sign_in(client, people[who], secret_key=TEST_SECRET, at=clock())
                    clock.moment += timedelta(seconds=30)  # a fresh TOTP step each time
                response = _request(client, method, url)
                assert _refused(response), (rule.endpoint, method, who, response.status_code)
                checked += 1
    assert checked > 100


def test_an_officer_sees_only_the_elections_of_their_area(app, two_areas, clock):
    election, people = two_areas
    client = app.test_client()
    sign_in(client, people["officer_b"], secret_key=TEST_SECRET, at=clock())
    html = client.get("/console/").get_data(as_text=True)
    assert "sued-2027" in html and election.slug not in html
    assert client.get(f"/console/elections/{election.slug}/").status_code == 404
    accounts_html = client.get("/console/accounts").get_data(as_text=True)
    assert "a@example.org" not in accounts_html and "b@example.org" in accounts_html
    assert not re.search(r"ca@example\.org", accounts_html)

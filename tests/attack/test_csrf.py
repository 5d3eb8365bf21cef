"""Cross-site request forgery: every POST route of the url_map refuses a form without a valid
CSRF token (none, a made-up one, or the token of another person's session), for a signed-in
officer and for a resident in the middle of voting, and nothing in the database changes."""

from ballot.services import voting
from tests.attack.world import (
    CSRF_REFUSAL,
    build_url,
    build_world,
    page_token,
    post_rules,
    route_values,
    row_counts,
    signed_in,
)
from tests.conftest import TEST_SECRET
from tests.helpers import VOTING_DAY, enter_code, open_election_quickly, session_visit_id

FORGED = "IjFkZjM2YjY0YWQ1ZTg2ZWJkN2QzMWVmYjVlOTYzZTg5ZWNkMTI3NjQi.ZzZzZw.forged-signature"


def _refused(response) -> bool:
    return response.status_code == 400 and CSRF_REFUSAL in response.get_data(as_text=True)


def _forgeries(app) -> list[dict]:
    """Form bodies an attacker's page could send: no token, a made-up one, someone else's."""
    others = page_token(app.test_client())
    return [{}, {"csrf_token": FORGED}, {"csrf_token": others}, {"csrf_token": ""}]


def test_every_post_route_refuses_forged_forms(app, session, clock):
    world = build_world(session, clock())
    client = signed_in(app, world.officer, clock)
    before = row_counts(session)
    values = route_values(world)
    checked = []
    for rule in post_rules(app):
        url = build_url(rule, values)
        for body in _forgeries(app):
            response = client.post(url, data={**body, "e-slug": "x", "code": "x", "serial": "1"})
            assert _refused(response), (rule.endpoint, body, response.status_code)
        checked.append(rule.endpoint)
    assert row_counts(session) == before
    assert {"admin.election_action", "auth.login", "vote.cast"} <= set(checked)
    assert len(checked) >= 25


def test_a_resident_cannot_be_made_to_cast_by_another_site(app, session, clock):
    _election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    clock.moment = VOTING_DAY
    client = app.test_client()
    client.get("/lang/en")
    enter_code(client, codes["R0001"])
    # Everything but the token is what the resident's own review page would send.
    fields = {"visit": session_visit_id(client), "cross.bewohner": ["0", "1"]}
    for body in _forgeries(app):
        response = client.post("/vote/cast", data={**body, **fields})
        assert _refused(response), (body, response.status_code)
    session.expire_all()
    assert voting.find_letter(session, codes["R0001"], TEST_SECRET)[0].state == "issued"
    assert row_counts(session)["stored_ballot"] == 0

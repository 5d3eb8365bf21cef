"""The public site: areas with their elections; drafts stay hidden; pages under their area."""

from ballot.services.actor import operator_actor
from ballot.services.elections import open_election
from tests.conftest import TEST_SECRET
from tests.helpers import example_election, hold_ceremony


def test_areas_list_their_published_elections_and_hide_drafts(client, session, clock):
    draft = example_election(session, clock())
    shown = example_election(session, clock(), "aktionsfonds.toml")
    hold_ceremony(session, shown, clock(), secret_key=TEST_SECRET)
    open_election(session, election=shown, actor=operator_actor(), now=clock())
    session.commit()
    area = shown.area.slug
    start = client.get("/").get_data(as_text=True)
    assert shown.title in start and draft.title not in start
    area_page = client.get(f"/{area}/").get_data(as_text=True)
    assert shown.title in area_page and draft.title not in area_page
    page = client.get(f"/{area}/{shown.slug}/")
    assert page.status_code == 200
    assert shown.signing_public_key in page.get_data(as_text=True)
    assert client.get(f"/{area}/{draft.slug}/").status_code == 404
    assert client.get(f"/other-area/{shown.slug}/").status_code == 404
    assert client.get("/no-such-area/").status_code == 404

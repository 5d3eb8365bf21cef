"""The public site: areas with their elections; drafts stay hidden; pages under their area."""

from datetime import timedelta

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


def test_an_open_election_shows_its_voting_phase_by_the_clock(client, session, clock):
    election = example_election(session, clock(), "aktionsfonds.toml")
    hold_ceremony(session, election, clock(), secret_key=TEST_SECRET)
    open_election(session, election=election, actor=operator_actor(), now=clock())
    session.commit()
    url = f"/{election.area.slug}/{election.slug}/"
    phases = [
        (election.opens - timedelta(minutes=1), "not yet open for voting"),
        (election.opens, "open for voting"),
        (election.closes - timedelta(seconds=1), "open for voting"),
        (election.closes, "voting has ended, not yet counted"),
    ]
    for moment, label in phases:
        clock.moment = moment
        for page in (url, f"/{election.area.slug}/", "/"):
            text = client.get(page).get_data(as_text=True)
            assert label in text, (moment, page)
            others = {"not yet open for voting", "voting has ended, not yet counted"} - {label}
            assert not any(other in text for other in others), (moment, page)

"""The public site: areas with their elections; drafts stay hidden; pages under their area."""

import re
from datetime import timedelta

import pytest
from flask import render_template, render_template_string

from ballot.services.actor import operator_actor
from ballot.services.elections import open_election
from ballot.tally import allocate
from tests.conftest import TEST_SECRET
from tests.helpers import enter_code, example_election, hold_ceremony


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


def test_the_start_and_area_pages_in_arabic_isolate_names_and_write_an_arabic_comma(
    app, session, clock
):
    """German names with parentheses ('QM Lindenhof-Kiez (Demo) (Berlin-Mitte (fiktiv))') were
    reordered by the bidi algorithm on the Arabic start page, and the state and the period were
    joined by a Latin comma."""
    shown = example_election(session, clock(), "aktionsfonds.toml")
    hold_ceremony(session, shown, clock(), secret_key=TEST_SECRET)
    open_election(session, election=shown, actor=operator_actor(), now=clock())
    session.commit()
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar"
    page = client.get("/").get_data(as_text=True)
    assert f"<bdi>{shown.area.name}</bdi></a>" in page
    assert f"<bdi>{shown.title}</bdi></a>" in page
    assert re.search(r"</bdi></a> — [^<,]+، ", page)  # the state, an Arabic comma, the period
    area_page = client.get(f"/{shown.area.slug}/").get_data(as_text=True)
    assert f"<bdi>{shown.title}</bdi></a>" in area_page
    assert re.search(r"</bdi></a> — [^<,]+، ", area_page)


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


def test_the_start_page_and_the_vote_button_follow_the_voting_phase(client, session, clock):
    """Opened from the election page, the start page says what the phase means for voting; the
    election page offers to vote only while votes can be cast."""
    election = example_election(session, clock(), "aktionsfonds.toml")
    hold_ceremony(session, election, clock(), secret_key=TEST_SECRET)
    open_election(session, election=election, actor=operator_actor(), now=clock())
    session.commit()
    page, start = f"/{election.area.slug}/{election.slug}/", f"/vote?election={election.slug}"
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    said = {
        "upcoming": "Voting has not started yet. You can vote from",
        "open": "Voting is open from",
        "ended": "Voting has ended. No more votes can be cast.",
    }
    for moment, phase in [
        (election.opens - timedelta(minutes=1), "upcoming"),
        (election.opens, "open"),
        (election.closes, "ended"),
    ]:
        clock.moment = moment
        notice = client.get(start).get_data(as_text=True).split('class="notice"')[1]
        notice = notice.split("</p>")[0]
        assert said[phase] in notice, phase
        assert not any(text in notice for other, text in said.items() if other != phase), phase
        assert (page in notice) == (phase == "ended"), phase  # the way to the result
        button = f'href="{start}"' in client.get(page).get_data(as_text=True)
        assert button == (phase == "open"), phase
        # A typing mistake in the code says nothing of the phase: the notice still does.
        typo = enter_code(client, "K7QF-3M9D-TX2H-8WPC", election=election.slug)
        notice = typo.get_data(as_text=True).split('class="notice"')[1].split("</p>")[0]
        assert said[phase] in notice, phase


def test_the_result_names_each_tie_a_lot_decided_and_its_public_input(app, session, clock):
    election = example_election(session, clock())
    contest = election.contests[0]
    names = [c.name for c in contest.candidates]
    votes = {name: 1 for name in names}  # everybody tied
    request = {"method": "most-votes", "seats": contest.seats, "ballots_cast": 3, "votes": votes}
    outcome = allocate({**request, "lot_input": "4 2 6 1"}, counts_hash="ab" * 32)
    result = {"contests": {c.key: {"votes": {}, "ballots_cast": 0, "ties": []}
                           for c in election.contests}}  # fmt: skip
    result["contests"][contest.key] = {"votes": votes, "ballots_cast": 3, **outcome}
    for c in election.contests[1:]:
        result["contests"][c.key]["votes"] = {cand.name: 0 for cand in c.candidates}
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        html = render_template("public/_result.html", election=election, result=result)
    assert "a lot decided who is elected" in html
    assert "Public input of the lot: 4 2 6 1." in html
    won = next(t for t in outcome["ties"] if t["decides"] == "seat")["winners"]
    assert ", ".join(won) in html
    # The outcome stands next to the name: on a phone the table scrolls, and who is elected
    # must be in view without scrolling.
    assert re.search(rf"<td>{re.escape(won[0])}</td>\s*<td>elected</td>", html)
    assert re.search(r"<th>Candidate</th><th>Outcome</th>", html)


@pytest.mark.parametrize(
    ("lang", "written"),
    [("de", "12,5\u00a0%"), ("en", "12.5%"), ("tr", "%12,5"), ("ar", "12.5%")],
)
def test_shares_are_written_as_the_language_writes_a_percentage(app, lang, written):
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        assert render_template_string("{{ percent(0.125) }}") == written

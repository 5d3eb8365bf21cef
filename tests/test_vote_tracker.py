"""The public tracker look-up: found, not found, and text that is not a tracker."""

import re

import pytest

from ballot import box
from ballot.services import voting
from tests.conftest import TEST_SECRET
from tests.helpers import VOTING_DAY, open_election_quickly


@pytest.fixture
def cast_tracker(session, clock):
    """The displayed tracker of one ballot cast in an open election."""
    election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    admission = voting.admit(
        session, code_text=codes["R0001"], secret_key=TEST_SECRET, now=VOTING_DAY
    )
    tracker = voting.cast_ballot(
        session, admission=admission, marks={"bewohner": [1]}, now=VOTING_DAY
    )
    session.commit()
    return election, box.tracker_display(tracker)


def _page(client, text):
    response = client.get("/tracker", query_string={"t": text})
    return response.status_code, response.get_data(as_text=True)


def test_a_cast_tracker_is_found_however_it_is_typed(client, cast_tracker):
    election, tracker = cast_tracker
    typed = tracker.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    status, page = _page(client, typed)
    assert status == 200
    assert "Found" in page and tracker in page and election.title in page
    assert 'role="status"' in page


def test_an_unknown_tracker_is_not_found(client, cast_tracker):
    _election, tracker = cast_tracker
    other = ("0" if tracker[0] != "0" else "1") + tracker[1:]
    status, page = _page(client, other)
    assert status == 200
    assert "Not found" in page and "No ballot with the tracker" in page


@pytest.mark.parametrize("text", ["K7QF-3M9D", "K7QF-3M9D-TX2H-8WPC-ABCU", "x" * 500])
def test_text_that_is_no_tracker_gets_a_linked_error(client, cast_tracker, text):
    status, page = _page(client, text)
    assert status == 400
    assert 'href="#t"' in page and 'aria-invalid="true"' in page
    assert "This is not a tracker" in page


def test_the_empty_look_up_page_and_its_footer_link(client, cast_tracker):
    status, page = _page(client, "")
    assert status == 200
    assert '<label for="t">' in page and "Found" not in page
    assert re.search(r'<footer.*href="/tracker"', client.get("/").get_data(as_text=True), re.S)

"""The public tracker look-up: found, not found, and text that is not a tracker."""

import re

import pytest

from ballot import box
from ballot.services import voting
from tests.conftest import TEST_SECRET
from tests.helpers import VOTING_DAY, open_election_quickly, submit


@pytest.fixture
def election_codes(session, clock):
    """An open election and the codes of its letters."""
    return open_election_quickly(session, clock(), secret_key=TEST_SECRET)


@pytest.fixture
def cast_tracker(session, election_codes):
    """The displayed tracker of one ballot cast in an open election."""
    election, codes = election_codes
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


def _posted(client, text):
    """The look-up page's own form, as a resident sends it."""
    response = submit(client, "/tracker", {"t": text})
    return response.status_code, response.get_data(as_text=True)


def test_the_look_up_form_posts_what_was_typed(client, cast_tracker):
    """Typed text travels in the body, not in the address that access logs keep."""
    _election, tracker = cast_tracker
    page = client.get("/tracker").get_data(as_text=True)
    assert re.search(r'<form method="post" action="/tracker"', page)
    status, found = _posted(client, tracker.lower())
    assert status == 200 and "Found" in found and tracker in found


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WRITTEN_DOWN = {
    "en dashes from a notes app": lambda t: t.replace("-", "\u2013"),
    "no-break spaces": lambda t: t.replace("-", "\u00a0"),
    "Arabic-Indic digits": lambda t: t.translate(ARABIC_INDIC),
    "full-width": lambda t: "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in t),
}


@pytest.mark.parametrize("way", sorted(WRITTEN_DOWN))
def test_a_tracker_is_read_as_a_code_is_however_it_was_written_down(client, cast_tracker, way):
    _election, tracker = cast_tracker
    status, page = _posted(client, WRITTEN_DOWN[way](tracker))
    assert status == 200 and "Found" in page and tracker in page


def test_a_voting_code_typed_in_for_a_tracker_is_named_and_not_shown(client, election_codes):
    _election, codes = election_codes
    code = codes["R0002"]
    for typed in (code, code.lower().replace("-", " ")):
        status, page = _posted(client, typed)
        assert status == 400
        assert "This is the voting code from a letter, not a tracker" in page
        assert 'aria-invalid="true"' in page and 'href="/vote"' in page
        assert code not in page and code.replace("-", "") not in page.upper()
    # A code with a typo is no code: the usual message.
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    status, page = _posted(client, typo)
    assert status == 400 and "This is not a tracker" in page


def test_switching_the_language_keeps_the_look_up(client, cast_tracker):
    """The language buttons send the look-up form along: the answer comes again, translated."""
    _election, tracker = cast_tracker
    _status, found = _posted(client, tracker)
    assert 'form="tracker-form" formaction="/tracker" name="lang" value="ar"' in found
    switched = submit(client, "/tracker", {"t": tracker, "lang": "ar"})
    page = switched.get_data(as_text=True)
    assert switched.status_code == 200 and '<html lang="ar" dir="rtl">' in page
    assert "result-found" in page and tracker in page

"""The residents' voting flow through the test client, with real CSRF tokens: code → ballot →
review → cast → tracker, and every way a vote can be refused."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from ballot import box
from ballot.models import ISSUED, USED, CodeLetter, RollEntry, StoredBallot
from ballot.services import voting
from ballot.services.actor import operator_actor
from ballot.tokens.codes import generate_code
from tests.conftest import TEST_SECRET
from tests.helpers import (
    VOTING_DAY,
    csrf_token,
    election_on_voting_day,
    english_client,
    enter_code,
    open_election_quickly,
    open_election_with_codes,
    submit,
    visit_id,
    vote_step,
)

TRACKER = re.compile(r'<p class="tracker" id="tracker">([0-9A-Z-]+)</p>')


@pytest.fixture
def election(session, clock):
    """An open Quartiersrat election on its voting day (see `election_on_voting_day`)."""
    return election_on_voting_day(session, clock, secret_key=TEST_SECRET)


def _ballots(session):
    session.expire_all()
    return session.scalars(select(StoredBallot)).all()


def _letter_state(session, election, ref):
    session.expire_all()
    entry = session.scalars(
        select(RollEntry).where(RollEntry.election_id == election.id, RollEntry.ref == ref)
    ).one()
    letters = session.scalars(select(CodeLetter).where(CodeLetter.roll_entry_id == entry.id))
    return [letter.state for letter in letters], entry.has_voted


def _html(response) -> str:
    return response.get_data(as_text=True)


def _admit(client, code):
    response = enter_code(client, code)
    assert response.status_code == 303, _html(response)
    assert response.headers["Location"].endswith("/vote/ballot")


def test_the_whole_flow_with_a_code_from_a_printed_letter(client, session, clock, tmp_path):
    election, codes = open_election_with_codes(session, clock(), tmp_path, secret_key=TEST_SECRET)
    clock.moment = VOTING_DAY
    start = _html(client.get(f"/vote?election={election.slug}"))
    assert election.title in start
    assert 'autocomplete="off"' in start and 'inputmode="text"' in start
    # Typed in lower case and without dashes, as residents do.
    _admit(client, codes["R0001"].lower().replace("-", " "))

    ballot = _html(client.get("/vote/ballot"))
    assert "<fieldset" in ballot and "<legend><h2" in ballot
    assert "Ayşe Demir" in ballot and "Sie wählen bis zu sechs Personen" in ballot
    assert "Kita Sonnenblume" not in ballot  # the institutions' contest is not theirs

    review = vote_step(client, "review", {"cross.bewohner": ["0", "2"]})
    assert review.status_code == 200
    page = _html(review)
    assert "Ayşe Demir" in page and "Chiara Rossi" in page and "Bernd Krause" not in page
    assert page.count('type="hidden" name="cross.bewohner"') == 2
    assert _ballots(session) == []  # nothing is cast before the resident says so

    changed = vote_step(client, "ballot", {"cross.bewohner": ["0", "2"]})
    assert 'value="0" checked' in _html(changed) and 'value="2" checked' in _html(changed)
    assert 'value="1" checked' not in _html(changed)

    cast = vote_step(client, "cast", {"cross.bewohner": ["0", "2", "4"]})
    assert cast.status_code == 303 and cast.headers["Location"].endswith("/vote/done")
    done = _html(client.get("/vote/done"))
    shown = TRACKER.search(done).group(1)
    (stored,) = _ballots(session)
    assert shown == box.tracker_display(stored.tracker)
    assert _letter_state(session, election, "R0001") == ([USED], True)

    found = _html(client.get(f"/tracker?t={shown.lower()}"))
    assert "Found" in found and election.title in found
    # The done page's look-up posts the tracker: no address in an access log carries it.
    addresses = re.findall(r'(?:href|action)="([^"]*)"', done)
    assert addresses and not any(shown in address for address in addresses)
    looked_up = client.post("/tracker", data={"csrf_token": csrf_token(done), "t": shown})
    assert "Found" in _html(looked_up) and shown in _html(looked_up)


def test_the_session_keeps_no_choice_and_no_code(app, client, election):
    code = election.codes["R0002"]
    _admit(client, code)
    vote_step(client, "review", {"cross.bewohner": ["3"]})
    cookie = client.get_cookie("ballot_session").value
    data = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert set(data) <= {"vote", "csrf_token", "lang"}
    assert set(data["vote"]) == {"letter", "election", "electorate", "seen", "id"}
    assert code not in cookie and "bewohner" not in str(data)


def test_institutions_see_only_their_contest(client, session, election):
    _admit(client, election.codes["R0007"])
    ballot = _html(client.get("/vote/ballot"))
    assert "Kita Sonnenblume" in ballot and "Ayşe Demir" not in ballot
    # Crosses for a contest outside the electorate are ignored, never counted.
    response = vote_step(client, "cast", {"cross.einrichtungen": ["1"], "cross.bewohner": ["0"]})
    assert response.status_code == 303
    assert len(_ballots(session)) == 1


def test_the_marks_reach_the_service_as_chosen(client, election, monkeypatch):
    seen = []
    real = voting.cast_ballot

    def recording(session, *, admission, marks, now):
        seen.append(marks)
        return real(session, admission=admission, marks=marks, now=now)

    monkeypatch.setattr(voting, "cast_ballot", recording)
    _admit(client, election.codes["R0003"])
    vote_step(client, "cast", {"cross.bewohner": ["7", "1"]})
    assert seen == [{"bewohner": [7, 1]}]


def test_yes_no_contest(client, session, clock):
    _election, codes = open_election_quickly(
        session, clock(), secret_key=TEST_SECRET, file="aktionsfonds.toml", institutions=0
    )
    clock.moment = VOTING_DAY
    _admit(client, codes["R0001"])
    ballot = _html(client.get("/vote/ballot"))
    assert ballot.count('type="radio"') == 3 * 8
    assert 'id="a-jury-0-abstain" name="answer.jury.0" value="abstain" checked' in ballot
    fields = {"answer.jury.0": "yes", "answer.jury.1": "no", "answer.jury.2": "abstain"}
    review = _html(vote_step(client, "review", fields))
    assert re.search(r"Paul Lindner</bdi>: <strong>Yes", review)
    assert re.search(r"Rania Haddad</bdi>: <strong>No", review)
    assert re.search(r"Sven Krause</bdi>: <strong>Abstain", review)
    assert 'name="answer.jury.0" value="yes"' in review
    assert vote_step(client, "cast", fields).status_code == 303
    assert len(_ballots(session)) == 1


ABSTAIN_WORD = {"de": "Enthaltung", "tr": "Çekimser", "ar": "امتناع"}


@pytest.mark.parametrize("lang", ["de", "tr", "ar"])
@pytest.mark.parametrize("sent", ["every answer abstain", "no answer at all"])
def test_a_yes_no_ballot_with_only_abstentions_is_valid(app, session, clock, lang, sent):
    _election, codes = open_election_quickly(
        session, clock(), secret_key=TEST_SECRET, file="aktionsfonds.toml", institutions=0
    )
    clock.moment = VOTING_DAY
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    _admit(client, codes["R0001"])
    fields = {f"answer.jury.{p}": "abstain" for p in range(8)} if sent != "no answer at all" else {}
    review = vote_step(client, "review", fields)
    page = _html(review)
    assert review.status_code == 200, page
    assert f'<html lang="{lang}"' in page
    assert re.findall(r"</bdi>: <strong>([^<]+)</strong>", page) == [ABSTAIN_WORD[lang]] * 8
    assert 'name="answer.jury.' not in page  # abstentions travel as absent answers
    changed = _html(vote_step(client, "ballot", fields))
    assert changed.count('value="abstain" checked') == 8
    assert vote_step(client, "cast", fields).status_code == 303
    assert len(_ballots(session)) == 1


def test_an_empty_ballot_is_a_valid_abstention(client, session, election):
    _admit(client, election.codes["R0004"])
    review = _html(vote_step(client, "review", {}))
    assert "You chose nobody" in review
    assert vote_step(client, "cast", {}).status_code == 303
    assert len(_ballots(session)) == 1


def test_too_many_crosses_are_refused_with_a_linked_summary(client, session, election):
    _admit(client, election.codes["R0001"])
    crosses = {"cross.bewohner": [str(p) for p in range(7)]}
    for step in ("review", "cast"):
        response = vote_step(client, step, crosses)
        page = _html(response)
        assert response.status_code == 400
        assert 'id="error-summary"' in page and 'href="#c-bewohner-0"' in page
        assert "at most 6" in page
        assert 'aria-describedby="contest-bewohner-description contest-bewohner-hint ' in page
        assert page.count("checked") == 7  # the resident's marks are kept
    assert _ballots(session) == []
    assert _letter_state(session, election, "R0001") == ([ISSUED], False)


@pytest.mark.parametrize(
    "fields",
    [
        {"cross.bewohner": ["99"]},
        {"cross.bewohner": ["x"]},
        {"cross.bewohner": ["-1"]},
        {"cross.bewohner": ["1", "1"]},
        {"cross.bewohner": ["²"]},  # str.isdigit holds, int() refuses it
        {"cross.bewohner": ["٣"]},  # an Arabic-Indic 3 is no position either
        {"cross.bewohner": ["1", "３"]},  # nor a full-width 3
    ],
)
def test_a_choice_not_on_the_ballot_is_refused(client, session, election, fields):
    _admit(client, election.codes["R0001"])
    for step in ("review", "cast"):
        response = vote_step(client, step, fields)
        assert response.status_code == 400
        assert "a choice is not on the ballot" in _html(response)
    assert _ballots(session) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"answer.jury.8": "yes"},
        {"answer.jury.0": "maybe"},
        {"answer.jury.x": "no"},
        {"answer.jury.²": "yes"},
        {"answer.jury.٣": "no"},
    ],
)
def test_a_yes_no_answer_not_on_the_ballot_is_refused(client, session, clock, fields):
    _election, codes = open_election_quickly(
        session, clock(), secret_key=TEST_SECRET, file="aktionsfonds.toml", institutions=0
    )
    clock.moment = VOTING_DAY
    _admit(client, codes["R0001"])
    for step in ("review", "cast"):
        response = vote_step(client, step, fields)
        assert response.status_code == 400
        assert 'href="#a-jury-0-yes"' in _html(response)
        assert "a choice is not on the ballot" in _html(response)
    assert _ballots(session) == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Please enter the code from your letter."),
        ("K7QF-3M9D", "A code has 16 letters and digits"),
        ("K7QF-3M9D-TX2H-8WPÄ", "a character that codes do not use"),
        ("K7QF-3M9D-TX2H-8WPU", "A to Z without U: what looks like a U is a V"),
        ("K7QF-3M9D-TX2H-8WPC", "typing mistake"),  # the check symbol does not fit
    ],
)
def test_a_malformed_code_is_refused_with_a_clear_message(client, election, typed, message):
    response = enter_code(client, typed)
    page = _html(response)
    assert response.status_code == 400
    assert message in page
    assert 'href="#code"' in page and 'aria-invalid="true"' in page


def test_the_letters_link_pasted_into_the_code_field_opens_the_ballot(client, election):
    code = election.codes["R0001"]
    response = enter_code(client, f"https://wahl.example.org/vote#{code}")
    assert response.status_code == 303


@pytest.mark.parametrize("address", ["/vote/", "/vote/?election=lindenhof-qr-2027", "/tracker/"])
def test_the_address_typed_with_a_trailing_slash_still_answers(client, election, address):
    """A resident who types the letter's address as '…/vote/' finds the page, not a 404."""
    response = client.get(address)
    assert response.status_code == 200
    assert 'id="code-form"' in _html(response) or 'id="tracker-form"' in _html(response)


def test_a_code_sent_from_the_start_page_with_a_trailing_slash_opens_the_ballot(client, election):
    fields = {"code": election.codes["R0002"], "election": ""}
    response = submit(client, "/vote/", fields, page="/vote/")
    assert response.status_code == 303 and response.headers["Location"].endswith("/vote/ballot")


def test_an_unknown_code_is_refused(client, election):
    from ballot.tokens import generate_code  # noqa: PLC0415

    response = enter_code(client, generate_code())
    assert response.status_code == 400
    assert "unknown or no longer valid" in _html(response)


def test_a_revoked_code_is_refused(client, session, election, tmp_path):
    from ballot.services.actor import operator_actor  # noqa: PLC0415
    from ballot.services.letters import reissue_code  # noqa: PLC0415

    reissue_code(
        session,
        election=election,
        serial=1,
        secret_key=TEST_SECRET,
        public_url="https://wahl.example.org",
        out_dir=tmp_path / "reissue",
        actor=operator_actor("test"),
        now=VOTING_DAY,
    )
    session.commit()
    response = enter_code(client, election.codes["R0001"])
    assert response.status_code == 400
    assert "only the code in the newest letter works" in _html(response)
    # A revoked code tells no more than a code that never existed: not even its election.
    assert election.title not in _html(response)
    never_issued = enter_code(client, generate_code())
    assert _without_tokens(_html(response)) == _without_tokens(_html(never_issued))


def _without_tokens(html: str) -> str:
    """A page without what differs from one answer to the next: its CSRF token and the code."""
    return re.sub(r'(name="(csrf_token|code)"[^>]*value=")[^"]*', r"\1", html)


def test_a_used_code_is_refused(client, app, election):
    _admit(client, election.codes["R0005"])
    vote_step(client, "cast", {"cross.bewohner": ["1"]})
    other = english_client(app)
    response = enter_code(other, election.codes["R0005"])
    assert response.status_code == 400
    assert "already been used" in _html(response)


def test_codes_work_only_in_the_voting_period(client, clock, election):
    clock.moment = election.opens - timedelta(minutes=1)
    early = _html(enter_code(client, election.codes["R0001"]))
    assert "Voting has not started yet" in early and "March 1, 2027, 8:00\u202fAM" in early
    clock.moment = election.closes
    assert "Voting has ended" in _html(enter_code(client, election.codes["R0001"]))
    clock.moment = election.opens
    _admit(client, election.codes["R0001"])


def _draft_with_codes(session, clock):
    """Letters printed and codes stored, the election not opened yet (still a draft)."""
    from ballot.services.roll import import_roll  # noqa: PLC0415
    from tests.helpers import example_election, quick_ceremony, small_roll, store_codes  # noqa: PLC0415

    election = example_election(session, clock())
    import_roll(session, election=election, data=small_roll(2), actor=operator_actor(), now=clock())
    quick_ceremony(session, election, clock(), secret_key=TEST_SECRET)
    codes = store_codes(session, election, secret_key=TEST_SECRET)
    session.commit()
    return election, codes


def test_a_code_of_an_election_not_opened_yet_leads_to_no_missing_page(client, session, clock):
    """The letter came before the opening: the refusal says when voting starts, and offers
    no link to the election's page, which the public cannot see before the opening."""
    election, codes = _draft_with_codes(session, clock)
    clock.moment = election.opens - timedelta(days=3)
    page = _html(enter_code(client, codes["R0001"]))
    assert "Voting has not started yet. You can vote from March 1, 2027" in page
    assert f"/{election.slug}/" not in page


def test_a_code_of_an_election_opened_late_does_not_name_a_past_start(client, session, clock):
    """The opening time passed and the office has not opened the election: 'you can vote from'
    a moment in the past would contradict 'not started yet'."""
    election, codes = _draft_with_codes(session, clock)
    clock.moment = election.opens + timedelta(hours=2)
    page = _html(enter_code(client, codes["R0001"]))
    assert "Voting has not started yet. Please try again later" in page
    assert "You can vote from" not in page and f"/{election.slug}/" not in page


def test_closing_after_admission_refuses_the_cast(client, session, election):
    from ballot.services.actor import operator_actor  # noqa: PLC0415
    from ballot.services.elections import close_election  # noqa: PLC0415

    _admit(client, election.codes["R0001"])
    close_election(session, election=election, actor=operator_actor("test"), now=VOTING_DAY)
    session.commit()
    response = vote_step(client, "cast", {"cross.bewohner": ["0"]})
    assert response.status_code == 409
    assert "Voting has ended" in _html(response)
    assert _ballots(session) == []


def test_the_session_expires_after_15_idle_minutes(client, session, clock, election):
    _admit(client, election.codes["R0001"])
    clock.moment = VOTING_DAY + timedelta(minutes=10)
    assert client.get("/vote/ballot").status_code == 200  # activity renews the session
    clock.moment = VOTING_DAY + timedelta(minutes=24)
    assert client.get("/vote/ballot").status_code == 200
    clock.moment = VOTING_DAY + timedelta(minutes=39, seconds=1)
    expired = vote_step(client, "cast", {"cross.bewohner": ["0"]})
    assert expired.status_code == 400
    assert "Your session has expired" in _html(expired)
    assert _ballots(session) == []
    # The admission is gone for good; the code itself still works.
    assert client.get("/vote/ballot").headers["Location"].endswith("/vote")
    _admit(client, election.codes["R0001"])


def test_a_second_press_or_a_reload_shows_the_same_tracker(client, session, election):
    _admit(client, election.codes["R0001"])
    first = vote_step(client, "cast", {"cross.bewohner": ["0"]})
    tracker = TRACKER.search(_html(client.get(first.headers["Location"]))).group(1)
    again = vote_step(client, "cast", {"cross.bewohner": ["1"]})
    assert again.status_code == 303 and again.headers["Location"].endswith("/vote/done")
    assert TRACKER.search(_html(client.get("/vote/done"))).group(1) == tracker
    # Back to the ballot or the review: the done page, never a second ballot.
    assert client.get("/vote/ballot").headers["Location"].endswith("/vote/done")
    assert vote_step(client, "review", {}).headers["Location"].endswith("/vote/done")
    assert len(_ballots(session)) == 1


def test_the_same_code_in_two_browsers_casts_once(app, session, election):
    first, second = english_client(app), english_client(app)
    _admit(first, election.codes["R0001"])
    _admit(second, election.codes["R0001"])
    assert vote_step(first, "cast", {"cross.bewohner": ["0"]}).status_code == 303
    refused = vote_step(second, "cast", {"cross.bewohner": ["1"]})
    assert refused.status_code == 409
    assert "already been used" in _html(refused)
    assert len(_ballots(session)) == 1


def test_steps_without_a_code_lead_to_the_start(client, election):
    for step in ("ballot", "review", "cast"):
        response = vote_step(client, step, {"cross.bewohner": ["0"]})
        assert response.status_code == 303 and response.headers["Location"].endswith("/vote")
    assert client.get("/vote/done").headers["Location"].endswith("/vote")


def test_a_failure_between_marking_and_storing_leaves_nothing(
    client, session, election, monkeypatch
):
    def broken_store(*_args, **_kwargs):
        raise RuntimeError("the disk is full")

    _admit(client, election.codes["R0001"])
    monkeypatch.setattr(voting, "_store_ballot", broken_store)
    response = vote_step(client, "cast", {"cross.bewohner": ["0"]})
    assert response.status_code == 500
    assert _ballots(session) == []
    assert _letter_state(session, election, "R0001") == ([ISSUED], False)
    monkeypatch.undo()
    # The resident can simply try again.
    assert vote_step(client, "cast", {"cross.bewohner": ["0"]}).status_code == 303
    assert len(_ballots(session)) == 1
    assert _letter_state(session, election, "R0001") == ([USED], True)


def test_no_code_and_no_choice_in_any_log_line(client, election, caplog):
    code = election.codes["R0006"]
    caplog.set_level("DEBUG")
    _admit(client, code)
    vote_step(client, "review", {"cross.bewohner": ["5"]})
    vote_step(client, "cast", {"cross.bewohner": ["5"]})
    enter_code(client, code)  # refused: used
    assert caplog.records, "the vote should leave at least one log line"
    forms = {code, code.replace("-", ""), "Gregor Lindner", "cross.bewohner", "bewohner"}
    for record in caplog.records:
        line = record.getMessage() + str(record.args or "") + (record.exc_text or "")
        assert not any(secret in line for secret in forms), line


def _review_page(client, fields: dict) -> str:
    review = vote_step(client, "review", fields)
    assert review.status_code == 200, _html(review)
    return _html(review)


def _press(client, step: str, review: str, fields: dict):
    """Send the form of an earlier review page again: its own CSRF token and admission id."""
    data = {"csrf_token": csrf_token(review), "visit": visit_id(review), **fields}
    return client.post(f"/vote/{step}", data=data)


def _other_code_refusal(response) -> None:
    assert response.status_code == 409
    assert "This page belongs to a code that was entered earlier in this browser" in _html(response)
    assert 'href="/vote"' in _html(response)


def test_a_form_of_an_earlier_code_in_another_tab_casts_nothing(app, session, election):
    browser = english_client(app)  # one cookie jar: both tabs share the session
    _admit(browser, election.codes["R0001"])
    first_tab = _review_page(browser, {"cross.bewohner": ["0", "2"]})
    _admit(browser, election.codes["R0002"])  # the second tab
    for step in ("cast", "review", "ballot"):
        _other_code_refusal(_press(browser, step, first_tab, {"cross.bewohner": ["0", "2"]}))
    assert _ballots(session) == []
    assert _letter_state(session, election, "R0001") == ([ISSUED], False)
    assert _letter_state(session, election, "R0002") == ([ISSUED], False)
    # The second tab's own ballot still works, with its own marks.
    second_tab = _review_page(browser, {"cross.bewohner": ["5"]})
    assert visit_id(second_tab) != visit_id(first_tab)
    assert _press(browser, "cast", second_tab, {"cross.bewohner": ["5"]}).status_code == 303
    assert _letter_state(session, election, "R0002") == ([USED], True)
    # The first tab's press after that is not shown the second code's tracker.
    _other_code_refusal(_press(browser, "cast", first_tab, {"cross.bewohner": ["0", "2"]}))
    assert _letter_state(session, election, "R0001") == ([ISSUED], False)
    assert len(_ballots(session)) == 1


def test_the_same_code_entered_again_keeps_the_first_tabs_form(app, session, election):
    """The QR code scanned twice, or the code typed in a second tab: the forms open for that
    code still work, as nothing was entered for any other code; it casts once."""
    browser = english_client(app)
    _admit(browser, election.codes["R0001"])
    first_tab = _review_page(browser, {"cross.bewohner": ["0", "2"]})
    _admit(browser, election.codes["R0001"].lower())  # the second tab
    second_tab = _review_page(browser, {"cross.bewohner": ["4"]})
    assert visit_id(second_tab) == visit_id(first_tab)
    assert _press(browser, "cast", first_tab, {"cross.bewohner": ["0", "2"]}).status_code == 303
    assert _letter_state(session, election, "R0001") == ([USED], True)
    again = _press(browser, "cast", second_tab, {"cross.bewohner": ["4"]})
    assert again.status_code == 303 and again.headers["Location"].endswith("/vote/done")
    assert len(_ballots(session)) == 1


def test_a_form_of_another_election_in_another_tab_casts_nothing(client, session, clock, election):
    jury, jury_codes = open_election_quickly(
        session, clock(), secret_key=TEST_SECRET, file="aktionsfonds.toml", institutions=0
    )
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    _admit(client, election.codes["R0001"])
    first_tab = _review_page(client, {"cross.bewohner": ["1"]})
    _admit(client, jury_codes["R0001"])
    refused = _press(client, "cast", first_tab, {"cross.bewohner": ["1"]})
    assert refused.status_code == 409
    assert "Diese Seite gehört zu einem Wahlcode" in _html(refused)
    assert _ballots(session) == []
    # Entering the first code again makes its tab's new pages work; the old form stays refused.
    _admit(client, election.codes["R0001"])
    assert _press(client, "cast", first_tab, {"cross.bewohner": ["1"]}).status_code == 409
    assert vote_step(client, "cast", {"cross.bewohner": ["1"]}).status_code == 303
    assert [b.election_id for b in _ballots(session)] == [election.id]
    assert _letter_state(session, jury, "R0001") == ([ISSUED], False)


@pytest.mark.parametrize("sent", [None, "", "made-up", ["one", "two"]])
def test_a_form_without_the_admission_id_casts_nothing(client, session, election, sent):
    _admit(client, election.codes["R0001"])
    fields = {"cross.bewohner": ["0"], "visit": sent}
    if sent is None:
        fields.pop("visit")
    token = csrf_token(_html(client.get("/vote/ballot")))
    response = client.post("/vote/cast", data={"csrf_token": token, **fields})
    assert response.status_code == 409
    assert _ballots(session) == []
    assert _letter_state(session, election, "R0001") == ([ISSUED], False)


def test_the_admission_id_says_nothing_about_the_code(app, client, election):
    code = election.codes["R0001"]
    _admit(client, code)
    shown = visit_id(_html(client.get("/vote/ballot")))
    other_browser = app.test_client()
    _admit(other_browser, code)  # the same code in another browser: another id
    again = visit_id(_html(other_browser.get("/vote/ballot")))
    assert len(shown) >= 20 and shown != again
    for form in (code, code.replace("-", ""), code.lower()):
        assert form not in shown and shown not in form


def test_a_ballot_sent_after_the_browser_lost_its_session_says_nothing_was_cast(
    app, session, election
):
    """The session cookie gone (the phone's browser restarted): the CSRF check refuses the
    form, and the resident learns that nothing was cast and how to go on, not to resend it."""
    browser = english_client(app)
    _admit(browser, election.codes["R0001"])
    review = _review_page(browser, {"cross.bewohner": ["0"]})
    restarted = english_client(app)
    refused = _press(restarted, "cast", review, {"cross.bewohner": ["0"]})
    assert refused.status_code == 400
    assert "Nothing has been cast from it. Please enter your code again." in _html(refused)
    assert 'href="/vote"' in _html(refused) and "load the page again" not in _html(refused)
    assert _letter_state(session, election, "R0001") == ([ISSUED], False)
    assert _ballots(session) == []


COOKIE_NOTE = "if your browser blocks cookies, please allow them for this site"


def test_a_browser_that_blocks_cookies_is_told_to_allow_them(app, session, election):
    """Without the session cookie every code form is refused by the CSRF check; 'enter your
    code again' alone would send the resident round in a circle."""
    no_cookies = app.test_client(use_cookies=False)
    no_cookies.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    token = csrf_token(no_cookies.get("/vote").get_data(as_text=True))
    refused = no_cookies.post("/vote", data={"csrf_token": token, "code": election.codes["R0001"]})
    assert refused.status_code == 400
    assert "Nothing has been cast from it." in _html(refused) and COOKIE_NOTE in _html(refused)
    assert _letter_state(session, election, "R0001") == ([ISSUED], False)


def test_a_form_of_an_earlier_visit_with_a_cookie_sent_says_nothing_of_cookies(app, election):
    browser = english_client(app)
    browser.get("/vote")  # a session cookie, but not the one the old form was made for
    refused = browser.post("/vote", data={"csrf_token": "old", "code": election.codes["R0001"]})
    assert refused.status_code == 400 and COOKIE_NOTE not in _html(refused)


def test_a_tracker_typed_into_the_code_field_is_named_as_a_tracker(client, election):
    """Back on the voting page to check the vote, a resident types the tracker they noted:
    'a code has 16 letters and digits' would send them looking for a typing mistake."""
    _admit(client, election.codes["R0003"])
    done = vote_step(client, "cast", {"cross.bewohner": ["2"]})
    tracker = TRACKER.search(_html(client.get(done.headers["Location"]))).group(1)
    refused = enter_code(english_client(client.application), tracker.lower())
    page = _html(refused)
    assert refused.status_code == 400
    assert "This is a tracker, not the voting code from your letter." in page
    assert 'href="/tracker"' in page.split('id="code-error"', 1)[1]
    assert "16 letters and digits, for example" not in page.split('id="code-error"', 1)[1]

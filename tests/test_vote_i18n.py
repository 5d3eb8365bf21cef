"""Every resident page speaks the resident's language: German, English, Turkish and Arabic
(right to left), with no English sentence left over on the way from the code to the tracker."""

import html
import re
from datetime import timedelta

import pytest
from flask import render_template

from ballot.services import voting
from tests.conftest import TEST_SECRET
from tests.helpers import (
    VOTING_DAY,
    english_client,
    enter_code,
    example_election,
    open_election_quickly,
    submit,
    vote_step,
)

TEXT = re.compile(r">([^<>]+)<")
LANGUAGES = [("de", "ltr"), ("tr", "ltr"), ("ar", "rtl")]


def _sentences(page: str) -> set[str]:
    """The visible texts of a page that are sentences (four words or more)."""
    body = page.split("<main", 1)[1].split("</main>", 1)[0]
    texts = {" ".join(html.unescape(t).split()) for t in TEXT.findall(body)}
    return {t for t in texts if len(t.split()) >= 4}


def _walk(client, code) -> dict[str, str]:
    """Every page of a vote, from the start page with an error to the found tracker."""
    pages = {"start": client.get("/vote?election=lindenhof-qr-2027").get_data(as_text=True)}
    pages["wrong code"] = enter_code(client, "K7QF-3M9D").get_data(as_text=True)
    enter_code(client, code)
    pages["ballot"] = client.get("/vote/ballot").get_data(as_text=True)
    too_many = {"cross.bewohner": [str(p) for p in range(7)]}
    pages["ballot with error"] = vote_step(client, "review", too_many).get_data(as_text=True)
    pages["review"] = vote_step(client, "review", {"cross.bewohner": ["1"]}).get_data(as_text=True)
    vote_step(client, "cast", {"cross.bewohner": ["1"]})
    pages["done"] = client.get("/vote/done").get_data(as_text=True)
    tracker = re.search(r'id="tracker">([^<]+)<', pages["done"]).group(1)
    pages["tracker"] = client.get(f"/tracker?t={tracker}").get_data(as_text=True)
    pages["tracker format"] = client.get("/tracker?t=x").get_data(as_text=True)
    return pages


@pytest.mark.parametrize(("lang", "direction"), LANGUAGES)
def test_the_resident_pages_are_complete_in_every_language(app, session, clock, lang, direction):
    election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    clock.moment = VOTING_DAY
    english = _walk(english_client(app), codes["R0001"])
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    translated = _walk(client, codes["R0002"])
    # Texts of the election itself (titles, descriptions) stay as the officers wrote them.
    data = {election.title} | {t for c in election.contests for t in (c.title, c.description)}
    for name, page in translated.items():
        assert f'<html lang="{lang}" dir="{direction}">' in page, name
        left_over = (_sentences(english[name]) & _sentences(page)) - data
        assert not left_over, f"{name} in {lang}: {sorted(left_over)}"


# The voting period of the example elections, as each language writes a date and a time.
PERIODS = {
    "de": ("1. März 2027, 08:00", "14. März 2027, 18:00"),
    "en": ("March 1, 2027, 8:00\u202fAM", "March 14, 2027, 6:00\u202fPM"),
    "tr": ("1 Mart 2027 08:00", "14 Mart 2027 18:00"),
}


@pytest.mark.parametrize("lang", sorted(PERIODS))
def test_dates_are_written_as_the_language_writes_them_in_berlin_time(app, session, clock, lang):
    election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    clock.moment = election.opens - timedelta(hours=1)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    opens, closes = PERIODS[lang]
    start = client.get(f"/vote?election={election.slug}").get_data(as_text=True)
    early = enter_code(client, codes["R0001"]).get_data(as_text=True)
    public = client.get(f"/e/{election.slug}/", follow_redirects=True).get_data(as_text=True)
    for page in (start, early, public):
        assert opens in page and closes in page
    others = {text for other, period in PERIODS.items() if other != lang for text in period}
    assert not any(text in page for text in others for page in (start, early, public))


@pytest.mark.parametrize("step", ["ballot", "review"])
def test_switching_the_language_keeps_the_marks(app, session, clock, step):
    """On the ballot and the review, the language switch sends the marks along."""
    _election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    clock.moment = VOTING_DAY
    client = app.test_client()
    enter_code(client, codes["R0001"])
    page = client.get("/vote/ballot").get_data(as_text=True)
    if step == "review":
        page = vote_step(client, "review", {"cross.bewohner": ["1", "3"]}).get_data(as_text=True)
    form = "ballot-form" if step == "ballot" else "cast-form"
    assert f'form="{form}" formaction="/vote/{step}" name="lang" value="ar"' in page
    switched = vote_step(client, step, {"cross.bewohner": ["1", "3"], "lang": "ar"})
    html_text = switched.get_data(as_text=True)
    assert switched.status_code == 200 and '<html lang="ar" dir="rtl">' in html_text
    if step == "ballot":
        checked = re.findall(r'name="cross\.bewohner" value="(\d+)"[^>]*checked', html_text)
        assert checked == ["1", "3"]
    else:
        assert html_text.count('name="cross.bewohner"') == 2
    assert '<html lang="ar"' in client.get("/vote/ballot").get_data(as_text=True)
    unknown = vote_step(client, step, {"cross.bewohner": ["1"], "lang": "xx"})
    assert '<html lang="ar"' in unknown.get_data(as_text=True)  # an unknown code changes nothing


def test_switching_the_language_on_the_start_page_keeps_the_code(app, session, clock):
    """The code filled in from the QR code (or typed) stays when the resident switches language;
    nothing is checked until they go on."""
    election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    clock.moment = VOTING_DAY
    client = english_client(app)
    page = client.get(f"/vote?election={election.slug}").get_data(as_text=True)
    assert 'form="code-form" formaction="/vote" name="lang" value="tr"' in page
    # Enter in the code field presses the page's first button of the form: one that goes on.
    first = re.search(r'<button type="submit" form="code-form"[^>]*>', page).group(0)
    assert "formaction" not in first and 'name="lang"' not in first
    fields = {"code": codes["R0001"].lower(), "election": election.slug, "lang": "tr"}
    switched = submit(client, "/vote", fields, page="/vote")
    text = switched.get_data(as_text=True)
    assert switched.status_code == 200 and '<html lang="tr" dir="ltr">' in text
    assert f'value="{codes["R0001"].lower()}"' in text and election.title in text
    not_yet = client.get("/vote/ballot")  # the switch admitted nobody
    assert not_yet.status_code == 303 and not_yet.headers["Location"].endswith("/vote")
    admitted = submit(client, "/vote", {"code": codes["R0001"], "election": election.slug})
    assert admitted.status_code == 303 and admitted.headers["Location"].endswith("/vote/ballot")
    assert '<html lang="tr"' in client.get("/vote/ballot").get_data(as_text=True)


def test_the_language_switch_of_a_ballot_refused_at_the_cast_never_casts(app, session, clock):
    _election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    clock.moment = VOTING_DAY
    client = app.test_client()
    enter_code(client, codes["R0001"])
    too_many = {"cross.bewohner": [str(p) for p in range(7)]}
    refused = vote_step(client, "cast", too_many).get_data(as_text=True)
    assert 'form="ballot-form" formaction="/vote/ballot" name="lang"' in refused
    assert "/vote/cast" not in refused.split("<main", 1)[0]


def test_a_contest_title_inside_a_message_is_isolated_for_right_to_left(app, session, clock):
    election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    clock.moment = VOTING_DAY
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar"
    enter_code(client, codes["R0001"])
    too_many = {"cross.bewohner": [str(p) for p in range(7)]}
    page = html.unescape(vote_step(client, "review", too_many).get_data(as_text=True))
    title = next(c.title for c in election.contests if c.key == "bewohner")
    assert f"\u2068{title}\u2069" in page


@pytest.mark.parametrize(
    ("crossed", "said"),
    [
        (["1"], "اخترت شخصًا واحدًا:"),
        (["1", "3"], "اخترت شخصين:"),
        (["0", "1", "3"], "اخترت 3 أشخاص:"),
    ],
)
def test_arabic_says_one_and_two_by_the_noun_alone(app, session, clock, crossed, said):
    """Arabic names one and two people by the noun ("شخصين", two people); "2 شخصين" would say
    the two twice, as an Arabic reader of the review page saw it."""
    _election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    clock.moment = VOTING_DAY
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar"
    enter_code(client, codes["R0001"])
    client.get("/vote/ballot")
    review = vote_step(client, "review", {"cross.bewohner": crossed}).get_data(as_text=True)
    assert said in review
    assert not re.search(r"[12] شخص", review)


@pytest.mark.parametrize(
    ("lang", "hint"),
    [
        ("en", "Choose exactly 6 people."),
        ("de", "Kreuzen Sie genau 6 Personen an."),
        ("tr", "Tam olarak 6 kişi seçin."),
        ("ar", "اختر 6 أشخاص بالضبط."),
    ],
)
def test_a_contest_with_as_many_crosses_required_as_allowed_asks_for_exactly_so_many(
    app, session, clock, lang, hint
):
    """min_choices = max_choices: the hint said 'Choose at least 6 and at most 6'."""
    election = example_election(
        session, clock(), **{"max_choices = 6": "min_choices = 6\nmax_choices = 6"}
    )
    contests = voting.contests_for(election, "residents")
    assert contests[0].min_choices == contests[0].max_choices == 6
    with app.test_request_context("/vote/ballot", headers={"Accept-Language": lang}):
        page = render_template(
            "vote/ballot.html",
            election=election,
            contests=contests,
            chosen={},
            problems={},
            summary=[],
            visit_id="",
        )
    hints = re.findall(r'<p class="hint" id="contest-[\w-]+-hint">([^<]*)</p>', page)
    assert hints[0].strip() == hint

"""The officer console, used as an officer would: create an election step by step, add
contests and candidates, upload a roll, open and close; every refusal shown clearly."""

import io
import re
from html import unescape

from sqlalchemy import func, select

from ballot.models import AuditEntry, Candidate, Contest, Election, RollEntry
from ballot.services import accounts as account_service
from ballot.services.actor import operator_actor
from ballot.services.areas import find_area
from tests.conftest import TEST_SECRET
from tests.helpers import (
    EXAMPLES,
    make_account,
    make_area,
    make_officer,
    sign_in,
    submit,
    upload_election_file,
)

NEW = "/console/elections/new"


def _officer_client(app, session, clock):
    area = make_area(session, "QM Lindenhof-Kiez", clock())
    officer = make_officer(session, "qm@example.org", area, secret_key=TEST_SECRET, now=clock())
    session.commit()
    client = app.test_client()
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    return client


def _basics(**changes):
    data = {
        "e-slug": "kiez-2027",
        "e-title": "Kiezwahl 2027",
        "e-area": "QM Lindenhof-Kiez",
        "e-opens": "2027-03-01 08:00",
        "e-closes": "2027-03-14 18:00",
        "e-min_age": "16",
        "e-languages": ["de", "ar"],
        "e-two_person_rule": "y",
    }
    data.update(changes)
    return data


def test_create_an_election_step_by_step(app, session, clock):
    client = _officer_client(app, session, clock)
    response = submit(client, NEW, _basics())
    assert response.status_code == 302
    base = "/console/elections/kiez-2027"
    contest = {
        "key": "bewohner",
        "title": "Bewohnerschaft",
        "method": "most-votes",
        "seats": "2",
        "max_choices": "2",
        "min_choices": "0",
        "hurdle_percent": "0",
        "electorate": "residents",
        "resident": "y",
        "quotas": "gender=f min 1",
    }
    assert submit(client, base + "/contests/new", contest).status_code == 302
    for name, attrs in (
        ("Ayşe Demir", "gender=f"),
        ("Bernd Krause", "gender=m"),
        ("<script>alert(1)</script>", ""),
    ):
        added = submit(
            client, base + "/contests/bewohner/candidates", {"name": name, "attributes": attrs}
        )
        assert added.status_code == 302
    election = session.scalars(select(Election).where(Election.slug == "kiez-2027")).one()
    assert election.languages == ["de", "ar"]
    assert election.opens.isoformat() == "2027-03-01T07:00:00+00:00"
    assert [c.name for c in election.contests[0].candidates][:2] == ["Ayşe Demir", "Bernd Krause"]
    assert election.contests[0].quotas == [{"attribute": "gender", "value": "f", "min": 1}]
    html = client.get(base + "/").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_bad_input_in_the_form_is_named_and_changes_nothing(app, session, clock):
    client = _officer_client(app, session, clock)
    response = submit(
        client, NEW, _basics(**{"e-closes": "2027-02-01 08:00", "e-slug": "Bad Slug"})
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "election.closes" in html and "election.slug" in html
    badly_written = submit(client, NEW, _basics(**{"e-opens": "next monday"}))
    assert badly_written.status_code == 400
    assert "YYYY-MM-DD HH:MM" in badly_written.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Election)) == 0


def test_contest_limits_are_enforced_in_the_console(app, session, clock):
    client = _officer_client(app, session, clock)
    submit(client, NEW, _basics())
    base = "/console/elections/kiez-2027"
    bad_quota = {
        "key": "c",
        "title": "C",
        "method": "most-votes",
        "seats": "2",
        "max_choices": "2",
        "hurdle_percent": "0",
        "electorate": "residents",
        "quotas": "gender: lots",
    }
    response = submit(client, base + "/contests/new", bad_quota)
    assert response.status_code == 400
    assert "attribute=value min N max M" in response.get_data(as_text=True)
    bad_attributes = submit(client, base + "/contests/new", {**bad_quota, "quotas": ""})
    assert bad_attributes.status_code == 302
    nonsense = submit(client, base + "/contests/c/candidates", {"name": "X", "attributes": "f"})
    assert nonsense.status_code == 400
    assert session.scalar(select(func.count()).select_from(Candidate)) == 0


def test_the_residents_majority_is_named_in_the_officers_language(app, session, clock):
    client = _officer_client(app, session, clock)
    client.get("/lang/de")
    submit(client, NEW, _basics())
    base = "/console/elections/kiez-2027"
    contest = {"method": "most-votes", "max_choices": "1", "hurdle_percent": "0"}
    contest |= {"electorate": "residents"}
    residents = {**contest, "key": "bewohner", "title": "B", "seats": "2", "resident": "y"}
    assert submit(client, base + "/contests/new", residents).status_code == 302
    others = {**contest, "key": "einrichtungen", "title": "E", "seats": "3"}
    response = submit(client, base + "/contests/new", others)
    assert response.status_code == 400
    assert (
        "election.resident_contests: Bewohnerinnen und Bewohner haben 2 von 5 Sitzen, nicht mehr "
        "als die Hälfte (mindestens 3 nötig)"
    ) in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Contest)) == 1


def test_a_quota_no_count_can_meet_is_named_in_the_officers_language(app, session, clock):
    client = _officer_client(app, session, clock)
    client.get("/lang/de")
    text = (EXAMPLES / "quartiersrat.toml").read_text()
    impossible = text.replace('value = "f", min = 3 }', 'value = "f", min = 7 }')
    assert impossible != text
    refused = upload_election_file(client, impossible)
    assert refused.status_code == 400
    assert (
        "contest[1].quotas[1]: Mindestzahl 7 für gender=f ist mehr als die 6 Sitze"
        in refused.get_data(as_text=True)
    )
    assert session.scalar(select(func.count()).select_from(Election)) == 0


def test_roll_upload_in_the_console(app, session, clock):
    client = _officer_client(app, session, clock)
    assert _upload_example(client).status_code == 302
    page = "/console/elections/lindenhof-qr-2027/roll"
    bad = submit(
        client,
        page,
        {"file": (io.BytesIO((EXAMPLES / "bad-roll.csv").read_bytes()), "bad.csv")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "line 3" in html and "line 9" in html
    assert session.scalar(select(func.count()).select_from(RollEntry)) == 0
    good = submit(
        client,
        page,
        {"file": (io.BytesIO((EXAMPLES / "roll.csv").read_bytes()), "roll.csv")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    assert session.scalar(select(func.count()).select_from(RollEntry)) == 56


def test_opening_needs_the_key_ceremony(app, session, clock):
    client = _officer_client(app, session, clock)
    client.get("/lang/de")
    submit(client, NEW, _basics())
    response = submit(
        client, "/console/elections/kiez-2027/open", {}, page="/console/elections/kiez-2027/"
    )
    assert response.status_code == 409
    assert "Führen Sie die Schlüsselerzeugung durch" in response.get_data(as_text=True)


def test_refusals_of_open_and_close_are_in_the_officers_language(app, session, clock):
    """Every refusal in German, with the state named as the console names it; nothing changes."""
    client = _officer_client(app, session, clock)
    client.get("/lang/de")
    submit(client, NEW, _basics())
    page = "/console/elections/kiez-2027/"
    closing = submit(client, "/console/elections/kiez-2027/close", {}, page=page)
    assert closing.status_code == 409
    html = closing.get_data(as_text=True)
    assert "Nur eine laufende Wahl kann geschlossen werden" in html
    assert "„in Vorbereitung“" in html and "draft" not in html
    client.get("/lang/en")
    again = submit(client, "/console/elections/kiez-2027/close", {}, page=page)
    assert "Only an open election can close; it is in preparation." in again.get_data(as_text=True)
    assert session.scalars(select(Election)).one().state == "draft"
    actions = session.scalars(select(AuditEntry.action)).all()
    assert "election.close" not in actions and "request.close" not in actions


def test_a_taken_slug_and_another_areas_file_are_refused_in_german(app, session, clock):
    client = _officer_client(app, session, clock)
    client.get("/lang/de")
    make_area(session, "QM Soldiner Kiez", clock())
    session.commit()
    assert _upload_example(client).status_code == 302
    taken = _upload_example(client)
    assert taken.status_code == 400
    assert "Der Kurzname ist schon vergeben." in taken.get_data(as_text=True)
    assert "election.slug: lindenhof-qr-2027 gibt es schon" in taken.get_data(as_text=True)
    other = (EXAMPLES / "quartiersrat.toml").read_text()
    other = other.replace("lindenhof-qr-2027", "soldiner-2027").replace(
        'area = "QM Lindenhof-Kiez"', 'area = "QM Soldiner Kiez"'
    )
    refused = upload_election_file(client, other)
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Sie können Wahlen nur für ein Gebiet anlegen, in dem Sie Wahlleitung" in html
    assert "Not found" not in html and "Soldiner" not in html.split("<main", 1)[-1]
    assert session.scalar(select(func.count()).select_from(Election)) == 1


def test_a_refused_action_and_the_state_are_named_in_the_officers_language(app, session, clock):
    client = _officer_client(app, session, clock)
    submit(client, NEW, _basics())
    client.get("/lang/de")
    page = "/console/elections/kiez-2027/"
    opened = submit(client, "/console/elections/kiez-2027/open", {}, page=page)
    assert opened.status_code == 409
    assert "Schlüsselerzeugung" in opened.get_data(as_text=True)
    closed = submit(client, "/console/elections/kiez-2027/close", {}, page=page)
    assert closed.status_code == 409
    assert "„in Vorbereitung“" in closed.get_data(as_text=True)
    assert "draft" not in closed.get_data(as_text=True)


def test_problems_are_named_in_the_officers_language(app, session, clock):
    client = _officer_client(app, session, clock)
    client.get("/lang/de")
    response = submit(client, NEW, _basics(**{"e-closes": "2027-02-01 08:00"}))
    assert response.status_code == 400
    assert "election.closes: muss nach election.opens liegen" in response.get_data(as_text=True)


def _upload_example(client):
    return upload_election_file(client, (EXAMPLES / "quartiersrat.toml").read_text())


EDITED = {
    "slug": "lindenhof-qr-2027",
    "title": "Quartiersratswahl 2027",
    "area": "QM Lindenhof-Kiez",
    "opens": "2027-03-02 08:00",
    "closes": "2027-03-14 18:00",
    "min_age": "16",
    "languages": ["de", "en", "tr", "ar"],
    "help_contact": "Frau Muster, Tel. 030 1234567",
    # two_person_rule unticked: switched off
}


def test_an_edit_names_what_changed_in_the_audit_log(app, session, clock):
    client = _officer_client(app, session, clock)
    assert _upload_example(client).status_code == 302
    edit = "/console/elections/lindenhof-qr-2027/edit"
    assert submit(client, edit, EDITED).status_code == 302
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "election.update")).one()
    assert entry.details == {
        "title": {"old": "Quartiersratswahl Lindenhof-Kiez 2027", "new": "Quartiersratswahl 2027"},
        "opens": {"old": "2027-03-01T07:00:00+00:00", "new": "2027-03-02T07:00:00+00:00"},
        "two_person_rule": {"old": True, "new": False},
        "help_contact": "changed",
    }


def test_a_platform_admin_is_told_who_creates_an_areas_elections(app, session, clock):
    """An admin who is an officer elsewhere uploads a file for an area they are no officer of
    (here one that does not exist yet): a clear refusal, and no area or election is left."""
    own = make_area(session, "QM Nachbarkiez", clock())
    admin = make_account(
        session, "admin@example.org", admin=True, secret_key=TEST_SECRET, now=clock()
    )
    account_service.grant_role(
        session, account=admin, role="officer", area_id=own.id, actor=operator_actor(), now=clock()
    )
    session.commit()
    client = app.test_client()
    sign_in(client, admin, secret_key=TEST_SECRET, at=clock())
    response = _upload_example(client)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Elections of QM Lindenhof-Kiez are created by an officer of that area" in page
    assert session.scalar(select(func.count()).select_from(Election)) == 0
    assert find_area(session, "QM Lindenhof-Kiez") is None


def _officer_of_another_area(app, session, clock):
    area = make_area(session, "QM Nachbarkiez", clock())
    officer = make_officer(
        session, "nachbar@example.org", area, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    client = app.test_client()
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    client.get("/lang/de")
    return client


def test_an_officer_is_told_in_their_language_which_areas_they_create_elections_for(
    app, session, clock
):
    """A file for an area the officer does not run gets the same clear answer whether that
    area exists (then it would be "Not found.") or not (then "Unknown area."), in German."""
    client = _officer_of_another_area(app, session, clock)
    refusal = (
        "Sie können Wahlen nur für ein Gebiet anlegen, in dem Sie Wahlleitung sind: QM Nachbarkiez."
    )
    unknown_area = _upload_example(client)
    assert unknown_area.status_code == 400
    assert refusal in unknown_area.get_data(as_text=True)
    make_area(session, "QM Lindenhof-Kiez", clock())
    session.commit()
    other_area = _upload_example(client)
    assert other_area.status_code == 400
    assert refusal in other_area.get_data(as_text=True)
    assert "Not found" not in other_area.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Election)) == 0


def test_a_taken_slug_is_refused_in_the_officers_language(app, session, clock):
    client = _officer_client(app, session, clock)
    client.get("/lang/de")
    assert submit(client, NEW, _basics()).status_code == 302
    again = submit(client, NEW, _basics(**{"e-title": "Noch eine Wahl"}))
    assert again.status_code == 400
    assert "Der Kurzname ist schon vergeben." in again.get_data(as_text=True)
    assert "kiez-2027" in again.get_data(as_text=True)


def test_a_changed_slug_in_the_edit_form_is_refused_in_the_officers_language(app, session, clock):
    """The edit form shows the slug as a text field; changing it was refused in English."""
    client = _officer_client(app, session, clock)
    assert _upload_example(client).status_code == 302
    client.get("/lang/de")
    edit = "/console/elections/lindenhof-qr-2027/edit"
    response = submit(client, edit, {**EDITED, "slug": "lindenhof-2028"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Der Kurzname kann nicht geändert werden." in page
    assert "cannot change" not in page
    session.expire_all()
    assert session.scalars(select(Election.slug)).all() == ["lindenhof-qr-2027"]


def test_a_too_short_slug_is_told_the_rule_in_the_officers_language(app, session, clock):
    client = _officer_client(app, session, clock)
    client.get("/lang/de")
    response = submit(client, NEW, _basics(**{"e-slug": "ab"}))
    assert response.status_code == 400
    assert "muss 3 bis 80 Zeichen lang sein" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Election)) == 0


def test_an_election_file_that_is_not_toml_is_refused_in_the_officers_language(app, session, clock):
    client = _officer_client(app, session, clock)
    client.get("/lang/de")
    text = (EXAMPLES / "quartiersrat.toml").read_text().replace('title = "Q', "title = Q", 1)
    response = upload_election_file(client, text)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Zeile 6, Spalte 9: der Wert ist nicht lesbar (Text gehört in Anführungszeichen)" in page
    assert "Invalid value" not in page
    assert session.scalar(select(func.count()).select_from(Election)) == 0


def _form_values(html: str) -> dict:
    """What a browser sends for the form on the page: inputs, text areas, selected options."""
    values: dict = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        values[name] = unescape(value)
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = unescape(text.strip())
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        values[name] = re.findall(r'<option selected value="([^"]*)"', options)
    values.pop("csrf_token", None)
    return values


def test_editing_a_contest_of_two_electorates_keeps_both(app, session, clock):
    """A file's contest for residents and institutions, its title corrected in the console:
    the form offered one electorate only, and saving dropped the institutions silently."""
    client = _officer_client(app, session, clock)
    text = (EXAMPLES / "quartiersrat.toml").read_text()
    text = text.replace(
        'electorates = ["residents"]', 'electorates = ["residents", "institutions"]'
    )
    assert upload_election_file(client, text).status_code == 302
    page = "/console/elections/lindenhof-qr-2027/contests/bewohner/edit"
    values = _form_values(client.get(page).get_data(as_text=True))
    response = submit(client, page, {**values, "title": "Bewohnerschaft"})
    assert response.status_code == 302
    session.expire_all()
    contest = session.scalars(select(Contest).where(Contest.key == "bewohner")).one()
    assert contest.title == "Bewohnerschaft"
    assert list(contest.electorate_keys) == ["residents", "institutions"]


def test_a_new_contest_offers_the_first_electorate(app, session, clock):
    client = _officer_client(app, session, clock)
    submit(client, NEW, _basics())
    page = client.get("/console/elections/kiez-2027/contests/new").get_data(as_text=True)
    assert _form_values(page)["electorate"] == ["residents"]


def test_a_quota_on_a_value_with_a_space_survives_an_edit_in_the_console(app, session, clock):
    """A file's quota on subarea "Nord Ost": the console wrote it back as
    "subarea=Nord Ost min 1" and then refused its own line, so the contest could not be saved."""
    client = _officer_client(app, session, clock)
    text = (EXAMPLES / "quartiersrat.toml").read_text()
    text = text.replace(
        '{ attribute = "gender", value = "f", min = 3 }',
        '{ attribute = "gender", value = "f", min = 3 }, '
        '{ attribute = "subarea", value = "Nord Ost", max = 5 }',
    ).replace('gender = "f" }', 'gender = "f", subarea = "Nord Ost" }', 1)
    assert upload_election_file(client, text).status_code == 302
    page = "/console/elections/lindenhof-qr-2027/contests/bewohner/edit"
    values = _form_values(client.get(page).get_data(as_text=True))
    assert "subarea=Nord Ost max 5" in values["quotas"]
    assert submit(client, page, {**values, "title": "Bewohnerschaft"}).status_code == 302
    session.expire_all()
    contest = session.scalars(select(Contest).where(Contest.key == "bewohner")).one()
    assert contest.title == "Bewohnerschaft"
    assert contest.quotas[1] == {"attribute": "subarea", "value": "Nord Ost", "max": 5}

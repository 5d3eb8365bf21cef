"""Script and markup in candidate names, election titles, area names and roll fields: escaped on
every HTML page (public, voting, console) and printed literally in the letters and the report."""

import csv
import io
import re

import pytest
from markupsafe import escape
from pypdf import PdfReader

from ballot.services import ceremony, count, elections
from ballot.services.actor import operator_actor
from ballot.services.roll import import_roll
from tests.conftest import TEST_SECRET
from tests.helpers import (
    PASSPHRASES,
    ROLL_HEADER,
    VOTING_DAY,
    enter_code,
    example_election,
    issue_and_read_codes,
    make_officer,
    quick_ceremony,
    sign_in,
    submit,
    vote_step,
)

TITLE = "Wahl <script>alert('title')</script>"
AREA = "QM <img src=x onerror=alert('area')>"
CONTEST = "Rat <iframe src=//evil.example/>"
CANDIDATE = "Ayşe <b onmouseover=alert('name')>Demir</b>"
HELP = "Büro </dd><script>alert('help')</script>"
ROLL = {
    "given_name": "<script>alert('given')</script>",
    "family_name": "Tag<b>&amp;",
    "street": '"><svg onload=alert(1)>',
    "city": "Berlin<!--",
}
HTML_MARKUP = (TITLE, AREA, CONTEST, CANDIDATE, HELP)
CLOSE = "2027-03-15T12:00:00+01:00"


def _csv(*rows: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return ROLL_HEADER + out.getvalue()


def _markup_roll() -> str:
    plain = {"given_name": "Person", "family_name": "Plain", "street": "Weg", "city": "Berlin"}
    rows = []
    for n, electorate in ((1, "residents"), (2, "residents"), (3, "institutions")):
        row = ROLL if n == 1 else {**plain, "given_name": f"Person{n}"}
        rows.append([f"R{n:04d}", row["given_name"], row["family_name"], row["street"], "1",
                     "12345", row["city"], "1980-01-01", electorate])  # fmt: skip
    return _csv(*rows)


@pytest.fixture
def markup(session, clock, tmp_path):
    """The example election with markup everywhere; letters printed; open. Returns
    (election, {ref: code}, [letter PDF paths])."""
    now = clock()
    election = example_election(
        session,
        now,
        **{
            "Quartiersratswahl Lindenhof-Kiez 2027": TITLE,
            '"QM Lindenhof-Kiez"': f'"{AREA}"',
            "Vertreterinnen und Vertreter der Bewohnerschaft": CONTEST,
            "Ayşe Demir": CANDIDATE,
            "QM-Büro Lindenhof-Kiez, Lindenhofstraße 1, 12345 Berlin, Tel. 030 000000": HELP,
        },
    )
    actor = operator_actor("test")
    import_roll(session, election=election, data=_markup_roll(), actor=actor, now=now)
    quick_ceremony(session, election, now, secret_key=TEST_SECRET)
    out_dir = tmp_path / "letters"
    codes = issue_and_read_codes(
        session,
        election,
        now,
        secret_key=TEST_SECRET,
        out_dir=out_dir,
        public_url="https://wahl.example.org",
    )
    elections.open_election(session, election=election, actor=actor, now=now)
    session.commit()
    return election, codes, sorted(out_dir.glob("*.pdf"))


def _check_page(html: str, where: str) -> set[str]:
    """Assert no markup string appears raw; return those that appear escaped."""
    for text in (*HTML_MARKUP, *ROLL.values()):
        assert text not in html, (where, text)
    return {text for text in HTML_MARKUP if str(escape(text)) in html}


def _public_and_voting_pages(app, election, codes) -> dict[str, str]:
    client = app.test_client()
    area, slug = election.area.slug, election.slug
    pages = {url: client.get(url).get_data(as_text=True) for url in
             ("/", f"/{area}/", f"/{area}/{slug}/", f"/vote?election={slug}")}  # fmt: skip
    enter_code(client, codes["R0001"])
    pages["/vote/ballot"] = client.get("/vote/ballot").get_data(as_text=True)
    review = vote_step(client, "review", {"cross.bewohner": ["0"]})
    pages["/vote/review"] = review.get_data(as_text=True)
    return pages


def _console_pages(app, session, clock, election) -> dict[str, str]:
    officer = make_officer(
        session, "qm@example.org", election.area, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    client = app.test_client()
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    base = f"/console/elections/{election.slug}"
    urls = ("/console/", f"{base}/", f"{base}/letters", f"{base}/contests/bewohner/candidates",
            f"{base}/contests/bewohner/edit", f"{base}/trustees", f"{base}/ceremony")  # fmt: skip
    return {url: client.get(url).get_data(as_text=True) for url in urls}


def test_markup_is_escaped_on_every_page(app, session, clock, markup):
    election, codes, _files = markup
    clock.moment = VOTING_DAY
    pages = _public_and_voting_pages(app, election, codes)
    pages.update(_console_pages(app, session, clock, election))
    seen = set()
    for url, html in pages.items():
        shown = _check_page(html, url)
        assert shown, f"{url} shows none of the names; the test would prove nothing there"
        seen |= shown
    assert seen == set(HTML_MARKUP)


def test_roll_values_in_error_messages_are_escaped(app, session, clock, markup):
    election, _codes, _files = markup
    officer = make_officer(session, "qm@example.org", election.area, secret_key=TEST_SECRET,
                           now=clock())  # fmt: skip
    session.commit()
    client = app.test_client()
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    bad = _csv(["R0009", "A", "B", "C", "1", ROLL["given_name"], "Berlin", "", ROLL["street"]])
    url = f"/console/elections/{election.slug}/roll"
    response = submit(client, url, {"file": (io.BytesIO(bad.encode()), "roll.csv")})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ROLL["given_name"] not in html and str(escape(ROLL["given_name"])) in html


def _pdf_text(data) -> str:
    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_letters_print_markup_literally(markup):
    _election, _codes, files = markup
    text = "".join(_pdf_text(path) for path in files)
    for value in (*ROLL.values(), TITLE):
        assert _squeezed(value) in text, value


def test_the_report_and_the_result_page_show_markup_literally(app, session, clock, markup):
    election, codes, _files = markup
    _cast(session, election, codes)
    _count_and_publish(session, election)
    report = count.count_output(session, election).report_pdf
    text = _pdf_text(report)
    for value in (TITLE, CANDIDATE, CONTEST):
        assert _squeezed(value) in text, value
    html = app.test_client().get(f"/{election.area.slug}/{election.slug}/").get_data(as_text=True)
    assert _check_page(html, "result page") >= {TITLE, CANDIDATE, CONTEST}
    assert "result" in html.lower()


def _cast(session, election, codes) -> None:
    from ballot.services.voting import admit, cast_ballot  # noqa: PLC0415

    for ref in ("R0001", "R0002"):
        admission = admit(session, code_text=codes[ref], secret_key=TEST_SECRET, now=VOTING_DAY)
        cast_ballot(session, admission=admission, marks={"bewohner": [0]}, now=VOTING_DAY)
    session.commit()


def _count_and_publish(session, election) -> None:
    from datetime import datetime  # noqa: PLC0415

    actor, after = operator_actor("test"), datetime.fromisoformat(CLOSE)
    elections.close_election(session, election=election, actor=actor, now=after)
    for seat, passphrase in zip(ceremony.election_trustees_of(election)[:2], PASSPHRASES,
                                strict=False):  # fmt: skip
        share = ceremony.share_file(session, election=election, trustee=seat, actor=actor)
        count.hand_in_share(session, election=election, share_file=share,
                            passphrase=passphrase, actor=actor, now=after)  # fmt: skip
    count.finish_count(session, election=election, secret_key=TEST_SECRET, lot_input="1 2 3",
                       actor=actor, now=after, committee=["Trustee 1", "Trustee 2"])  # fmt: skip
    count.publish_result(session, election=election, actor=actor, now=after)
    session.commit()

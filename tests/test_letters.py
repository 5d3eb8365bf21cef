"""Issuing codes and letters, as an officer would: PDFs read back, codes checked against the
database, nothing plain stored, lost letters re-issued."""

import json
import os
import re
import stat
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from ballot.cli import cli
from ballot.db import Base
from ballot.models import COUNTED, ISSUED, REVOKED, AuditEntry, CodeLetter, Election
from ballot.services import letters as letter_service
from ballot.services.actor import operator_actor
from ballot.services.elections import get_election
from ballot.services.errors import InvalidInput, NotFound
from ballot.services.letters import code_key_for
from ballot.settings import settings_from_env
from ballot.tokens import hash_code
from tests.conftest import TEST_SECRET
from tests.helpers import EXAMPLES, ROLL_HEADER, make_officer, press_twice_at_once, sign_in, submit

CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")
SLUG = "lindenhof-qr-2027"


def _set_up(runner):
    assert (
        runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")]).exit_code
        == 0
    )
    assert runner.invoke(cli, ["roll", "import", SLUG, str(EXAMPLES / "roll.csv")]).exit_code == 0


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _codes_in(path: Path) -> list[str]:
    return CODE.findall(_pdf_text(path))


def _letters(session):
    return {row.serial: row for row in session.scalars(select(CodeLetter))}


def test_issue_prints_every_code_that_the_database_knows(runner, session, tmp_path):
    _set_up(runner)
    result = runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["letters"] == 56
    pdf = tmp_path / "out" / manifest["batches"][0]["file"]
    codes = _codes_in(pdf)
    assert len(set(codes)) == 56
    election_key = code_key_for(_election(session), TEST_SECRET)
    stored = {row.code_hash for row in _letters(session).values()}
    assert {hash_code(election_key, c) for c in codes} == stored
    page_text = _pdf_text(pdf)
    assert "000001" in page_text and "000056" in page_text
    assert "Lindenhofstraße 1" in page_text and "12345 Berlin" in page_text
    assert "Ayşe Demir" in page_text


def _election(session):
    return get_election(session, SLUG)


def test_letters_with_plain_codes_are_readable_by_their_owner_only(runner, tmp_path):
    _set_up(runner)
    old_mask = os.umask(0)  # even a careless umask gives no one else a look
    try:
        result = runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "out")])
    finally:
        os.umask(old_mask)
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "out").iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files), files


def test_the_qr_code_holds_the_vote_url_of_the_printed_code(runner, tmp_path):
    _set_up(runner)
    runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "out")])
    pdf = tmp_path / "out" / "letters-001.pdf"
    first_page_code = CODE.findall(PdfReader(pdf).pages[0].extract_text())[0]
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png")))
    decoded = [r.text for r in zxingcpp.read_barcodes(image)]
    assert decoded == [f"https://wahl.example.org/vote#{first_page_code}"]


def test_no_table_holds_a_plain_code(runner, session, tmp_path):
    _set_up(runner)
    runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "out")])
    codes = _codes_in(tmp_path / "out" / "letters-001.pdf")
    dump = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(table.select()):
            dump.append(" ".join(str(v) for v in row))
    everything = "\n".join(dump).upper()
    for code in codes:
        assert code not in everything and code.replace("-", "") not in everything


def test_issue_again_only_prints_new_entries(runner, tmp_path):
    _set_up(runner)
    runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "a")])
    again = runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "b")])
    assert again.exit_code == 1
    assert "has a letter already" in again.output


def test_reissue_revokes_the_old_code_for_good(runner, session, tmp_path):
    _set_up(runner)
    runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "a")])
    result = runner.invoke(
        cli, ["codes", "reissue", SLUG, "--serial", "7", "--out", str(tmp_path / "b")]
    )
    assert result.exit_code == 0, result.output
    letters = _letters(session)
    assert letters[7].state == REVOKED
    assert letters[57].state == ISSUED and letters[57].replaces_serial == 7
    assert letters[57].roll_entry_id == letters[7].roll_entry_id
    assert len(_codes_in(tmp_path / "b" / "letters-001.pdf")) == 1
    twice = runner.invoke(
        cli, ["codes", "reissue", SLUG, "--serial", "7", "--out", str(tmp_path / "c")]
    )
    assert twice.exit_code == 1 and "revoked already" in twice.output


@pytest.mark.parametrize("serial", ["999", "abc"])
def test_reissue_of_an_unknown_serial_is_refused(runner, tmp_path, serial):
    _set_up(runner)
    runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "a")])
    result = runner.invoke(
        cli, ["codes", "reissue", SLUG, "--serial", serial, "--out", str(tmp_path / "b")]
    )
    assert result.exit_code in (1, 2)
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("serial", ["99999999999999999999", "-5", "0"])
def test_a_serial_beyond_any_letter_is_named_not_a_traceback(runner, session, tmp_path, serial):
    _set_up(runner)
    runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "a")])
    result = runner.invoke(
        cli, ["codes", "reissue", SLUG, "--serial", serial, "--out", str(tmp_path / "b")]
    )
    assert result.exit_code == 1
    assert result.output == f"Error: No letter has the serial number {int(serial)}.\n"
    session.expire_all()
    assert all(letter.state == ISSUED for letter in _letters(session).values())


def test_console_batch_downloads_once_and_walk_in(app, client, session, clock, runner):
    _set_up(runner)
    election = _election(session)
    officer = make_officer(
        session, "qm@example.org", election.area, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    page = f"/console/elections/{SLUG}/letters"
    assert submit(client, page + "/issue", {}, page=page).status_code == 302
    html = client.get(page).get_data(as_text=True)
    batch_url = re.search(r'action="(/console/elections/[^"]+/letters/batches/\d+)"', html)[1]
    first = submit(client, batch_url, {}, page=page)
    assert first.status_code == 200 and first.data.startswith(b"%PDF")
    again = submit(client, batch_url, {}, page=page)
    assert _refusal(again) == "This batch was downloaded already or does not exist."
    assert not list((app.extensions["ballot.settings"].instance_path / "letters").rglob("*.pdf"))
    walk_in = submit(client, page + "/walk-in", {"w-ref": "R0003"}, page=page)
    assert walk_in.status_code == 200 and walk_in.data.startswith(b"%PDF")
    session.expire_all()
    assert sum(1 for letter in _letters(session).values() if letter.state == REVOKED) == 1
    unknown = submit(client, page + "/walk-in", {"w-ref": "NOPE"}, page=page)
    assert _refusal(unknown) == "No roll entry has the reference NOPE."


def _refusal(response) -> str:
    """The service's message on a 404 page that leads back to the election in the console."""
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" not in html
    assert f'href="/console/elections/{SLUG}/"' in html
    return re.search(r"<h1>[^<]*</h1>\s*<p>([^<]*)</p>", html)[1]


def test_an_unknown_serial_is_named_in_the_console_in_the_officers_language(
    client, session, clock, runner
):
    _set_up(runner)
    officer = make_officer(
        session, "qm@example.org", _election(session).area, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    page = f"/console/elections/{SLUG}/letters"
    submit(client, page + "/issue", {}, page=page)
    response = submit(client, page + "/reissue", {"r-serial": "99999"}, page=page)
    assert _refusal(response) == "No letter has the serial number 99999."
    client.get("/lang/de")
    german = submit(client, page + "/reissue", {"r-serial": "99999"}, page=page)
    assert _refusal(german) == "Es gibt keinen Wahlbrief mit der Nummer 99999."
    session.expire_all()
    assert all(letter.state == ISSUED for letter in _letters(session).values())


def test_closed_elections_issue_no_letters(runner, session, tmp_path):
    _set_up(runner)
    _election(session).state = "closed"
    session.commit()
    result = runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "a")])
    assert result.exit_code == 1 and "can no longer be issued" in result.output


def _add_to_roll(runner, tmp_path):
    more = tmp_path / "more.csv"
    more.write_text(ROLL_HEADER + "N0001,Nour,Saleh,Weidenweg,9,12345,Berlin,1990-05-05,\n")
    assert runner.invoke(cli, ["roll", "import", SLUG, str(more)]).exit_code == 0


def _one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def test_issue_never_overwrites_an_earlier_run(runner, session, tmp_path):
    _set_up(runner)
    out = tmp_path / "out"
    assert runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(out)]).exit_code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    _add_to_roll(runner, tmp_path)
    again = runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(out)])
    error = _one_line_error(again)
    assert "holds a print run already (letters-001.pdf, manifest.json)" in error
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert len(_letters(session)) == 56
    elsewhere = runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "new")])
    assert elsewhere.exit_code == 0 and len(_codes_in(tmp_path / "new" / "letters-001.pdf")) == 1


def test_reissue_never_overwrites_an_earlier_run(runner, session, tmp_path):
    _set_up(runner)
    out = tmp_path / "out"
    runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(out)])
    result = runner.invoke(cli, ["codes", "reissue", SLUG, "--serial", "7", "--out", str(out)])
    assert "holds a print run already" in _one_line_error(result)
    assert len(_codes_in(out / "letters-001.pdf")) == 56
    session.expire_all()
    assert _letters(session)[7].state == ISSUED and len(_letters(session)) == 56


def test_issue_into_an_unusable_folder_is_refused_before_any_letter(runner, session, tmp_path):
    _set_up(runner)
    (tmp_path / "a-file").write_text("not a folder")
    result = runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "a-file" / "x")])
    error = _one_line_error(result)
    assert "Cannot write the letters to" in error and "Not a directory" in error
    assert _letters(session) == {}


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_issue_into_a_read_only_folder_is_refused_before_any_letter(runner, session, tmp_path):
    _set_up(runner)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(locked / "letters")])
    assert "Permission denied" in _one_line_error(result)
    assert _letters(session) == {}


def test_issue_for_an_empty_roll_says_so(runner, session, tmp_path):
    runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")])
    result = runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "a")])
    error = _one_line_error(result)
    assert "The roll is empty: import the roll before issuing letters." in error
    assert not (tmp_path / "a").exists()


def test_two_clicks_on_one_batch_hand_it_out_once(runner, session, database_url, tmp_path, clock):
    """A double click (two workers at once): one gets the letters, the other a clear refusal."""
    _set_up(runner)
    election = _election(session)
    run = letter_service.issue_codes(
        session,
        election=election,
        secret_key=TEST_SECRET,
        public_url="https://wahl.example.org",
        out_dir=tmp_path / "run",
        actor=operator_actor("test"),
        now=clock(),
    )
    (batch,) = letter_service.record_print_run(session, election=election, run=run)
    session.commit()
    batch_id, election_id = batch.id, election.id

    def click(own, mine, _number):
        _name, data = letter_service.take_batch(
            own, election=mine, batch_id=batch_id, actor=operator_actor("t"), now=clock()
        )
        return data[:4]

    outcomes = press_twice_at_once(database_url, lambda own: own.get(Election, election_id), click)
    assert outcomes.count(b"%PDF") == 1, outcomes
    (refusal,) = [o for o in outcomes if o != b"%PDF"]
    assert isinstance(refusal, NotFound), refusal
    assert refusal.message == "This batch was downloaded already or does not exist."
    session.expire_all()
    downloads = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "codes.download")
    ).all()
    assert len(downloads) == 1


def test_no_letter_is_printed_without_the_sites_address(app, runner, session, tmp_path):
    """Outside the demo an unset BALLOT_PUBLIC_URL is empty (it was http://127.0.0.1:5000,
    which went silently into every QR code): printing refuses, and nothing is stored."""
    _set_up(runner)
    app.extensions["ballot.settings"] = app.extensions["ballot.settings"].with_changes(
        public_url=""
    )
    result = runner.invoke(cli, ["codes", "issue", SLUG, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "BALLOT_PUBLIC_URL" in result.output
    assert _letters(session) == {} and not list((tmp_path / "out").glob("*.pdf"))


def test_outside_the_demo_the_sites_address_has_no_default(tmp_path):
    env = {"BALLOT_SECRET_KEY": TEST_SECRET, "BALLOT_INSTANCE_PATH": str(tmp_path)}
    assert settings_from_env(environ=env).public_url == ""
    assert settings_from_env(demo=True, environ=env).public_url.startswith("http://127.0.0.1")


def test_two_print_runs_at_once_issue_each_letter_once(runner, session, database_url, tmp_path):
    """Two officers press "Print letters" at the same moment: the second run failed with a
    database error (both drew the same serial numbers), a 500 in the console. Now the second
    waits for the first and is told every entry has a letter."""
    _set_up(runner)
    election_id = _election(session).id
    session.commit()

    def press(own, mine, number):
        run = letter_service.issue_codes(
            own,
            election=mine,
            secret_key=TEST_SECRET,
            public_url="https://wahl.example.org",
            out_dir=tmp_path / f"run-{number}",
            actor=operator_actor("test"),
            now=datetime(2027, 2, 1, tzinfo=UTC),
            workers=1,
        )
        return run.manifest["letters"]

    outcomes = press_twice_at_once(database_url, lambda own: own.get(Election, election_id), press)
    assert 56 in outcomes, outcomes
    (refusal,) = [o for o in outcomes if o != 56]
    assert isinstance(refusal, InvalidInput), repr(refusal)
    assert refusal.message == "Every entry of the roll has a letter already."
    session.expire_all()
    letters = session.scalars(select(CodeLetter)).all()
    assert len(letters) == 56 and len({letter.roll_entry_id for letter in letters}) == 56


def test_the_purge_deletes_letter_batches_nobody_downloaded(runner, session, tmp_path, clock):
    """A console batch that was never downloaded held codes, names and addresses on the
    server's disk after the purge of the roll; the purge deletes it and says so in its audit."""
    _set_up(runner)
    election = _election(session)
    run = letter_service.issue_codes(
        session,
        election=election,
        secret_key=TEST_SECRET,
        public_url="https://wahl.example.org",
        out_dir=tmp_path / "run",
        actor=operator_actor("test"),
        now=clock(),
    )
    (batch,) = letter_service.record_print_run(session, election=election, run=run)
    election.state = COUNTED  # arranged: counting is tested elsewhere
    session.commit()
    assert Path(batch.filename).is_file()
    purged = runner.invoke(cli, ["roll", "purge", SLUG, "--yes"])
    assert purged.exit_code == 0, purged.output
    session.expire_all()
    assert not Path(batch.filename).exists() and batch.downloaded
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "roll.purge")).one()
    assert audit.details["letter_batches"] == 1

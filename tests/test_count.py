"""The count as the committee and an observer would do it: close, hand in shares, tally,
verify the record, and see tampering caught."""

import errno
import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from ballot import box
from ballot.backup import back_up
from ballot.cli import cli
from ballot.models import AuditEntry, CountOutput, PartialDecryption, RollEntry
from ballot.services import ceremony
from ballot.services.actor import operator_actor
from ballot.services.voting import admit, cast_ballot
from tests.conftest import TEST_SECRET
from tests.helpers import PASSPHRASES, make_officer, open_election_with_codes, sign_in, submit

SET_UP = datetime(2027, 2, 20, 9, tzinfo=UTC)
VOTING = datetime(2027, 3, 5, 12, tzinfo=UTC)
SLUG = "lindenhof-qr-2027"
# Residents' marks (positions in the contest "bewohner"): Ayşe 3, Chiara 3, Bernd 2, Elif 1 …
MARKS = {
    "R0001": {"bewohner": [0, 1, 2]},
    "R0002": {"bewohner": [0, 2, 4]},
    "R0003": {"bewohner": [0, 1, 2, 3]},
    "R0004": {"bewohner": []},
    "R0007": {"einrichtungen": [1, 2]},
}


@pytest.fixture
def voted(session, tmp_path, runner):
    return _vote_and_close(session, tmp_path, runner)


def _vote_and_close(session, tmp_path, runner):
    election, codes = open_election_with_codes(session, SET_UP, tmp_path, secret_key=TEST_SECRET)
    for ref, marks in MARKS.items():
        admission = admit(session, code_text=codes[ref], secret_key=TEST_SECRET, now=VOTING)
        cast_ballot(session, admission=admission, marks=marks, now=VOTING)
    session.commit()
    shares = []
    for seat in ceremony.election_trustees_of(election):
        path = tmp_path / f"share-{seat.index}.json"
        path.write_bytes(
            ceremony.share_file(session, election=election, trustee=seat, actor=operator_actor())
        )
        shares.append(path)
    (tmp_path / "passphrases.txt").write_text("\n".join(PASSPHRASES) + "\n")
    assert runner.invoke(cli, ["election", "close", SLUG]).exit_code == 0
    return election, shares, tmp_path


def _tally(runner, shares, tmp_path, out="count", phrases="passphrases.txt", lot=None):
    args = [
        "tally",
        SLUG,
        "--out",
        str(tmp_path / out),
        "--passphrase-file",
        str(tmp_path / phrases),
    ]
    for share in shares:
        args += ["--share", str(share)]
    if lot:
        args += ["--lot-input", lot]
    return runner.invoke(cli, args)


def test_count_with_two_of_three_trustees_and_verify(runner, voted):
    _election, shares, tmp_path = voted
    (tmp_path / "two.txt").write_text(f"{PASSPHRASES[0]}\n{PASSPHRASES[2]}\n")
    result = _tally(runner, [shares[0], shares[2]], tmp_path, phrases="two.txt")
    assert result.exit_code == 0, result.output
    assert "ok   ballots-match-codes: 5 ballots, 5 codes used, 5 marked voted" in result.output
    outcome = json.loads((tmp_path / "count" / "result.json").read_text())
    residents = outcome["contests"]["bewohner"]
    assert residents["votes"]["Ayşe Demir"] == 3 and residents["votes"]["Chiara Rossi"] == 3
    assert residents["votes"]["Bernd Krause"] == 2 and residents["votes"]["Elif Yılmaz"] == 1
    assert residents["ballots_cast"] == 4
    assert outcome["contests"]["einrichtungen"]["votes"]["Grundschule am Weidenweg"] == 1
    verified = runner.invoke(cli, ["verify", str(tmp_path / "count")])
    assert verified.exit_code == 0, verified.output
    report = PdfReader(tmp_path / "count" / "report.pdf")
    text = "".join(page.extract_text() for page in report.pages)
    assert "Ayşe Demir" in text and "Trustee 1" in text and "Trustee 3" in text
    plain = " ".join(text.split())
    assert "5 Stimmzettel in der Urne, 5 Wahlcodes verwendet" in plain, "checks in German"
    assert "Protokollkette: unversehrt" in plain
    assert "codes used" not in plain and "Residents hold" not in plain, "no English lines"
    assert "Besetzte Sitze für Bewohnerinnen und Bewohner: 5 von 7." in plain


@pytest.mark.parametrize("old_format", ["ballot-record/1", "ballot-record/2"])
def test_an_election_set_up_in_an_older_format_counts_and_verifies_in_it(
    runner, session, tmp_path, monkeypatch, old_format
):
    """An election whose key ceremony was held under an older format keeps it: its share
    files, ballots and base hash depend on it. (The ceremony runs as the old code did.)"""
    monkeypatch.setattr(box, "RECORD_FORMAT", old_format)
    election, shares, tmp_path = _vote_and_close(session, tmp_path, runner)
    monkeypatch.undo()
    assert election.record_format == old_format
    result = _tally(runner, shares[:2], tmp_path)
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "count" / "record.json").read_text())
    assert record["format"] == record["manifest"]["format"] == old_format
    assert not any("rules" in contest for contest in record["manifest"]["contests"])
    # 6 of 8: format 1 proves a range over [0, 6], format 2 excludes 7 and 8
    proof = record["ballots"][0]["contests"][0]["sum_proofs"][0]
    assert set(proof) == (
        {"challenges", "responses"} if old_format.endswith("1") else {"challenge", "responses"}
    )
    assert record["counts"]["bewohner"][:2] == [3, 2]
    verified = runner.invoke(cli, ["verify", str(tmp_path / "count")])
    assert verified.exit_code == 0, verified.output
    assert f"record format {old_format}" in verified.output
    assert "hurdle, quotas and attributes are as the record states them" in verified.output


def test_a_new_election_counts_in_the_current_format_with_its_rules_fixed(runner, voted):
    election, shares, tmp_path = voted
    assert election.record_format == box.RECORD_FORMAT == "ballot-record/3"
    assert _tally(runner, shares[:2], tmp_path).exit_code == 0
    record = json.loads((tmp_path / "count" / "record.json").read_text())
    assert record["format"] == "ballot-record/3"
    assert set(record["ballots"][0]["contests"][0]["sum_proofs"][0]) == {"challenge", "responses"}
    for contest in record["manifest"]["contests"]:
        request = record["results"][contest["key"]]["request"]
        assert contest["rules"] == {name: request[name] for name in contest["rules"]}
    bewohner = record["manifest"]["contests"][0]["rules"]
    assert bewohner["quotas"] and bewohner["attributes"], "the example has quotas to fix"
    verified = runner.invoke(cli, ["verify", str(tmp_path / "count")])
    assert verified.exit_code == 0 and "note:" not in verified.output, verified.output


def test_one_share_cannot_count(runner, voted):
    _election, shares, tmp_path = voted
    result = _tally(runner, shares[:1], tmp_path)
    assert result.exit_code == 1
    assert "1 of 2 trustees" in result.output
    assert not (tmp_path / "count").exists()


def test_a_wrong_passphrase_is_refused(runner, session, voted):
    election, shares, tmp_path = voted
    (tmp_path / "wrong.txt").write_text(f"{PASSPHRASES[0]}\nnot the passphrase at all\n")
    result = _tally(runner, shares[:2], tmp_path, phrases="wrong.txt")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: {shares[1]}: The share file of trustee 2 was refused: "
        "wrong passphrase for this share file"
    )
    assert _nothing_counted(session, election)


def test_the_same_share_twice_is_named(runner, session, voted):
    election, shares, tmp_path = voted
    (tmp_path / "twice.txt").write_text(f"{PASSPHRASES[0]}\n{PASSPHRASES[0]}\n")
    result = _tally(runner, [shares[0], shares[0]], tmp_path, phrases="twice.txt")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: {shares[0]}: trustee 1 given twice (also {shares[0]})."
    )
    assert "trustees have handed in" not in result.output
    assert _nothing_counted(session, election)


def test_a_counted_election_is_not_counted_again(runner, voted):
    _election, shares, tmp_path = voted
    assert _tally(runner, shares[:2], tmp_path).exit_code == 0
    again = _tally(runner, shares[:2], tmp_path, out="again")
    assert again.exit_code == 1
    assert again.output == "Error: The election has been counted already.\n"
    assert not (tmp_path / "again").exists()


def _nothing_counted(session, election) -> bool:
    session.expire_all()
    stored = [
        session.scalar(select(func.count()).select_from(model))
        for model in (CountOutput, PartialDecryption)
    ]
    finished = session.scalars(select(AuditEntry).where(AuditEntry.action == "count.finish"))
    return election.state == "closed" and stored == [0, 0] and finished.first() is None


def test_an_output_that_cannot_be_written_is_refused_before_the_count(runner, session, voted):
    election, shares, tmp_path = voted
    (tmp_path / "outx" / "result.json").mkdir(parents=True)
    result = _tally(runner, shares[:2], tmp_path, out="outx")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: cannot write {tmp_path / 'outx' / 'result.json'}: "
        "it is a directory or not a regular file."
    )
    assert [p.name for p in (tmp_path / "outx").iterdir()] == ["result.json"]
    assert _nothing_counted(session, election)


def test_a_failure_while_writing_leaves_no_file_and_no_count(runner, session, voted, monkeypatch):
    election, shares, tmp_path = voted
    renamed = []

    def full_disk(source, target):
        if renamed:  # the first file is in place; the second fails
            raise OSError(errno.ENOSPC, "No space left on device")
        renamed.append(target)
        os.rename(source, target)

    monkeypatch.setattr(os, "replace", full_disk)
    result = _tally(runner, shares[:2], tmp_path)
    assert result.exit_code == 1
    assert "Error: cannot write to" in result.output and "No space left on device" in result.output
    assert "Traceback" not in result.output
    assert renamed == [tmp_path / "count" / "record.json"]
    assert not (tmp_path / "count").exists()
    assert _nothing_counted(session, election)
    monkeypatch.undo()
    again = _tally(runner, shares[:2], tmp_path)
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in (tmp_path / "count").iterdir()) == [
        "record.json",
        "report.pdf",
        "result.json",
    ]


def test_a_tampered_record_fails_verification(runner, voted):
    _election, shares, tmp_path = voted
    assert _tally(runner, shares[:2], tmp_path).exit_code == 0
    record = json.loads((tmp_path / "count" / "record.json").read_text())
    record["counts"]["bewohner"][0] += 1
    (tmp_path / "tampered.json").write_text(json.dumps(record))
    result = runner.invoke(cli, ["verify", str(tmp_path / "tampered.json")])
    assert result.exit_code == 1
    assert "FAIL" in result.output


def test_an_open_election_cannot_be_counted(runner, session, tmp_path):
    open_election_with_codes(session, SET_UP, tmp_path, secret_key=TEST_SECRET)
    (tmp_path / "p.txt").write_text("x" * 20 + "\n")
    (tmp_path / "s.json").write_text("{}")
    result = _tally(runner, [tmp_path / "s.json"], tmp_path, phrases="p.txt")
    assert result.exit_code == 1
    assert result.output == (
        "Error: The count starts after the election is closed; it is open for voting.\n"
    ), "refused before any pre-count check is printed"


def test_the_same_count_in_two_processes_gives_identical_results(voted, settings):
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("copies the SQLite file to count it twice")
    _election, shares, tmp_path = voted
    outputs = []
    for run in ("a", "b"):
        copy = tmp_path / f"copy-{run}.db"
        back_up(settings.database_url, copy)  # WAL-safe copy of the live database
        env = {
            **os.environ,
            "BALLOT_DATABASE_URL": f"sqlite:///{copy}",
            "BALLOT_SECRET_KEY": TEST_SECRET,
            "BALLOT_INSTANCE_PATH": str(tmp_path / run),
        }
        args = [
            sys.executable,
            "-m",
            "ballot",
            "tally",
            SLUG,
            "--out",
            str(tmp_path / run),
            "--passphrase-file",
            str(tmp_path / "passphrases.txt"),
            "--share",
            str(shares[0]),
            "--share",
            str(shares[1]),
        ]
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        outputs.append((tmp_path / run / "result.json").read_bytes())
    assert outputs[0] == outputs[1]


def test_publish_then_observers_download_and_verify(app, runner, session, voted, clock):
    election, shares, tmp_path = voted
    assert _tally(runner, shares[:2], tmp_path).exit_code == 0
    page = f"/{election.area.slug}/{SLUG}/"
    client = app.test_client()
    assert client.get(page + "record.json").status_code == 404
    first = make_officer(
        session, "one@example.org", election.area, secret_key=TEST_SECRET, now=clock()
    )
    second = make_officer(
        session, "two@example.org", election.area, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    console = f"/console/elections/{SLUG}/"
    officer_one, officer_two = app.test_client(), app.test_client()
    sign_in(officer_one, first, secret_key=TEST_SECRET, at=clock())
    sign_in(officer_two, second, secret_key=TEST_SECRET, at=clock())
    submit(officer_one, console + "publish", {}, page=console)
    assert client.get(page + "record.json").status_code == 404
    submit(officer_two, console + "confirm/publish", {}, page=console)
    html = client.get(page).get_data(as_text=True)
    assert "Ayşe Demir" in html and "record.json" in html
    record = client.get(page + "record.json")
    assert record.status_code == 200
    _result_follows_the_ballot_order_with_shares_of_ballots_cast(html, record.json)
    (tmp_path / "downloaded.json").write_bytes(record.data)
    assert runner.invoke(cli, ["verify", str(tmp_path / "downloaded.json")]).exit_code == 0
    # the page gives what an observer compares the download with: its hash, and the command
    # that checks the signature against the key the page has shown since the opening
    assert hashlib.sha256(record.data).hexdigest() in html
    command = f"ballot verify record.json --signing-key {election.signing_public_key}"
    assert command in html
    given_key = runner.invoke(
        cli, ["verify", str(tmp_path / "downloaded.json"), *command.split()[3:]]
    )
    assert given_key.exit_code == 0 and "it is the key you gave" in given_key.output
    assert client.get(page + "report.pdf").data.startswith(b"%PDF")


def _result_follows_the_ballot_order_with_shares_of_ballots_cast(html: str, record: dict):
    for contest in record["manifest"]["contests"]:
        positions = [html.index(f"<td>{name}</td>") for name in contest["candidates"]]
        assert positions == sorted(positions), contest["key"]
        request = record["results"][contest["key"]]["request"]
        first = contest["candidates"][0]
        votes = request["votes"][first]
        votes = votes["yes"] if isinstance(votes, dict) else votes
        share = f"{100 * votes / request['ballots_cast']:.1f}%"
        assert f"<td>{first}</td>" in html and share in html, (first, share)


def test_purge_deletes_personal_data_after_the_count(runner, session, voted):
    _election, shares, tmp_path = voted
    early = runner.invoke(cli, ["roll", "purge", SLUG, "--yes"])
    assert early.exit_code == 1 and "after the count" in early.output
    assert _tally(runner, shares[:2], tmp_path).exit_code == 0
    assert runner.invoke(cli, ["roll", "purge", SLUG]).exit_code == 1
    done = runner.invoke(cli, ["roll", "purge", SLUG, "--yes"])
    assert done.exit_code == 0, done.output
    session.expire_all()
    entries = session.scalars(select(RollEntry)).all()
    assert all(e.purged and e.family_name == "" and e.birth_date is None for e in entries)
    assert sum(e.has_voted for e in entries) == 5


def test_a_passphrase_file_saved_with_a_byte_order_mark_and_crlf_reads_the_same(runner, voted):
    """Windows editors may start a UTF-8 file with U+FEFF; it is not part of trustee 1's
    passphrase (it was refused as a wrong passphrase)."""
    _election, shares, tmp_path = voted
    (tmp_path / "bom.txt").write_bytes(("\ufeff" + "\r\n".join(PASSPHRASES) + "\r\n").encode())
    result = _tally(runner, shares[:2], tmp_path, phrases="bom.txt")
    assert result.exit_code == 0, result.output


def test_a_share_file_cannot_write_control_characters_to_the_terminal(runner, voted):
    """The refusal quotes the election a share file names; ESC and CR from the file are shown
    as escapes, so a file cannot rewrite the committee's terminal."""
    _election, shares, tmp_path = voted
    data = json.loads(shares[0].read_text())
    data["election"] = "x\r\x1b[2K\x1b[32mok"
    shares[0].write_text(json.dumps(data))
    result = _tally(runner, shares[:2], tmp_path)
    assert result.exit_code == 1
    assert "\\u000d\\u001b[2K" in result.output and "\x1b" not in result.output

"""The committee's key ceremony and count, each member signed in under their own name."""

import io
import re
from datetime import UTC, datetime, timedelta

from pypdf import PdfReader
from sqlalchemy import func, select

from ballot.models import AuditEntry, CountOutput, Election
from ballot.services import ceremony
from ballot.services.actor import operator_actor
from ballot.services.count import finish_count, hand_in_share
from ballot.services.elections import close_election, open_election
from ballot.services.errors import WrongState
from ballot.services.roll import import_roll
from ballot.services.voting import admit, cast_ballot
from tests.conftest import TEST_SECRET
from tests.helpers import (
    PASSPHRASES,
    example_election,
    issue_and_read_codes,
    make_committee_member,
    make_officer,
    open_election_quickly,
    press_twice_at_once,
    sign_in,
    small_roll,
    submit,
)

SLUG = "lindenhof-qr-2027"
BASE = f"/console/elections/{SLUG}"
PHRASES = {
    "anna@example.org": "Annas geheimer Satz 1",
    "ben@example.org": "Bens geheimer Satz 2",
    "cem@example.org": "Cems geheimer Satz 3",
}


def _client(app, account, clock):
    client = app.test_client()
    clock.moment += timedelta(seconds=31)
    assert sign_in(client, account, secret_key=TEST_SECRET, at=clock()).status_code == 302
    return client


def test_ceremony_and_count_by_the_members_themselves(app, session, clock, tmp_path):
    now = clock()
    election = example_election(session, now)
    election.two_person_rule = False
    import_roll(session, election=election, data=small_roll(4), actor=operator_actor(), now=now)
    officer = make_officer(
        session, "qm@example.org", election.area, secret_key=TEST_SECRET, now=now
    )
    members = {
        email: make_committee_member(
            session,
            email,
            election,
            secret_key=TEST_SECRET,
            now=now,
            name=email.split("@")[0].title(),
        )
        for email in PHRASES
    }
    session.commit()
    desk = _client(app, officer, clock)
    ids = [str(m.id) for m in members.values()]
    assert submit(desk, BASE + "/trustees", {"members": ids, "threshold": "2"}).status_code == 302
    clients = {email: _client(app, account, clock) for email, account in members.items()}
    for email, client in clients.items():
        wrong = submit(client, BASE + "/ceremony", {"passphrase": PHRASES[email], "confirm": "x"})
        assert wrong.status_code == 400
        done = submit(
            client, BASE + "/ceremony", {"passphrase": PHRASES[email], "confirm": PHRASES[email]}
        )
        assert done.status_code == 302
    submit(desk, BASE + "/ceremony/complete", {}, page=BASE + "/ceremony")
    shares = {}
    for email, client in clients.items():
        response = submit(client, BASE + "/ceremony/share", {}, page=BASE + "/ceremony")
        assert response.status_code == 200
        shares[email] = response.data
    assert len(set(shares.values())) == 3
    _vote_and_close(session, election, clock, tmp_path)
    count_page = BASE + "/count"
    anna, cem = clients["anna@example.org"], clients["cem@example.org"]
    foreign = submit(
        anna,
        count_page,
        {
            "share": (io.BytesIO(shares["ben@example.org"]), "b.json"),
            "passphrase": PHRASES["ben@example.org"],
        },
        content_type="multipart/form-data",
    )
    assert foreign.status_code == 302
    after = anna.get(count_page).get_data(as_text=True)
    assert "belongs to another committee member" in after
    assert "0 of 2 shares handed in" in after
    for email, client in (("anna@example.org", anna), ("cem@example.org", cem)):
        submit(
            client,
            count_page,
            {"share": (io.BytesIO(shares[email]), "s.json"), "passphrase": PHRASES[email]},
            content_type="multipart/form-data",
        )
    page = cem.get(count_page).get_data(as_text=True)
    assert "2 of 2 shares handed in" in page
    finished = submit(cem, count_page, {"lot-lot_input": ""})
    assert finished.status_code == 302, finished.get_data(as_text=True)
    report = desk.get(BASE + "/outputs/report.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report.data)).pages)
    assert "Anna" in text and "Cem" in text and "Ben" not in re.sub(r"Bewohner|Bernd", "", text)


def _vote_and_close(session, election, clock, tmp_path):
    session.expire_all()  # the ceremony happened through the web, in other sessions
    now = clock()
    codes = issue_and_read_codes(
        session,
        election,
        now,
        secret_key=TEST_SECRET,
        out_dir=tmp_path / "letters",
        public_url="https://x.example",
    )
    open_election(session, election=election, actor=operator_actor(), now=now)
    voting = datetime(2027, 3, 5, 12, tzinfo=UTC)
    for ref in ("R0001", "R0002"):
        admission = admit(session, code_text=codes[ref], secret_key=TEST_SECRET, now=voting)
        cast_ballot(session, admission=admission, marks={"bewohner": [0]}, now=voting)
    close_election(session, election=election, actor=operator_actor(), now=voting)
    session.commit()


def test_a_refused_share_says_why_in_the_members_language(app, session, clock):
    """The reason a share file is refused (wrong passphrase, another election) is translated
    like the sentence around it."""
    election, _codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    member = make_committee_member(
        session, "dana@example.org", election, secret_key=TEST_SECRET, now=clock()
    )
    seat = ceremony.election_trustees_of(election)[0]
    seat.account_id = member.id
    share = ceremony.share_file(session, election=election, trustee=seat, actor=operator_actor())
    close_election(session, election=election, actor=operator_actor(), now=clock())
    session.commit()
    dana = _client(app, member, clock)
    dana.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    page = BASE + "/count"
    for data, phrase, reason in (
        (share, "not the passphrase at all", "falsche Passphrase"),
        (share.replace(SLUG.encode(), b"other-2027"), PASSPHRASES[0], "„other-2027“"),
    ):
        handed = submit(
            dana,
            page,
            {"share": (io.BytesIO(data), "share.json"), "passphrase": phrase},
            content_type="multipart/form-data",
        )
        assert handed.status_code == 302
        shown = dana.get(page).get_data(as_text=True)
        assert "wurde abgelehnt" in shown and reason in shown, shown
        assert "passphrase for this" not in shown and "belongs to election" not in shown


def test_the_count_does_not_start_when_a_check_before_it_fails(app, session, clock):
    """As at the shell: a broken audit log (or ballots that do not match the codes used) stops
    the count in the console too; nothing is counted."""
    election, _codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    member = make_committee_member(
        session, "dana@example.org", election, secret_key=TEST_SECRET, now=clock()
    )
    seats = ceremony.election_trustees_of(election)
    seats[0].account_id = member.id
    close_election(session, election=election, actor=operator_actor(), now=clock())
    for seat, phrase in zip(seats[:2], PASSPHRASES[:2], strict=True):
        hand_in_share(
            session,
            election=election,
            share_file=ceremony.share_file(
                session, election=election, trustee=seat, actor=operator_actor()
            ),
            passphrase=phrase,
            actor=operator_actor(),
            now=clock(),
        )
    session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).first().action = "edited"
    session.commit()
    dana = _client(app, member, clock)
    refused = submit(dana, BASE + "/count", {"lot-lot_input": ""})
    assert refused.status_code == 200
    assert "the count does not start" in refused.get_data(as_text=True)
    session.expire_all()
    assert election.state == "closed"
    assert session.scalar(select(func.count()).select_from(CountOutput)) == 0


def test_a_tie_that_needs_a_lot_is_described_in_the_members_language(app, session, clock):
    election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    member = make_committee_member(
        session, "dana@example.org", election, secret_key=TEST_SECRET, now=clock()
    )
    voting = datetime(2027, 3, 5, 12, tzinfo=UTC)
    for ref, marks in (("R0001", [0, 1, 2, 3, 4, 5]), ("R0002", [0, 1, 2, 3, 4, 6])):
        admission = admit(session, code_text=codes[ref], secret_key=TEST_SECRET, now=voting)
        cast_ballot(session, admission=admission, marks={"bewohner": marks}, now=voting)
    close_election(session, election=election, actor=operator_actor(), now=voting)
    for seat, phrase in zip(ceremony.election_trustees_of(election)[:2], PASSPHRASES, strict=False):
        share = ceremony.share_file(
            session, election=election, trustee=seat, actor=operator_actor()
        )
        hand_in_share(
            session,
            election=election,
            share_file=share,
            passphrase=phrase,
            actor=operator_actor(),
            now=voting,
        )
    session.commit()
    dana = _client(app, member, clock)
    dana.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    page = submit(dana, BASE + "/count", {"lot-lot_input": ""}).get_data(as_text=True)
    assert "Das Los entscheidet über einen Sitz zwischen Gregor Lindner, Hanna Schulze" in page
    assert "alle 2 Stimmzettel tragen gültige Beweise" in page, "the checks are translated"
    assert "über die Ränge der Nachrückenden" in page
    assert "seat:" not in page and "substitute-rank" not in page


def test_two_presses_on_complete_hold_one_key_ceremony(session, database_url, clock):
    """A double click on "Complete the ceremony": both requests drew an election key, the
    second overwrote the first's, and the audit log named two public keys."""
    election = example_election(session, clock())
    seats = ceremony.set_up_trustees(
        session,
        election=election,
        members=[("Trustee 1", None), ("Trustee 2", None)],
        threshold=2,
        actor=operator_actor("test"),
        now=clock(),
    )
    for seat, passphrase in zip(seats, PASSPHRASES, strict=False):
        ceremony.register_passphrase(
            session,
            election=election,
            trustee=seat,
            passphrase=passphrase,
            actor=operator_actor("test"),
            now=clock(),
        )
    session.commit()

    def press(own, mine, _number):
        ceremony.complete_ceremony(
            own, election=mine, secret_key=TEST_SECRET, actor=operator_actor(), now=clock()
        )
        return "held"

    outcomes = press_twice_at_once(database_url, lambda own: own.get(Election, election.id), press)
    assert "held" in outcomes, outcomes
    (refusal,) = [o for o in outcomes if o != "held"]
    assert isinstance(refusal, WrongState), repr(refusal)
    assert refusal.message == "The key ceremony has been held already."
    session.expire_all()
    completed = select(func.count()).where(AuditEntry.action == "ceremony.complete")
    assert session.scalar(completed) == 1


def test_two_presses_on_count_count_once(session, database_url, clock):
    """A double click on "Count": the second request failed on the database (a 500) after
    computing a second count; now it waits and is told the election is counted already."""
    election, _codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    close_election(session, election=election, actor=operator_actor(), now=clock())
    for seat, phrase in zip(ceremony.election_trustees_of(election)[:2], PASSPHRASES, strict=False):
        hand_in_share(
            session,
            election=election,
            share_file=ceremony.share_file(
                session, election=election, trustee=seat, actor=operator_actor()
            ),
            passphrase=phrase,
            actor=operator_actor(),
            now=clock(),
        )
    session.commit()

    def press(own, mine, _number):
        finish_count(
            own,
            election=mine,
            secret_key=TEST_SECRET,
            lot_input="",
            actor=operator_actor(),
            now=clock(),
            committee=[],
        )
        return "counted"

    outcomes = press_twice_at_once(database_url, lambda own: own.get(Election, election.id), press)
    assert "counted" in outcomes, outcomes
    (refusal,) = [o for o in outcomes if o != "counted"]
    assert isinstance(refusal, WrongState), repr(refusal)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(CountOutput)) == 1
    finished = select(func.count()).where(AuditEntry.action == "count.finish")
    assert session.scalar(finished) == 1

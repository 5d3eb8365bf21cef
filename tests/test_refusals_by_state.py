"""Refusals that name an election's state say it in words, change nothing, and area names are
checked before an area is made."""

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from ballot.cli import cli
from ballot.db import make_engine, make_session_factory
from ballot.models import Area, AuditEntry, CodeLetter, Election, RollEntry
from ballot.services import elections
from ballot.services.actor import operator_actor
from ballot.services.areas import create_area
from ballot.services.ceremony import register_passphrase, set_up_trustees
from ballot.services.count import publish_result
from ballot.services.election_spec import parse_election_file
from ballot.services.elections import close_election, open_election, update_election
from ballot.services.errors import InvalidInput, WrongState
from ballot.services.letters import issue_codes
from ballot.services.roll import import_roll
from tests.conftest import TEST_SECRET
from tests.helpers import (
    EXAMPLES,
    example_election,
    press_twice_at_once,
    quick_ceremony,
    small_roll,
)

NOW = datetime(2027, 2, 1, tzinfo=UTC)


def test_a_closed_election_issues_no_letters(session, tmp_path):
    letters = tmp_path / "letters"
    letters.mkdir()
    election = example_election(session, NOW)
    election.state = "closed"
    with pytest.raises(WrongState) as caught:
        issue_codes(
            session,
            election=election,
            secret_key=TEST_SECRET,
            public_url="https://wahl.example.org",
            out_dir=letters,
            actor=operator_actor(),
            now=NOW,
        )
    assert str(caught.value) == (
        "The election is closed, not yet counted; letters can no longer be issued."
    )
    assert session.scalar(select(func.count()).select_from(CodeLetter)) == 0
    assert list(letters.iterdir()) == []


def test_only_a_counted_election_is_published(session):
    election = example_election(session, NOW)
    election.state = "closed"
    with pytest.raises(WrongState) as caught:
        publish_result(session, election=election, actor=operator_actor(), now=NOW)
    assert str(caught.value) == (
        "Only a counted election can be published; it is closed, not yet counted."
    )
    assert election.state == "closed"


@pytest.mark.parametrize(
    ("name", "message"),
    [("   ", "An area needs a name."), ("QM Lindenhof-Kiez", "exists already")],
)
def test_an_area_needs_a_new_name(session, name, message):
    create_area(session, name="QM Lindenhof-Kiez", actor=operator_actor(), now=NOW)
    with pytest.raises(InvalidInput) as caught:
        create_area(session, name=name, actor=operator_actor(), now=NOW)
    assert message in str(caught.value)
    assert session.scalar(select(func.count()).select_from(Area)) == 1


def test_opening_an_open_election_says_it_is_open_and_writes_nothing(runner, session, clock):
    """`ballot election open` a second time answered that contests, candidates and the roll
    change only in preparation: wrong (the roll takes new entries while open) and off the point."""
    election = example_election(session, clock())
    quick_ceremony(session, election, clock(), secret_key=TEST_SECRET)
    session.commit()
    assert runner.invoke(cli, ["election", "open", election.slug]).exit_code == 0
    entries = session.scalar(select(func.count()).select_from(AuditEntry))
    again = runner.invoke(cli, ["election", "open", election.slug])
    assert again.exit_code == 1
    assert "Only an election in preparation can open; it is open for voting." in again.output
    assert "contests" not in again.output
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == entries


@pytest.mark.parametrize(
    ("state", "action", "audit"),
    [
        ("draft", open_election, "election.open"),
        ("open", close_election, "election.close"),
        ("counted", publish_result, "election.publish"),
    ],
)
def test_two_presses_act_once_and_leave_one_audit_entry(
    session, database_url, clock, state, action, audit
):
    """A double click on "Open", "Close" or "Publish" (the rule of two off): both requests
    read the state before, both acted, and the audit log said so twice."""
    election = example_election(session, clock())
    quick_ceremony(session, election, clock(), secret_key=TEST_SECRET)
    election.state = state
    session.commit()

    def press(own, mine, _number):
        action(own, election=mine, actor=operator_actor("test"), now=clock())
        return "done"

    outcomes = press_twice_at_once(database_url, lambda own: own.get(Election, election.id), press)
    assert "done" in outcomes, outcomes
    (refusal,) = [o for o in outcomes if o != "done"]
    assert isinstance(refusal, WrongState), repr(refusal)
    session.expire_all()
    assert session.scalar(select(func.count()).where(AuditEntry.action == audit)) == 1


def test_two_presses_on_save_change_the_election_once(session, database_url, clock):
    """A double click on "Save" in a contest form: both requests replaced the contests, and the
    second failed on the database (a 500)."""
    election = example_election(session, clock())
    session.commit()
    spec = parse_election_file(
        (EXAMPLES / "quartiersrat.toml").read_text().replace("seats = 6", "seats = 5", 1)
    )

    def read_the_form(own):
        mine = own.get(Election, election.id)
        [c.candidates for c in mine.contests]  # the form's page read them
        return mine

    def press(own, mine, _number):
        update_election(own, election=mine, spec=spec, actor=operator_actor(), now=clock())
        return "saved"

    outcomes = press_twice_at_once(database_url, read_the_form, press)
    assert outcomes == ["saved", "saved"], outcomes
    session.expire_all()
    assert [c.seats for c in session.get(Election, election.id).contests] == [5, 4]


def _closed_behind_its_back(session, database_url):
    """The election as one request read it, after another request closed it and committed:
    the first still holds the old state in memory."""
    election = example_election(session, NOW)
    session.commit()
    engine = make_engine(database_url)
    with engine.begin() as other:
        other.execute(
            text("UPDATE election SET state = 'closed' WHERE id = :id"), {"id": election.id}
        )
    engine.dispose()
    return election


def test_a_print_run_or_roll_upload_that_waited_sees_the_election_as_it_is_now(
    session, database_url, tmp_path
):
    """A print run or a roll upload queued behind a Close read the election before the close:
    the state is checked once the election is held, so nothing is added to a closed election."""
    election = _closed_behind_its_back(session, database_url)
    assert election.state == "draft"  # what this request read before it waited
    with pytest.raises(WrongState):
        issue_codes(session, election=election, secret_key=TEST_SECRET,
                    public_url="https://wahl.example.org", out_dir=tmp_path / "letters",
                    actor=operator_actor(), now=NOW)  # fmt: skip
    session.rollback()
    with pytest.raises(WrongState):
        import_roll(session, election=election, data=small_roll(2), actor=operator_actor(),
                    now=NOW)  # fmt: skip
    session.rollback()
    assert session.scalar(select(func.count()).select_from(RollEntry)) == 0


def test_a_passphrase_for_a_seat_that_was_replaced_meanwhile_is_refused(session, database_url):
    """A trustee sends a passphrase while the officer saves the trustees anew: the old seat is
    gone, and the trustee is asked to open the page again (it was a 500, StaleDataError)."""
    election = example_election(session, NOW)
    members = [("Erika Beispiel", None), ("Deniz Muster", None)]
    (seat, _other) = set_up_trustees(session, election=election, members=members, threshold=2,
                                     actor=operator_actor(), now=NOW)  # fmt: skip
    session.commit()
    engine = make_engine(database_url)
    with make_session_factory(engine)() as officer:
        again = officer.get(Election, election.id)
        set_up_trustees(officer, election=again, members=members[::-1], threshold=1,
                        actor=operator_actor(), now=NOW)  # fmt: skip
        officer.commit()
    engine.dispose()
    with pytest.raises(WrongState, match="trustees were changed"):
        register_passphrase(session, election=election, trustee=seat,
                            passphrase="correct horse battery staple", actor=operator_actor(),
                            now=NOW)  # fmt: skip


def test_an_action_waits_a_bounded_time_for_another_on_the_same_election(
    session, database_url, request, monkeypatch
):
    """On PostgreSQL a print run holds the election for minutes: an action behind it waits
    LOCK_WAIT_SECONDS and is then told to try again, instead of hanging until the worker dies."""
    if request.node.backend != "postgresql":
        pytest.skip("row locks with lock_timeout are PostgreSQL's")
    monkeypatch.setattr(elections, "LOCK_WAIT_SECONDS", 1)
    election = example_election(session, NOW)
    session.commit()
    engine = make_engine(database_url)
    with make_session_factory(engine)() as printing:
        elections.hold_election(printing, printing.get(Election, election.id))
        started = time.monotonic()
        spec = parse_election_file((EXAMPLES / "quartiersrat.toml").read_text())
        with pytest.raises(WrongState, match="still running"):
            update_election(session, election=election, spec=spec, actor=operator_actor(), now=NOW)
        assert time.monotonic() - started < 5
        printing.rollback()
    engine.dispose()
    session.rollback()

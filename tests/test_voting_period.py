"""The voting period: an election whose closing time passed before it opened gets a new period,
also after the key ceremony (the period is not in the manifest); an election whose closing time
has passed already is not created."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from ballot import box
from ballot.cli import cli
from ballot.models import AuditEntry, Election
from ballot.services.actor import operator_actor
from ballot.services.ceremony import election_manifest
from ballot.services.elections import open_election
from tests.conftest import TEST_SECRET
from tests.helpers import (
    EXAMPLES,
    example_election,
    make_officer,
    quick_ceremony,
    sign_in,
    submit,
    upload_election_file,
)

SLUG = "lindenhof-qr-2027"
PAGE = f"/console/elections/{SLUG}/"
EDIT = PAGE + "edit"
AFTER_THE_CLOSE = datetime.fromisoformat("2027-03-15T09:00:00+01:00")


@pytest.fixture
def late(app, session, clock):
    """An election with its ceremony held that nobody opened in time; its officer signed in."""
    election = example_election(session, clock())
    quick_ceremony(session, election, clock(), secret_key=TEST_SECRET)
    officer = make_officer(
        session, "qm@example.org", election.area, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    clock.moment = AFTER_THE_CLOSE
    client = app.test_client()
    assert sign_in(client, officer, secret_key=TEST_SECRET, at=clock()).status_code == 302
    return election, client


def _period_entries(session) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == "election.period")))


def _unchanged(session, election) -> bool:
    session.expire_all()
    return (
        election.closes.isoformat() == "2027-03-14T17:00:00+00:00"
        and _period_entries(session) == []
    )


def test_a_late_election_gets_a_new_period_and_opens(session, late, clock):
    election, client = late
    base_hash = election.manifest_hash
    refused = submit(client, PAGE + "open", {}, page=PAGE)
    assert refused.status_code == 409
    assert "change the closing time first" in refused.get_data(as_text=True)
    assert "Change the voting period" in client.get(PAGE).get_data(as_text=True)
    form = client.get(EDIT).get_data(as_text=True)
    assert 'name="opens"' in form and 'name="title"' not in form
    moved = submit(client, EDIT, {"opens": "2027-03-16 08:00", "closes": "2027-03-30 18:00"})
    assert moved.status_code == 302
    session.expire_all()
    assert [entry.details for entry in _period_entries(session)] == [
        {
            "opens": {"old": "2027-03-01T07:00:00+00:00", "new": "2027-03-16T07:00:00+00:00"},
            "closes": {"old": "2027-03-14T17:00:00+00:00", "new": "2027-03-30T16:00:00+00:00"},
        }
    ]
    assert box.base_hash(election_manifest(election)) == election.manifest_hash == base_hash
    open_election(session, election=election, actor=operator_actor("test"), now=clock())
    assert election.state == "open"


@pytest.mark.parametrize(
    ("opens", "closes", "problem"),
    [
        ("2027-03-10 08:00", "2027-03-15 08:00", "election.closes: has passed already"),
        ("2027-03-30 08:00", "2027-03-20 08:00", "election.closes: must be after election.opens"),
        ("2027-03-16 08:00", "bald", "YYYY-MM-DD HH:MM"),
        ("2027-03-16 08:00", "9999-12-31 23:59", "election.closes: 9999-12-31"),
    ],
)
def test_a_bad_period_is_refused_and_changes_nothing(session, late, opens, closes, problem):
    election, client = late
    response = submit(client, EDIT, {"opens": opens, "closes": closes})
    assert response.status_code == 400
    assert problem in response.get_data(as_text=True)
    assert _unchanged(session, election)


def test_the_period_of_an_opened_election_stays(session, late, clock):
    election, client = late
    clock.moment = datetime.fromisoformat("2027-03-05T09:00:00+01:00")
    open_election(session, election=election, actor=operator_actor("test"), now=clock())
    session.commit()
    response = submit(client, EDIT, {"opens": "2027-03-16 08:00", "closes": "2027-03-30 18:00"})
    assert response.status_code == 400  # the form again, with the refusal
    assert "changes only before it opens" in response.get_data(as_text=True)
    assert _unchanged(session, election)


def test_the_period_moves_at_the_shell(runner, session):
    assert (
        runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")]).exit_code
        == 0
    )
    moved = runner.invoke(
        cli, ["election", "period", SLUG, "--closes", "2027-03-21T18:00:00+01:00"]
    )
    assert moved.exit_code == 0, moved.output
    election = session.scalars(select(Election)).one()
    assert election.closes.isoformat() == "2027-03-21T17:00:00+00:00"
    assert election.opens.isoformat() == "2027-03-01T07:00:00+00:00"
    assert [e.actor for e in _period_entries(session)] == ["operator:cli"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "give --opens, --closes or both"),
        (["--closes", "next friday"], "election.closes: 'next friday' is not a date and time"),
        (["--closes", "2027-03-21T18:00:00"], "election.closes: needs a UTC offset"),
        (["--closes", "2020-03-21T18:00:00+01:00"], "election.closes: must be after"),
        (["--opens", "2020-03-01T08:00:00+01:00", "--closes", "2020-03-21T18:00:00+01:00"],
         "election.closes: has passed already"),
        (["--opens", "0001-01-01T00:00:00+14:00"],
         "election.opens: 0001-01-01T00:00:00+14:00 is not a plausible date (years 2000 to 2999)"),
    ],
)  # fmt: skip
def test_a_bad_period_at_the_shell_is_refused(runner, session, options, message):
    runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")])
    result = runner.invoke(cli, ["election", "period", SLUG, *options])
    assert result.exit_code == 1
    assert message in result.output
    assert _unchanged(session, session.scalars(select(Election)).one())


PAST = {"2027-03-01T08:00": "2026-03-01T08:00", "2027-03-14T18:00": "2026-03-14T18:00"}


def test_an_election_that_is_over_already_is_not_created_at_the_shell(runner, session, tmp_path):
    text = (EXAMPLES / "quartiersrat.toml").read_text()
    for old, new in PAST.items():
        text = text.replace(old, new)
    (tmp_path / "past.toml").write_text(text)
    result = runner.invoke(cli, ["election", "create", str(tmp_path / "past.toml")])
    assert result.exit_code == 1
    assert "The voting period is over already." in result.output
    assert "election.closes: has passed already; the election could never open" in result.output
    assert session.scalar(select(func.count()).select_from(Election)) == 0


def test_an_election_that_is_over_already_is_not_created_in_the_console(app, session, clock):
    officer = make_officer(
        session,
        "qm@example.org",
        example_election(session, clock()).area,
        secret_key=TEST_SECRET,
        now=clock(),
    )
    session.commit()
    clock.moment = AFTER_THE_CLOSE
    client = app.test_client()
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    text = (EXAMPLES / "quartiersrat.toml").read_text().replace(SLUG, "spaet-2027")
    upload = upload_election_file(client, text)
    assert upload.status_code == 400
    assert "has passed already" in upload.get_data(as_text=True)
    form = {
        "e-slug": "spaet-2027",
        "e-title": "Spät",
        "e-area": "QM Lindenhof-Kiez",
        "e-opens": "2027-03-01 08:00",
        "e-closes": "2027-03-14 18:00",
        "e-min_age": "16",
        "e-languages": ["de"],
    }
    typed = submit(client, "/console/elections/new", form)
    assert typed.status_code == 400
    assert "has passed already" in typed.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Election)) == 1


def test_a_draft_edit_refuses_a_closing_time_that_has_passed(app, session, clock):
    election = example_election(session, clock())
    officer = make_officer(
        session, "qm@example.org", election.area, secret_key=TEST_SECRET, now=clock()
    )
    session.commit()
    clock.moment = AFTER_THE_CLOSE
    client = app.test_client()
    sign_in(client, officer, secret_key=TEST_SECRET, at=clock())
    form = {
        "slug": SLUG,
        "title": election.title,
        "area": "QM Lindenhof-Kiez",
        "opens": "2027-03-01 08:00",
        "closes": "2027-03-15 08:00",
        "min_age": "16",
        "languages": ["de"],
        "two_person_rule": "y",
    }
    response = submit(client, EDIT, form)
    assert response.status_code == 400
    assert "election.closes: has passed already" in response.get_data(as_text=True)
    session.expire_all()
    assert election.closes.isoformat() == "2027-03-14T17:00:00+00:00"
    assert (
        session.scalars(select(AuditEntry).where(AuditEntry.action == "election.update")).all()
        == []
    )
    assert submit(client, EDIT, {**form, "closes": "2027-03-29 18:00"}).status_code == 302

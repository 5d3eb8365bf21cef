"""Roll import: all or nothing, every bad line named, re-import updates by ref."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from ballot.cli import cli
from ballot.models import RollEntry
from ballot.services.actor import operator_actor
from ballot.services.errors import InvalidInput, WrongState
from ballot.services.roll import import_roll
from tests.helpers import EXAMPLES, example_election

NOW = datetime(2027, 2, 1, tzinfo=UTC)
HEADER = "ref,given_name,family_name,street,house_number,postal_code,city,birth_date,electorate\n"


def _entries(session):
    return session.scalar(select(func.count()).select_from(RollEntry))


def _import(session, election, text):
    return import_roll(
        session, election=election, data=text.encode(), actor=operator_actor(), now=NOW
    )


def test_the_example_roll_imports(runner, session):
    assert (
        runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")]).exit_code
        == 0
    )
    result = runner.invoke(cli, ["roll", "import", "lindenhof-qr-2027", str(EXAMPLES / "roll.csv")])
    assert result.exit_code == 0, result.output
    assert "added 56" in result.output
    assert _entries(session) == 56


def test_the_bad_roll_names_every_line_and_stores_nothing(runner, session):
    runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")])
    result = runner.invoke(
        cli, ["roll", "import", "lindenhof-qr-2027", str(EXAMPLES / "bad-roll.csv")]
    )
    assert result.exit_code == 1
    for expected in (
        "line 3: given_name is missing",
        "line 4: birth_date '1990-02-30' is not a date",
        "line 5: younger than 16 on the last voting day (2027-03-14)",
        "line 6: unknown electorate 'pensioners'",
        "line 7: ref 'B0001' also on line 2",
        "line 8: the same person as on line 2",
        "line 9: postal_code '1234' is not 5 digits",
    ):
        assert expected in result.output, expected
    assert "line 2:" not in result.output
    assert _entries(session) == 0


def test_age_is_counted_on_the_last_voting_day(session):
    election = example_election(session, NOW)
    # 16 on 2027-03-14, the closing day in Berlin: eligible. A day younger: not.
    ok = HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,2011-03-14,residents\n"
    young = HEADER + "A2,Olga,Wolff,Weidenweg,2,12345,Berlin,2011-03-15,residents\n"
    assert _import(session, election, ok).added == 1
    with pytest.raises(InvalidInput) as caught:
        _import(session, election, young)
    assert "younger than 16" in caught.value.problems[0]


def test_reimport_in_draft_updates_by_ref(session):
    election = example_election(session, NOW)
    _import(session, election, HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,,residents\n")
    result = _import(
        session,
        election,
        HEADER + "A1,Mira,Kaya,Weidenweg,9,12345,Berlin,,\n"
        "A2,Paul,Wolff,Weidenweg,2,12345,Berlin,,residents\n",
    )
    assert (result.added, result.updated, result.unchanged) == (1, 1, 0)
    entry = session.scalars(select(RollEntry).where(RollEntry.ref == "A1")).one()
    assert entry.house_number == "9" and entry.electorate_key == "residents"


def test_an_open_election_takes_only_new_entries(session):
    election = example_election(session, NOW)
    _import(session, election, HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,,residents\n")
    election.state = "open"
    with pytest.raises(WrongState):
        _import(session, election, HEADER + "A1,Mira,Kaya,Weidenweg,2,12345,Berlin,,residents\n")
    added = _import(
        session,
        election,
        HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,,residents\n"
        "A3,Sven,Nowak,Weidenweg,3,12345,Berlin,,residents\n",
    )
    assert added.added == 1 and added.unchanged == 1


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfe not utf-8", "not valid UTF-8"),
        (b"ref,name\nA1,x\n", "missing column 'given_name'"),
        (HEADER.encode(), "line 2: no entries"),
        (
            (HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,,residents,extra\n").encode(),
            "line 2: more fields than columns",
        ),
        ((HEADER.strip() + ",shoe_size\n").encode(), "unknown column 'shoe_size'"),
    ],
)
def test_malformed_files_are_refused_clearly(session, data, problem):
    election = example_election(session, NOW)
    with pytest.raises(InvalidInput) as caught:
        import_roll(session, election=election, data=data, actor=operator_actor(), now=NOW)
    assert any(problem in p for p in caught.value.problems), caught.value.problems
    assert _entries(session) == 0


def test_a_closed_election_refuses_the_roll(session):
    election = example_election(session, NOW)
    election.state = "closed"
    with pytest.raises(WrongState):
        _import(session, election, HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,,residents\n")

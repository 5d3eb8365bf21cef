"""Roll import: all or nothing, every bad line named, re-import updates by ref."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from ballot.cli import cli
from ballot.models import Election, RollEntry
from ballot.services.actor import operator_actor
from ballot.services.errors import InvalidInput, WrongState
from ballot.services.roll import import_roll
from tests.helpers import EXAMPLES, example_election, press_twice_at_once

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
        (b"\xff\xfe not utf-8", "line 1: not valid UTF-8; the roll file must be UTF-8"),
        (
            (HEADER + "A1,Jürgen,Kaya,Weidenweg,1,12345,Berlin,,residents\n").encode("cp1252"),
            "line 2: not valid UTF-8; the roll file must be UTF-8",
        ),
        (b"ref,name\nA1,x\n", "missing column 'given_name'"),
        (HEADER.encode(), "line 2: no entries"),
        (
            (HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,,residents,extra\n").encode(),
            "line 2: more fields than columns",
        ),
        ((HEADER.strip() + ",shoe_size\n").encode(), "unknown column 'shoe_size'"),
        (
            ("ref," + HEADER + "A1,A2,Mira,Kaya,Weidenweg,1,12345,Berlin,,residents\n").encode(),
            "line 1: column 'ref' appears more than once",
        ),
        (
            (HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,,residents\n")
            .replace(",", ";")
            .encode(),
            "line 1: the file seems to use semicolons (;) between columns; "
            "the roll must be comma-separated (,)",
        ),
        (
            (HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,1800-01-01,residents\n").encode(),
            "line 2: birth_date '1800-01-01' is implausible (before 1900 or in the future)",
        ),
        (
            (HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,1899-12-31,residents\n").encode(),
            "line 2: birth_date '1899-12-31' is implausible",
        ),
        (
            (HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,2027-02-02,residents\n").encode(),
            "line 2: birth_date '2027-02-02' is implausible",
        ),
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


def test_a_semicolon_file_gets_only_the_semicolon_problem(session):
    election = example_election(session, NOW)
    with pytest.raises(InvalidInput) as caught:
        _import(session, election, HEADER.replace(",", ";") + "A1;Mira;Kaya;W;1;12345;B;;\n")
    assert len(caught.value.problems) == 1 and "semicolons" in caught.value.problems[0]


def test_a_birth_date_from_1900_to_today_is_plausible(session):
    election = example_election(session, NOW, **{"min_age = 16": "min_age = 0"})
    result = _import(
        session,
        election,
        HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,1900-01-01,residents\n"
        "A2,Olga,Wolff,Weidenweg,2,12345,Berlin,2027-02-01,residents\n",
    )
    assert result.added == 2


AYSE = "R0001,Ayşe,Demir,Lindenhofstraße,1,12345,Berlin,1950-01-01,residents\n"


@pytest.mark.parametrize(
    "line",
    [
        "X0001,Ayşe,Demir,Lindenhofstraße,1,12345,Berlin,1950-01-01,residents",
        "X0001,AYŞE,demir,Am Kiezgarten,7,12345,Berlin,1950-01-01,residents",
        "X0001,Ayşe,Demir,Lindenhofstraße,1,12345,Berlin,1950-01-01,institutions",
        "X0001, Ayşe , Demir ,Lindenhofstraße,1,12345,Berlin,1950-01-01,",
        # "ş" as s and a combining cedilla, as some programs save it
        "X0001,Ays\u0327e,Demir,Lindenhofstraße,1,12345,Berlin,1950-01-01,residents",
        # invisible characters pasted from a web page: a soft hyphen, a zero-width space
        "X0001,Ayşe,De\u00admir,Lindenhofstraße,1,12345,Berlin,1950-01-01,residents",
        "X0001,Ay\u200bşe,Demir,Lindenhofstraße,1,12345,Berlin,1950-01-01,residents",
    ],
)
def test_a_person_on_the_roll_under_another_ref_is_refused(session, line):
    election = example_election(session, NOW)
    _import(session, election, HEADER + AYSE)
    with pytest.raises(InvalidInput) as caught:
        _import(
            session, election, HEADER + "B0001,Bernd,Krause,Weidenweg,2,12345,Berlin,,\n" + line
        )
    assert caught.value.problems == ["line 3: the same person as the existing entry R0001"]
    assert _entries(session) == 1


def test_without_a_birth_date_the_address_names_the_person(session):
    election = example_election(session, NOW)
    _import(session, election, HEADER + "A1,Mira,Kaya,Weidenweg,1,12345,Berlin,,residents\n")
    with pytest.raises(InvalidInput) as caught:
        _import(session, election, HEADER + "A2,mira,KAYA,weidenweg,1,12345,Berlin,,\n")
    assert caught.value.problems == ["line 2: the same person as the existing entry A1"]
    moved = _import(session, election, HEADER + "A3,Mira,Kaya,Weidenweg,3,12345,Berlin,,\n")
    assert moved.added == 1  # another address without a birth date: another person


def test_the_same_ref_updates_and_a_changed_entry_frees_its_person(session):
    election = example_election(session, NOW)
    _import(session, election, HEADER + AYSE)
    moved = _import(session, election, HEADER + AYSE.replace("straße,1,", "straße,9,"))
    assert (moved.added, moved.updated) == (0, 1)
    # R0001 becomes someone else in the same file that adds Ayşe under X0001: one Ayşe.
    swapped = _import(
        session,
        election,
        HEADER
        + "R0001,Bernd,Krause,Weidenweg,2,12345,Berlin,1953-02-02,residents\n"
        + AYSE.replace("R0001", "X0001"),
    )
    assert (swapped.added, swapped.updated) == (1, 1)


def test_the_cli_refuses_a_person_of_an_earlier_import(runner, session, tmp_path):
    runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")])
    runner.invoke(cli, ["roll", "import", "lindenhof-qr-2027", str(EXAMPLES / "roll.csv")])
    again = tmp_path / "more.csv"
    again.write_text(
        HEADER + "X0001,Ayşe,Demir,Lindenhofstraße,1,12345,Berlin,1950-01-01,residents\n"
    )
    result = runner.invoke(cli, ["roll", "import", "lindenhof-qr-2027", str(again)])
    assert result.exit_code == 1
    assert "line 2: the same person as the existing entry R0001" in result.output
    assert _entries(session) == 56


def test_postal_codes_and_birth_dates_in_other_digits_are_stored_in_ascii_digits(session):
    """A spreadsheet typed on an Arabic or a phone keyboard: "١٢٣٤٥" and "１２３４５" were
    stored as they were and printed so on the letter, where the post reads 12345."""
    election = example_election(session, NOW)
    _import(
        session,
        election,
        HEADER
        + "P1,Leyla,Aydın,Lindenweg,4,١٢٣٤٥,Berlin,١٩٨٠-٠١-٠٢,\n"
        + "P2,Jonas,Weber,Lindenweg,5,１２３４５,Berlin,,\n",
    )
    entries = session.scalars(select(RollEntry).order_by(RollEntry.ref)).all()
    assert [e.postal_code for e in entries] == ["12345", "12345"]
    assert entries[0].birth_date.isoformat() == "1980-01-02"
    with pytest.raises(InvalidInput) as caught:
        _import(session, election, HEADER + "P3,Anna,Berg,Weg,1,1234५x,Berlin,,\n")
    assert caught.value.problems == ["line 2: postal_code '1234५x' is not 5 digits"]


def test_the_same_name_and_address_once_without_a_birth_date_is_the_same_person(session):
    """ "Anna Muster, Weg 1" with a birth date and again without one got two letters: with one
    date missing, name and address are all that tell two people apart. Two people of one name
    at one address with different birth dates (father and son) stay two."""
    election = example_election(session, NOW)
    twice = (
        HEADER
        + "A1,Anna,Muster,Weidenweg,1,12345,Berlin,1980-01-01,\n"
        + "A2,Anna,Muster,Weidenweg,1,12345,Berlin,,\n"
    )
    with pytest.raises(InvalidInput) as caught:
        _import(session, election, twice)
    assert caught.value.problems == ["line 3: the same person as on line 2"]
    family = (
        HEADER
        + "M1,Mehmet,Yılmaz,Weidenweg,2,12345,Berlin,1950-05-05,\n"
        + "M2,Mehmet,Yılmaz,Weidenweg,2,12345,Berlin,1985-06-06,\n"
    )
    assert _import(session, election, family).added == 2
    with pytest.raises(InvalidInput) as caught:
        _import(session, election, HEADER + "M3,Mehmet,Yılmaz,Weidenweg,2,12345,Berlin,,\n")
    assert caught.value.problems == ["line 2: the same person as the existing entry M1"]
    assert _entries(session) == 2


def test_a_roll_sent_twice_at_once_is_imported_once(session, database_url):
    """A double click on "Upload": the second request failed on the database (both inserted
    the same refs), a 500 in the console. Now the second waits and finds the entries there."""
    election_id = example_election(session, NOW).id
    session.commit()
    data = (EXAMPLES / "roll.csv").read_bytes()

    def upload(own, mine, _number):
        result = import_roll(own, election=mine, data=data, actor=operator_actor(), now=NOW)
        return (result.added, result.unchanged)

    outcomes = press_twice_at_once(database_url, lambda own: own.get(Election, election_id), upload)
    assert sorted(outcomes) == [(0, 56), (56, 0)], outcomes
    assert _entries(session) == 56

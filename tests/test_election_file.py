"""Election set-up from the election file: the examples work, the bad one names every problem."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from ballot.cli import cli
from ballot.models import AuditEntry, Candidate, Contest, Election
from ballot.services.actor import operator_actor
from ballot.services.election_spec import check_election, parse_election_file
from ballot.services.elections import create_election
from ballot.services.errors import InvalidInput
from tests.helpers import EXAMPLES, make_area, press_twice_at_once

NOW = datetime(2027, 2, 1, tzinfo=UTC)


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_the_examples_create_elections(runner, session):
    for name, slug in (
        ("quartiersrat.toml", "lindenhof-qr-2027"),
        ("aktionsfonds.toml", "lindenhof-jury-2027"),
    ):
        result = runner.invoke(cli, ["election", "create", str(EXAMPLES / name)])
        assert result.exit_code == 0, result.output
        assert result.output.strip() == slug
    election = session.scalars(select(Election).where(Election.slug == "lindenhof-qr-2027")).one()
    assert [c.key for c in election.contests] == ["bewohner", "einrichtungen"]
    assert election.contests[0].is_resident and not election.contests[1].is_resident
    assert election.contests[0].candidates[0].attributes == {"gender": "f"}
    assert election.area.name == "QM Lindenhof-Kiez"
    assert election.state == "draft"


def test_the_bad_example_names_every_problem_and_changes_nothing(runner, session):
    before = (_count(session, Election), _count(session, AuditEntry))
    result = runner.invoke(cli, ["election", "create", str(EXAMPLES / "bad-election.toml")])
    assert result.exit_code == 1
    message = result.output
    for expected in (
        "election.slug: 'Bad Slug!' must be 3 to 80 characters: a-z, 0-9 and '-'",
        "election.colour: unknown field",
        "election.closes: must be after election.opens",
        "election.languages: 'fr' is not offered",
        "contest[1].seats: must be at least 1 (is 0)",
        "contest[1].max_choices: is 5, more than the 2 candidates",
        "contest[2].electorates: no electorate has the key 'schools'",
    ):
        assert expected in message, expected
    assert (_count(session, Election), _count(session, AuditEntry)) == before
    assert _count(session, Contest) == 0 and _count(session, Candidate) == 0


def test_the_same_slug_twice_is_refused(runner):
    path = str(EXAMPLES / "quartiersrat.toml")
    assert runner.invoke(cli, ["election", "create", path]).exit_code == 0
    again = runner.invoke(cli, ["election", "create", path])
    assert again.exit_code == 1
    assert "exists already" in again.output


def test_not_toml_is_refused_clearly():
    with pytest.raises(InvalidInput) as caught:
        parse_election_file("[election\nslug = ")
    assert "not valid TOML" in str(caught.value)


def test_a_missing_file_exits_1(runner):
    result = runner.invoke(cli, ["election", "create", "/nonexistent/election.toml"])
    assert result.exit_code == 1
    assert "cannot read" in result.output


def _minimal(**contest):
    base = {
        "key": "c",
        "title": "C",
        "seats": 2,
        "max_choices": 2,
        "candidate": [{"name": "A"}, {"name": "B"}, {"name": "C"}],
    }
    base.update(contest)
    return {
        "election": {
            "slug": "x-2027",
            "title": "X",
            "area": "A",
            "opens": "2027-03-01T08:00:00+01:00",
            "closes": "2027-03-02T08:00:00+01:00",
            "resident_contests": ["c"],
        },
        "electorate": [{"key": "residents", "title": "R"}],
        "contest": [base],
    }


@pytest.mark.parametrize(
    ("contest", "problem"),
    [
        ({"seats": 0}, "contest[1].seats: must be at least 1"),
        ({"max_choices": 0}, "contest[1].max_choices: must be at least 1"),
        ({"max_choices": 4}, "contest[1].max_choices: is 4, more than the 3 candidates"),
        ({"min_choices": 3}, "contest[1].min_choices: must not be more than max_choices"),
        ({"method": "stv"}, "contest[1].method: 'stv' is not one of most-votes, yes-no"),
        ({"hurdle_percent": "ten"}, "contest[1].hurdle_percent: 'ten' is not a number"),
        ({"hurdle_percent": 120}, "contest[1].hurdle_percent: must be between 0 and 100"),
        ({"extra": 1}, "contest[1].extra: unknown field"),
        ({"candidate": [{"name": "A"}, {"name": "A"}]}, "'A' stands twice"),
        (
            {"candidate": [{"name": "Ayşe Demir"}, {"name": "ayşe  demir"}]},
            "'ayşe  demir' stands twice",
        ),
        (  # a soft hyphen and a zero-width space: invisible on the ballot
            {"candidate": [{"name": "Ayşe Demir"}, {"name": "Ay\u00adşe De\u200bmir"}]},
            "stands twice",
        ),
        ({"quotas": [{"attribute": "gender", "value": "f", "min": 1}]}, "contest[1].quotas[1]:"),
    ],
)
def test_each_contest_rule_names_its_field(contest, problem):
    with pytest.raises(InvalidInput) as caught:
        check_election(_minimal(**contest))
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_naive_times_and_missing_tables_are_refused():
    data = _minimal()
    data["election"]["opens"] = "2027-03-01T08:00:00"
    del data["electorate"]
    with pytest.raises(InvalidInput) as caught:
        check_election(data)
    text = "\n".join(caught.value.problems)
    assert "election.opens: needs a UTC offset" in text
    assert "electorate: at least one [[electorate]] is needed" in text


def test_residents_must_hold_more_than_half_of_the_seats():
    data = _minimal()
    data["contest"].append(
        {"key": "inst", "title": "I", "seats": 2, "max_choices": 1, "candidate": [{"name": "K"}]}
    )
    with pytest.raises(InvalidInput) as caught:
        check_election(data)
    assert any(p.startswith("election.resident_contests:") for p in caught.value.problems)


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "1970-01-01T00:00:00Z"]
)
def test_a_date_no_election_can_have_is_named_not_a_traceback(runner, session, tmp_path, when):
    text = (EXAMPLES / "quartiersrat.toml").read_text()
    (tmp_path / "far.toml").write_text(text.replace("2027-03-14T18:00:00+01:00", when))
    result = runner.invoke(cli, ["election", "create", str(tmp_path / "far.toml")])
    assert result.exit_code == 1
    assert "election.closes:" in result.output and "is not a plausible date" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _count(session, Election) == 0


@pytest.mark.parametrize(
    ("where", "key", "value", "problem"),
    [
        ("election", "languages", ["de", "en", "en"], "election.languages: 'en' is listed twice"),
        ("election", "resident_contests", ["c", "c"], "election.resident_contests: 'c' is listed"),
        ("contest", "electorates", ["residents"] * 2, "contest[1].electorates: 'residents' is"),
    ],
)
def test_a_list_naming_a_value_twice_is_refused(where, key, value, problem):
    """["de", "en", "en"] printed the English hint twice on every letter."""
    data = _minimal()
    (data[where] if where == "election" else data[where][0])[key] = value
    with pytest.raises(InvalidInput) as caught:
        check_election(data)
    assert any(problem in p for p in caught.value.problems), caught.value.problems


@pytest.mark.parametrize(
    ("where", "value", "problem"),
    [
        ("slug", "ab", "election.slug: 'ab' must be 3 to 80 characters: a-z, 0-9 and '-', "),
        ("slug", "kiez-", "election.slug: 'kiez-' must be 3 to 80 characters"),
        ("slug", "k" * 81, "must be 3 to 80 characters"),
        ("key", "Bewohner", "contest[1].key: 'Bewohner' must be 1 to 80 characters: a-z, 0-9, "),
    ],
)
def test_a_slug_or_key_out_of_its_rule_is_told_the_whole_rule(where, value, problem):
    """'ab' was told it "may only hold a-z, 0-9 and '-'", which it does; a key was not told
    that '_' is allowed."""
    data = _minimal()
    if where == "slug":
        data["election"]["slug"] = value
    else:
        data["contest"][0]["key"] = value
    with pytest.raises(InvalidInput) as caught:
        check_election(data)
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_a_field_given_twice_is_named_by_line_and_column(runner, tmp_path):
    """tomllib's own words ("Cannot overwrite a value (at line 10, column 11)") reached the
    console in English; now the place and the mistake are said in the officer's language."""
    text = (
        (EXAMPLES / "quartiersrat.toml")
        .read_text()
        .replace("min_age = 16", "min_age = 16\nmin_age = 18")
    )
    (tmp_path / "twice.toml").write_text(text)
    result = runner.invoke(cli, ["election", "create", str(tmp_path / "twice.toml")])
    assert result.exit_code == 1
    line = text.splitlines().index("min_age = 18") + 1
    assert (
        f"line {line}, column 13: this field or table is there already; each may appear only once"
        in result.output
    )


def test_the_help_contact_is_held_to_what_the_console_and_the_letter_take():
    """A file took 2,000 characters of help contact, where the console takes 500: on the
    letter such a contact ran over the voting code's box, and the console's edit form refused
    the election's own contact."""
    data = _minimal()
    data["election"]["help_contact"] = "Tel. 030 000000. " * 29 + "x" * 7  # 500 characters
    assert check_election(data).help_contact == data["election"]["help_contact"]
    data["election"]["help_contact"] += "y"
    with pytest.raises(InvalidInput) as caught:
        check_election(data)
    assert caught.value.problems == ["election.help_contact: longer than 500 characters"]


def test_a_name_title_or_key_is_one_line_and_a_description_may_have_several():
    """A candidate "Ayşe\\nDemir" from a file was taken and split `ballot election show`'s list."""
    data = _minimal(
        candidate=[{"name": "Ayşe\nDemir"}, {"name": "B", "description": "Kita\nLindenweg"}]
    )
    data["election"]["title"] = "Kiezwahl\r\n2027"
    data["election"]["help_contact"] = "QM-Büro\nLindenweg 1"
    with pytest.raises(InvalidInput) as caught:
        check_election(data)
    assert caught.value.problems == [
        "contest[1].candidate[1].name: must be on one line",
        "election.title: must be on one line",
    ]


def test_a_file_saved_with_a_byte_order_mark_is_read_at_the_shell_as_in_the_console(
    runner, session, tmp_path
):
    """Notepad saves UTF-8 with a byte order mark: the console took such a file, and
    `ballot election create` refused it ("line 1, column 1: Invalid statement")."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (EXAMPLES / "quartiersrat.toml").read_bytes())
    result = runner.invoke(cli, ["election", "create", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "lindenhof-qr-2027"
    latin = tmp_path / "latin.toml"
    latin.write_bytes('title = "Kiezwahl Schöneberg"\n'.encode("latin-1"))
    refused = runner.invoke(cli, ["election", "create", str(latin)])
    assert refused.exit_code == 1
    assert "not UTF-8" in refused.output


def test_a_hurdle_in_other_digits_is_kept_in_ascii_digits():
    """ "١٠" (typed on an Arabic keyboard in the console) went into the record as it was, where a
    verifier written in another language reads 0-9 only."""
    assert check_election(_minimal(hurdle_percent="١٢.٥")).contests[0].hurdle_percent == "12.5"
    with pytest.raises(InvalidInput) as caught:
        check_election(_minimal(hurdle_percent="1²"))
    assert caught.value.problems == ["contest[1].hurdle_percent: '1²' is not a number"]


def test_an_election_file_sent_twice_at_once_creates_one_election(session, database_url):
    """A double click on "Create from file": the second request failed on the database (the
    slug taken between its check and its insert), a 500 in the console."""
    make_area(session, "QM Lindenhof-Kiez", NOW)
    session.commit()
    spec = parse_election_file((EXAMPLES / "quartiersrat.toml").read_text())

    def create(own, _read, _number):
        create_election(own, spec=spec, actor=operator_actor("test"), now=NOW)
        return "created"

    def read_as_the_page_does(own):
        return own.scalar(select(func.count()).select_from(Election))

    outcomes = press_twice_at_once(database_url, read_as_the_page_does, create)
    assert "created" in outcomes, outcomes
    (refusal,) = [o for o in outcomes if o != "created"]
    assert isinstance(refusal, InvalidInput), repr(refusal)
    assert refusal.message == "The slug is taken."
    assert _count(session, Election) == 1


def test_a_created_election_is_undone_with_its_request(session):
    """The election and its audit entry are one transaction: a request that fails after
    create_election keeps neither. On SQLite the savepoint that catches a taken slug used to
    start (and on release commit) a transaction of its own, so the election stayed."""
    make_area(session, "QM Lindenhof-Kiez", NOW)
    session.commit()
    spec = parse_election_file((EXAMPLES / "quartiersrat.toml").read_text())
    create_election(session, spec=spec, actor=operator_actor(), now=NOW)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Election)) == 0
    created = select(func.count()).where(AuditEntry.action == "election.create")
    assert session.scalar(created) == 0

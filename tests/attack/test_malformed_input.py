"""Malformed files and text: broken TOML, CSV and JSON, bad UTF-8, wrong types, control
characters, overlong fields and absurd numbers get a clear message — exit status 1 at the
command line (never a traceback), 400 on the web — and nothing is stored. Fields are as long
as the database columns allow, so PostgreSQL (which enforces lengths) never sees a longer one."""

import io
import json
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ballot import box
from ballot.cli import cli
from ballot.models import Election, RollEntry
from tests.attack.world import build_world, signed_in
from tests.helpers import EXAMPLES, ROLL_HEADER, csrf_token, submit

EXAMPLE = (EXAMPLES / "quartiersrat.toml").read_text()


def _example(old: str, new: str) -> bytes:
    assert old in EXAMPLE
    return EXAMPLE.replace(old, new, 1).encode()


NO_TABLES = b"""[election]
slug = "x-2027"
[[electorate]]
key = "residents"
title = "R"
[[contest]]
key = "c"
title = "C"
candidate = [1, "x"]
quotas = [1]
"""
TOO_LONG_TITLE = _example('title = "Quartiersratswahl', f'title = "{"x" * 400}')
NUL_NAME = _example('name = "Ayşe Demir"', 'name = "Ayşe\\u0000Demir"')
HUGE_HURDLE = _example("hurdle_percent = 0", 'hurdle_percent = "1e99999999"')
# tomllib reads nested lists recursively: 5,000 levels exceed Python's recursion limit.
DEEPLY_NESTED = (EXAMPLE + "\n[x]\ny = " + "[" * 5000 + "]" * 5000 + "\n").encode()
ELECTION_FILES = {
    "not TOML": (b"[election\nslug = ", "not valid TOML"),
    "not UTF-8": (b'[election]\ntitle = "\xff\xfe"\n', "UTF-8"),
    "numbers for tables": (b'electorate = [1, 2]\ncontest = "x"\n[election]\n', "electorate[1]"),
    "a candidate that is no table": (NO_TABLES, "contest[1].candidate[1]: must be a table"),
    "seats beyond reason": (_example("seats = 6", "seats = 99999999999"), "must be at most 500"),
    "age beyond reason": (_example("min_age = 16", "min_age = 9999999999"), "must be at most 120"),
    "a title too long": (TOO_LONG_TITLE, "election.title: longer than 300 characters"),
    "a NUL in a name": (NUL_NAME, "contains a control character"),
    "a hurdle too big to compute": (HUGE_HURDLE, "hurdle_percent: '1e99999999' is not a number"),
    "lists nested too deeply": (DEEPLY_NESTED, "lists or tables are nested too deeply"),
}
RESIDENT = "A1,Mira,Kaya,Weg,1,12345,Berlin,,residents"


def _roll(line: str) -> bytes:
    return (ROLL_HEADER + line + "\n").encode()


def _roll_with(old: str, new: str) -> bytes:
    return _roll(RESIDENT.replace(old, new, 1))


ROLLS = {
    "not UTF-8": (b"\xff\xfe" + _roll(RESIDENT), "UTF-8"),
    "a NUL in a name": (_roll_with("Mira", "Mi\x00ra"), "given_name contains a control character"),
    "a name too long": (_roll_with("Mira", "x" * 300), "given_name is longer than 200"),
    "a house number too long": (_roll_with(",1,", f",{'1' * 30},"), "house_number is longer"),
    "a ref too long": (_roll_with("A1", "A" * 100), "ref is longer than 80"),
    "an open quote": (_roll_with("Mira", '"Mira'), "line 2"),
    "a field beyond the csv module's limit": (
        _roll_with("Mira", "x" * 200_000),
        "line 2: a field is longer than 131072 characters",
    ),
    "no header": (b",,,,,,,,\n,,,\n", "missing column"),
    "a date that is none": (_roll_with(",,residents", ",2000-02-30,residents"), "not a date"),
}


def _clean_exit(result) -> bool:
    """Exit status 1 by the command's own decision, not by an exception escaping it."""
    return result.exit_code == 1 and isinstance(result.exception, SystemExit)


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("case", list(ELECTION_FILES))
def test_a_bad_election_file_exits_1_with_a_message(runner, session, tmp_path, case):
    data, expected = ELECTION_FILES[case]
    path = tmp_path / "election.toml"
    path.write_bytes(data)
    started = time.monotonic()
    result = runner.invoke(cli, ["election", "create", str(path)])
    assert time.monotonic() - started < 10
    assert _clean_exit(result), (result.exit_code, result.output, result.exception)
    assert expected in result.output
    assert _count(session, Election) == 0


@pytest.mark.parametrize("case", ["not TOML", "not UTF-8", "numbers for tables", "a NUL in a name",
                                  "a title too long", "lists nested too deeply"])  # fmt: skip
def test_a_bad_uploaded_election_file_gets_400(app, session, clock, case):
    data, expected = ELECTION_FILES[case]
    client = signed_in(app, build_world(session, clock()).admin, clock)
    before = _count(session, Election)
    response = submit(client, "/console/elections/new", {"f-file": (io.BytesIO(data), "e.toml")})
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True)
    assert _count(session, Election) == before


@pytest.mark.parametrize("case", list(ROLLS))
def test_a_bad_roll_exits_1_with_a_message(runner, session, tmp_path, case):
    data, expected = ROLLS[case]
    runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")])
    path = tmp_path / "roll.csv"
    path.write_bytes(data)
    result = runner.invoke(cli, ["roll", "import", "lindenhof-qr-2027", str(path)])
    assert _clean_exit(result), (result.exit_code, result.output, result.exception)
    assert expected in result.output
    assert _count(session, RollEntry) == 0


@pytest.mark.parametrize("case", ["not UTF-8", "a NUL in a name", "a name too long"])
def test_a_bad_uploaded_roll_gets_400(app, session, clock, case):
    data, expected = ROLLS[case]
    world = build_world(session, clock())
    client = signed_in(app, world.officer, clock)
    before = _count(session, RollEntry)
    url = f"/console/elections/{world.election.slug}/roll"
    response = submit(client, url, {"file": (io.BytesIO(data), "roll.csv")})
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True)
    assert _count(session, RollEntry) == before


def test_a_roll_field_beyond_the_csv_limit_is_refused_in_the_officers_language(app, session, clock):
    """The csv module's own complaint is English; the officer reads it in German."""
    data, _expected = ROLLS["a field beyond the csv module's limit"]
    world = build_world(session, clock())
    client = signed_in(app, world.officer, clock)
    client.get("/lang/de")
    before = _count(session, RollEntry)
    url = f"/console/elections/{world.election.slug}/roll"
    response = submit(client, url, {"file": (io.BytesIO(data), "roll.csv")})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Zeile 2: ein Feld ist länger als 131072 Zeichen" in page
    assert "field limit" not in page
    assert _count(session, RollEntry) == before


JSON_FILES = {
    "not JSON": (b'{"method": "dhondt", ', "not valid JSON"),
    "not UTF-8": (b'{"method": "\xff"}', "not UTF-8"),
    "a number too long to read": (b'{"seats": ' + b"9" * 5000 + b"}", "not valid JSON"),
    "empty": (b"", "not valid JSON"),
    "a key twice": (b'{"method": "most-votes", "method": "yes-no"}', "'method' appears twice"),
    "nested too deeply": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "NaN": (b'{"seats": NaN}', "NaN is not a JSON number"),
}


@pytest.mark.parametrize("command", ["allocate", "verify"])
@pytest.mark.parametrize("case", list(JSON_FILES))
def test_bad_json_exits_1_with_a_message(tmp_path, command, case):
    data, expected = JSON_FILES[case]
    path = tmp_path / "input.json"
    path.write_bytes(data)
    result = _cli_runner().invoke(cli, [command, str(path)])
    assert _clean_exit(result), (result.exit_code, result.output, result.exception)
    assert expected in result.output


@pytest.mark.parametrize(
    ("request_json", "expected"),
    [
        ("[]", "must be a JSON object"),
        ('{"method": 5}', "method: must be one of"),
        ('{"method": "dhondt", "seats": 3, "votes": {"A": "many"}}', "votes.A"),
        ('{"method": "most-votes", "seats": 1e400, "ballots_cast": 1, "votes": {"A": 1}}', "seats"),
        (
            r'{"method": "most-votes", "seats": 1, "ballots_cast": 1, "votes": {"\ud800": 1}}',
            "lone UTF-16 surrogate",
        ),
    ],
)
def test_allocate_refuses_wrong_types(tmp_path, request_json, expected):
    path = tmp_path / "seats.json"
    path.write_text(request_json)
    result = _cli_runner().invoke(cli, ["allocate", str(path)])
    assert _clean_exit(result), (result.exit_code, result.output, result.exception)
    assert expected in result.output


VECTOR_RECORD = Path(__file__).resolve().parent.parent / "vectors" / "box-record.json"


def _vector_record_with(tmp_path, change) -> Path:
    """The committed vector record, changed by `change(text)`, as a file."""
    path = tmp_path / "record.json"
    path.write_text(change(VECTOR_RECORD.read_text()))
    return path


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # a parser that keeps the first copy would read other counts than one keeping the last
        (lambda t: t.replace('"counts":', '"counts":{"council":[0,0,0],"jury":[0,0]},"counts":'),
         "'counts' appears twice"),
        (lambda t: t.replace('"eligible":5', '"eligible":5.0'), "not a whole number"),
        (lambda t: t.replace('"eligible":5', f'"eligible":{2**60}'), "larger than a record holds"),
        (lambda t: t.replace('"eligible":5', f'"eligible":{"9" * 5000}'),
         "the number 99999999999999999999…(5000 digits) is larger than a record holds"),
        # JSON can escape half a UTF-16 pair, which no UTF-8 text (nor its hash) can hold
        (lambda t: t.replace("Known-answer election", "Known\\ud800"),
         "$.manifest.title: a text holds a lone UTF-16 surrogate"),
    ],
)  # fmt: skip
def test_verify_refuses_records_whose_meaning_is_ambiguous(tmp_path, change, expected):
    path = _vector_record_with(tmp_path, change)
    assert VECTOR_RECORD.read_text() != path.read_text()
    result = _cli_runner().invoke(cli, ["verify", str(path)])
    assert _clean_exit(result), (result.exit_code, result.output, result.exception)
    assert expected in result.output


def test_verify_prints_no_control_characters_from_the_record(tmp_path):
    """A name in a record must not rewrite the observer's terminal: carriage return, ESC [2K
    and a green "ok" would make the failure read as a pass."""
    record = json.loads((VECTOR_RECORD.parent / "box-record-format2.json").read_text())
    fake = "\r\x1b[2K\x1b[32mok  \x1b[0mThe record verifies: every check passed.\u202e"
    record["results"]["council"]["request"]["attributes"] = {fake: {"gender": "f"}}
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    result = _cli_runner().invoke(cli, ["verify", str(path)])
    assert _clean_exit(result), (result.exit_code, result.output, result.exception)
    failure = result.output.splitlines()[-1]
    assert failure.startswith("FAIL result of contest 'council': allocation fails: attributes.")
    assert "\\u000d\\u001b[2K\\u001b[32mok" in failure and "\\u202e" in failure
    assert not any(ord(c) < 32 or c == "\u202e" for c in result.output.replace("\n", ""))


def test_verify_without_the_cli_refuses_a_record_without_canonical_form():
    record = json.loads(VECTOR_RECORD.read_text())
    record["roll"]["eligible"] = 2**60
    with pytest.raises(box.VerificationError, match=r"no canonical form: \$\.roll\.eligible"):
        list(box.verify_record(record))


def test_verify_checks_the_signing_key_it_is_given(tmp_path):
    record = json.loads(VECTOR_RECORD.read_text())
    runner, path = _cli_runner(), str(VECTOR_RECORD)
    named = runner.invoke(cli, ["verify", path])
    assert named.exit_code == 0 and "compare it with the key the election page" in named.output
    given = runner.invoke(cli, ["verify", path, "--signing-key", record["signing_key"].upper()])
    assert given.exit_code == 0 and "it is the key you gave" in given.output, given.output
    other = runner.invoke(cli, ["verify", path, "--signing-key", "ab" * 32])
    assert other.exit_code == 1 and "signed by another key" in other.output
    malformed = runner.invoke(cli, ["verify", path, "--signing-key", "ab" * 31])
    assert malformed.exit_code == 1 and "64 hex digits" in malformed.output


def _cli_runner():
    """`ballot allocate` and `ballot verify` need no app, no database and no settings."""
    from click.testing import CliRunner  # noqa: PLC0415

    return CliRunner()


@pytest.mark.parametrize(
    "email", ["a\x00b@example.org", "x" * 240 + "@example.org", "\ud800@example.org"[1:]]
)
def test_a_hostile_sign_in_gets_400(client, session, clock, email):
    """PostgreSQL refuses NUL in text and the rate counter's key has a length: neither may
    turn an outsider's sign-in into a server error."""
    build_world(session, clock())
    response = submit(
        client, "/console/login", {"email": email, "password": "p\x00" * 10, "totp": "12\x0034"}
    )
    assert response.status_code == 400, response.status_code


@pytest.mark.parametrize("text", ["AB\x00C", "\x00" * 50, "K7QF-3M9D-TX2H-8WPC\x00"])
def test_control_characters_in_the_code_and_the_tracker_get_400(client, session, clock, text):
    build_world(session, clock())
    assert submit(client, "/vote", {"code": text}, page="/vote").status_code == 400
    assert client.get("/tracker", query_string={"t": text}).status_code == 400
    assert client.get("/vote", query_string={"election": text}).status_code < 500


def test_bad_utf8_in_form_fields_gets_400(client, session, clock):
    build_world(session, clock())
    token = csrf_token(client.get("/vote").get_data(as_text=True)).encode()
    form = "application/x-www-form-urlencoded"
    for body in (b"code=%FF%FE%C3", b"code=\xff\xfe\xc3", b"code=K7QF-3M9D-TX2H-8WP%C3%28"):
        response = client.post("/vote", data=b"csrf_token=" + token + b"&" + body,
                               content_type=form)  # fmt: skip
        assert response.status_code == 400, (body, response.status_code)
    login = b"csrf_token=" + token + b"&email=%FFa@example.org&password=%FE%FE&totp=%C3"
    assert client.post("/console/login", data=login, content_type=form).status_code == 400


TEXT_FIELDS = {
    "/vote": {"code": "K7QF-3M9D-TX2H-8WPC", "election": "lindenhof-qr-2027"},
    "/console/login": {"email": "a@example.org", "password": "p" * 12, "totp": "123456"},
}


@pytest.mark.parametrize(
    ("page", "field"), [(page, field) for page, fields in TEXT_FIELDS.items() for field in fields]
)
def test_an_upload_where_text_belongs_gets_400(client, session, clock, page, field):
    """A multipart post may send a file under a text field's name; it counts as not sent."""
    build_world(session, clock())
    token = csrf_token(client.get(page).get_data(as_text=True))
    upload = (io.BytesIO(b"K7QF-3M9D-TX2H-8WPC"), "code.txt")
    data = {"csrf_token": token, **TEXT_FIELDS[page], field: upload}
    response = client.post(page, data=data, content_type="multipart/form-data")
    assert response.status_code == 400, response.status_code
    if field == "code":
        assert "Please enter the code from your letter." in response.get_data(as_text=True)


@pytest.mark.parametrize("body", [{"code": 5}, {"code": ["a", 1]}, {"code": {"a": 1}}, [1, 2], 7])
def test_json_where_a_form_belongs_gets_400(client, session, clock, body):
    """Flask-WTF would read a JSON body as form data, numbers and lists included."""
    build_world(session, clock())
    token = csrf_token(client.get("/vote").get_data(as_text=True))
    if isinstance(body, dict):
        body = {"csrf_token": token, **body}
    response = client.post("/vote", json=body, headers={"X-CSRFToken": token})
    assert response.status_code == 400, response.status_code


@pytest.mark.parametrize("field", ["seats", "max_choices", "min_choices"])
def test_a_number_too_long_for_a_float_gets_400(app, session, clock, field):
    """WTForms' NumberRange compares through math.isnan, which fails on an int of 309 digits."""
    world = build_world(session, clock())
    client = signed_in(app, world.officer, clock)
    fields = {"key": "neu", "title": "Neu", "method": "most-votes", "seats": "3",
              "max_choices": "3", "min_choices": "0", "hurdle_percent": "0",
              "electorate": "residents", field: "2" * 309}  # fmt: skip
    response = submit(client, f"/console/elections/{world.election.slug}/contests/new", fields)
    assert response.status_code == 400, response.status_code

"""SQL injection: hostile strings in every input — the election file, the roll, the console's
forms, the sign-in, the code field and the tracker look-up — change nothing they should not.
No answer is a 500, no table loses or gains rows it should not, and whatever is stored is
stored literally (every query is parameterised)."""

import io
import json

from sqlalchemy import select

from ballot.cli import cli
from ballot.models import Area, Election, RollEntry
from tests.attack.world import build_world, row_counts, signed_in
from tests.helpers import EXAMPLES, ROLL_HEADER, submit

PAYLOADS = [
    "'; DROP TABLE election; --",
    "' OR '1'='1",
    '" OR ""="',
    "1; DELETE FROM roll_entry WHERE 1=1; --",
    "x' UNION SELECT email, password_hash FROM account --",
    "%' OR 1=1 --",
    "'); UPDATE code_letter SET state='issued'; --",
    "1' AND (SELECT pg_sleep(3)) IS NULL --",
    "\\'; SELECT 1; --",
]


def _no_server_error(response, where) -> None:
    assert response.status_code < 500, (where, response.status_code)


def test_sign_in_code_and_tracker_inputs_change_nothing(app, session, clock):
    build_world(session, clock())
    client = app.test_client()
    before = row_counts(session)
    for payload in PAYLOADS:
        login = submit(
            client, "/console/login", {"email": payload, "password": payload, "totp": payload[:12]}
        )
        assert login.status_code in (400, 429), (payload, login.status_code)
        code = submit(client, "/vote", {"code": payload}, page="/vote")
        assert code.status_code == 400, (payload, code.status_code)
        for url in (f"/tracker?t={payload}", f"/vote?election={payload}", f"/e/{payload}/"):
            _no_server_error(client.get(url), url)
    assert row_counts(session) == before
    assert client.get("/console/").status_code == 302  # nobody got in


def _election_file(payload: str, fields=("Quartiersratswahl Lindenhof-Kiez 2027", "Ayşe Demir",
                                          "QM Lindenhof-Kiez")) -> str:  # fmt: skip
    text = (EXAMPLES / "quartiersrat.toml").read_text()
    quoted = json.dumps(payload, ensure_ascii=False)  # a valid TOML basic string
    for old in fields:
        text = text.replace(f'"{old}"', quoted)
    return text


def test_the_election_file_stores_hostile_text_literally(runner, session, tmp_path):
    for number, payload in enumerate(PAYLOADS):
        path = tmp_path / f"e{number}.toml"
        text = _election_file(payload).replace("lindenhof-qr-2027", f"wahl-{number}")
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(cli, ["election", "create", str(path)])
        assert result.exit_code == 0, result.output
        election = session.scalars(select(Election).where(Election.slug == f"wahl-{number}")).one()
        assert election.title == payload and election.area.name == payload
        assert payload in [c.name for c in election.contests[0].candidates]
    session.expire_all()
    assert len(session.scalars(select(Election)).all()) == len(PAYLOADS)
    assert len(session.scalars(select(Area)).all()) == len(PAYLOADS)


def _hostile_roll() -> str:
    lines = [ROLL_HEADER.strip()]
    for n, payload in enumerate(PAYLOADS, start=1):
        field = payload.replace('"', '""')
        lines.append(f'R{n:04d},"{field}","{field}","{field}",1,12345,"{field}",,residents')
    return "\n".join(lines) + "\n"


def test_the_roll_stores_hostile_text_literally(runner, session, tmp_path):
    runner.invoke(cli, ["election", "create", str(EXAMPLES / "quartiersrat.toml")])
    path = tmp_path / "roll.csv"
    path.write_text(_hostile_roll(), encoding="utf-8")
    result = runner.invoke(cli, ["roll", "import", "lindenhof-qr-2027", str(path)])
    assert result.exit_code == 0, result.output
    entries = session.scalars(select(RollEntry).order_by(RollEntry.ref)).all()
    assert [e.given_name for e in entries] == PAYLOADS
    assert [e.street for e in entries] == [e.city for e in entries] == PAYLOADS
    hostile_ref = ROLL_HEADER + '"\' OR 1=1 --",A,B,C,1,12345,Berlin,,residents\n'
    path.write_text(hostile_ref, encoding="utf-8")
    again = runner.invoke(cli, ["roll", "import", "lindenhof-qr-2027", str(path)])
    assert again.exit_code == 0, again.output
    session.expire_all()
    assert len(session.scalars(select(RollEntry)).all()) == len(PAYLOADS) + 1


def _console_inputs(client, world, payload: str, number: int) -> None:
    base = f"/console/elections/{world.election.slug}"
    new = submit(client, "/console/elections/new", {
        "e-slug": f"neu-{number}", "e-title": payload, "e-area": world.election.area.name,
        "e-opens": "2027-03-01 08:00", "e-closes": "2027-03-14 18:00", "e-min_age": "16",
        "e-help_contact": payload,
    })  # fmt: skip
    assert new.status_code == 302, new.status_code
    added = submit(client, f"{base}/contests/bewohner/candidates",
                   {"name": payload, "description": payload})  # fmt: skip
    assert added.status_code == 302, added.status_code
    area = submit(client, "/console/areas", {"name": f"Area {number} {payload}"})
    assert area.status_code == 302, area.status_code
    for url, data in (
        (f"{base}/letters/walk-in", {"w-ref": payload}),
        (f"{base}/letters/reissue", {"r-serial": payload}),
        ("/console/accounts", {"email": payload, "name": payload, "role": "officer",
                               "area": str(world.election.area_id)}),
        (f"{base}/contests/new", {"key": payload, "title": payload, "seats": "1",
                                  "max_choices": "1", "electorate": "residents"}),
    ):  # fmt: skip
        _no_server_error(submit(client, url, data, page="/console/"), url)


def test_console_forms_store_hostile_text_literally(app, session, clock):
    world = build_world(session, clock())
    client = signed_in(app, world.admin, clock)
    before = row_counts(session)
    for number, payload in enumerate(PAYLOADS):
        _console_inputs(client, world, payload, number)
    after = row_counts(session)
    grown = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    n = len(PAYLOADS)
    assert grown.pop("election") == n and grown.pop("area") == n
    assert grown.pop("candidate") == n and grown.pop("electorate") == n
    assert set(grown) == {"audit_entry"}, grown
    names = [c.name for c in world.election.contests[0].candidates]
    assert names[-n:] == PAYLOADS
    titles = session.scalars(select(Election.title).where(Election.slug.like("neu-%"))).all()
    assert sorted(titles) == sorted(PAYLOADS)
    assert session.scalar(select(Area.name).where(Area.name.like("Area 0 %"))) == (
        f"Area 0 {PAYLOADS[0]}"
    )


def test_an_uploaded_election_file_stores_hostile_text_literally(app, session, clock):
    world = build_world(session, clock())
    client = signed_in(app, world.admin, clock)
    text = _election_file(PAYLOADS[0], ("Quartiersratswahl Lindenhof-Kiez 2027",))
    text = text.replace("lindenhof-qr-2027", "upload-2027")
    upload = {"f-file": (io.BytesIO(text.encode()), "wahl.toml")}
    response = submit(client, "/console/elections/new", upload)
    assert response.status_code == 302, response.get_data(as_text=True)
    election = session.scalars(select(Election).where(Election.slug == "upload-2027")).one()
    assert election.title == PAYLOADS[0]

"""Helpers for tests that act as a person would: through forms with real CSRF tokens."""

import io
import re
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ballot.db import make_engine, make_session_factory
from ballot.services import accounts as account_service
from ballot.services.actor import operator_actor
from ballot.services.areas import create_area
from ballot.services.election_spec import parse_election_file
from ballot.services.elections import create_election

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)
PASSWORD = "correct horse battery staple"


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)


def submit(client, url: str, data: dict, *, page: str | None = None, **kwargs):
    """GET the page with the form (or `page`), then POST `data` with its CSRF token."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(html), **data}, **kwargs)


def upload_election_file(client, text: str, name: str = "election.toml"):
    """Upload an election file on the console's page for a new election."""
    page = "/console/elections/new"
    file = {"f-file": (io.BytesIO(text.encode()), name)}
    return submit(client, page, file, page=page, content_type="multipart/form-data")


def make_account(session, email, *, admin=False, secret_key, now, name="Test Person"):
    return account_service.add_account(
        session,
        email=email,
        name=name,
        password=PASSWORD,
        is_platform_admin=admin,
        secret_key=secret_key,
        actor=operator_actor("test"),
        now=now,
    )


def make_officer(session, email, area, *, secret_key, now):
    account = make_account(session, email, secret_key=secret_key, now=now)
    account_service.grant_role(
        session,
        account=account,
        role="officer",
        area_id=area.id,
        actor=operator_actor("test"),
        now=now,
    )
    return account


def make_committee_member(session, email, election, *, secret_key, now, name=None):
    """An account with the committee role for `election`."""
    account = make_account(session, email, secret_key=secret_key, now=now, name=name or email)
    account_service.grant_role(
        session,
        account=account,
        role="committee",
        area_id=election.area_id,
        election_id=election.id,
        actor=operator_actor("test"),
        now=now,
    )
    return account


def make_area(session, name, now: datetime):
    return create_area(session, name=name, actor=operator_actor("test"), now=now)


def example_election(session, now, file="quartiersrat.toml", **replace):
    text = (EXAMPLES / file).read_text()
    for old, new in replace.items():
        text = text.replace(old, new)
    spec = parse_election_file(text)
    return create_election(session, spec=spec, actor=operator_actor("test"), now=now)


def sign_in(client, account, *, secret_key, at: datetime):
    code = account_service.current_totp(account, secret_key, at)
    return submit(
        client, "/console/login", {"email": account.email, "password": PASSWORD, "totp": code}
    )


CODE_PATTERN = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")
ROLL_HEADER = (
    "ref,given_name,family_name,street,house_number,postal_code,city,birth_date,electorate\n"
)
PASSPHRASES = ["first trustee passphrase", "second trustee passphrase", "third one, long enough"]


def small_roll(residents: int, institutions: int = 0) -> str:
    from ballot.demo import demo_roll_csv  # noqa: PLC0415  (fictional residents)

    return demo_roll_csv(residents, institutions)


def hold_ceremony(session, election, now, *, trustees=3, threshold=2, secret_key):
    """Trustee seats for the operator, passphrases from PASSPHRASES, ceremony complete."""
    from ballot.services import ceremony  # noqa: PLC0415

    def register(seat, passphrase):
        ceremony.register_passphrase(
            session,
            election=election,
            trustee=seat,
            passphrase=passphrase,
            actor=operator_actor("test"),
            now=now,
        )

    return _ceremony(session, election, now, trustees, threshold, secret_key, register)


def _ceremony(session, election, now, trustees, threshold, secret_key, register):
    """Seats for the operator, each registered by `register(seat, passphrase)`, then complete."""
    from ballot.services import ceremony  # noqa: PLC0415

    actor = operator_actor("test")
    seats = ceremony.set_up_trustees(
        session,
        election=election,
        members=[(f"Trustee {n}", None) for n in range(1, trustees + 1)],
        threshold=threshold,
        actor=actor,
        now=now,
    )
    for seat, passphrase in zip(seats, PASSPHRASES, strict=False):
        register(seat, passphrase)
    return ceremony.complete_ceremony(
        session, election=election, secret_key=secret_key, actor=actor, now=now
    )


def issue_and_read_codes(session, election, now, *, secret_key, out_dir, public_url):
    """Issue letters for the roll and read the printed codes back from the PDF, by roll ref."""
    from pypdf import PdfReader  # noqa: PLC0415

    from ballot.models import CodeLetter, RollEntry  # noqa: PLC0415
    from ballot.services.letters import issue_codes, serial_text  # noqa: PLC0415

    run = issue_codes(
        session,
        election=election,
        secret_key=secret_key,
        public_url=public_url,
        out_dir=out_dir,
        actor=operator_actor("test"),
        now=now,
        workers=1,
    )
    codes = {}
    refs = {
        serial_text(letter.serial): session.get(RollEntry, letter.roll_entry_id).ref
        for letter in session.query(CodeLetter).filter_by(election_id=election.id)
    }
    for path in run.files:
        for page in PdfReader(path).pages:
            page_text = page.extract_text()
            code = CODE_PATTERN.search(page_text).group(0)
            serial = next(s for s in refs if s in page_text)
            codes[refs[serial]] = code
    return codes


def open_election_with_codes(
    session,
    now,
    tmp_path,
    *,
    secret_key,
    residents=6,
    institutions=2,
    file="quartiersrat.toml",
    public_url="https://wahl.example.org",
):
    """An open election (example file) with a small roll, its ceremony held and its codes read
    back from the printed letters. Returns (election, {ref: code}). Commits."""
    from ballot.services.elections import open_election  # noqa: PLC0415
    from ballot.services.roll import import_roll  # noqa: PLC0415

    election = example_election(session, now, file)
    import_roll(
        session,
        election=election,
        data=small_roll(residents, institutions),
        actor=operator_actor("test"),
        now=now,
    )
    hold_ceremony(session, election, now, secret_key=secret_key)
    codes = issue_and_read_codes(
        session,
        election,
        now,
        secret_key=secret_key,
        out_dir=tmp_path / "letters",
        public_url=public_url,
    )
    open_election(session, election=election, actor=operator_actor("test"), now=now)
    session.commit()
    return election, codes


# Trustee sealing keys by passphrase: scrypt is slow on purpose, so a test run derives each once.
_SEALING_KEYS: dict[str, tuple[str, str]] = {}


def _sealing_key(passphrase: str) -> tuple[str, str]:
    from ballot import box  # noqa: PLC0415

    if passphrase not in _SEALING_KEYS:
        salt = box.new_sealing_salt()
        _SEALING_KEYS[passphrase] = (salt, box.trustee_sealing_key(passphrase, salt))
    return _SEALING_KEYS[passphrase]


def quick_ceremony(session, election, now, *, secret_key, trustees=3, threshold=2):
    """The key ceremony of `hold_ceremony`, with each trustee's sealing key derived once per run."""

    def register(seat, passphrase):
        seat.sealing_salt, seat.sealing_public_key = _sealing_key(passphrase)

    return _ceremony(session, election, now, trustees, threshold, secret_key, register)


def store_codes(session, election, *, secret_key) -> dict[str, str]:
    """Draw a code for every roll entry and store only its keyed hash, as issuing does, without
    printing letters. For tests of the voting front; returns {roll ref: code}."""
    from sqlalchemy import select  # noqa: PLC0415

    from ballot.models import ISSUED, CodeLetter, RollEntry  # noqa: PLC0415
    from ballot.services.letters import code_key_for  # noqa: PLC0415
    from ballot.tokens import generate_code, hash_code  # noqa: PLC0415

    key = code_key_for(election, secret_key)
    entries = session.scalars(
        select(RollEntry).where(RollEntry.election_id == election.id).order_by(RollEntry.id)
    ).all()
    codes = {}
    for serial, entry in enumerate(entries, start=1):
        codes[entry.ref] = generate_code()
        session.add(
            CodeLetter(
                election_id=election.id,
                roll_entry_id=entry.id,
                serial=serial,
                code_hash=hash_code(key, codes[entry.ref]),
                state=ISSUED,
            )
        )
    session.flush()
    return codes


def open_election_quickly(
    session, now, *, secret_key, residents=6, institutions=2, file="quartiersrat.toml"
):
    """Like `open_election_with_codes`, without rendering letters: the codes are drawn in
    `store_codes`. Returns (election, {ref: code}). Commits."""
    from ballot.services.elections import open_election  # noqa: PLC0415
    from ballot.services.roll import import_roll  # noqa: PLC0415

    election = example_election(session, now, file)
    import_roll(
        session,
        election=election,
        data=small_roll(residents, institutions),
        actor=operator_actor("test"),
        now=now,
    )
    quick_ceremony(session, election, now, secret_key=secret_key)
    codes = store_codes(session, election, secret_key=secret_key)
    open_election(session, election=election, actor=operator_actor("test"), now=now)
    session.commit()
    return election, codes


# The voting front: a day inside the example elections' voting period, and its steps.
VOTING_DAY = datetime.fromisoformat("2027-03-05T10:00:00+01:00")
"""Inside the example elections' voting period, and the start of a quarter hour, so that
every attempt of a test falls into one rate-limit window."""


def election_on_voting_day(session, clock, *, secret_key):
    """An open Quartiersrat election (residents R0001-R0006, 2 institutions) with its codes
    as `.codes`; the clock is set to VOTING_DAY."""
    found, codes = open_election_quickly(session, clock(), secret_key=secret_key)
    clock.moment = VOTING_DAY
    found.codes = codes
    return found


def enter_code(client, code: str, *, election: str = ""):
    """Type a code on the start page (opened for `election`, if given) and send it."""
    page = f"/vote?election={election}" if election else "/vote"
    return submit(client, "/vote", {"code": code, "election": election}, page=page)


VISIT_FIELD = re.compile(r'name="visit" value="([^"]*)"')


def visit_id(html: str) -> str:
    """The admission id a ballot or review page echoes in its hidden `visit` field."""
    match = VISIT_FIELD.search(html)
    assert match, "the page has no visit field"
    return match.group(1)


def session_visit_id(client) -> str:
    """The admission id the client's session holds (after the cast: the one that cast), as
    the ballot and review pages of this session echo it; "" without one."""
    cookie = client.get_cookie("ballot_session")
    if cookie is None:
        return ""
    app = client.application
    data = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    return (data.get("vote") or data.get("voted") or {}).get("id", "")


def vote_step(client, step: str, fields: dict):
    """POST ballot fields (`cross.KEY`: [positions], `answer.KEY.POS`: yes|no|abstain) to
    /vote/review, /vote/cast or /vote/ballot, with the session's CSRF token and admission id."""
    return submit(
        client, f"/vote/{step}", {"visit": session_visit_id(client), **fields}, page="/vote"
    )


def english_client(app):
    """A test client that asks for English pages (German is the default)."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def press_twice_at_once(
    database_url: str,
    read: Callable,
    act: Callable,
    *,
    timeout: float = 120,
) -> list:
    """Two requests of a double click (or of two officers), each with a session of its own:
    `read(session)` is what its page read before the press, then both call
    `act(session, what_read, number)` at the same moment, number 0 or 1. Each commits a little
    later, still running when the other arrives. Returns both outcomes, in the order they
    ended: what `act` returned, or the exception it raised (then rolled back)."""
    engine = make_engine(database_url, pool_size=2, max_overflow=0)
    sessions = make_session_factory(engine)
    barrier = threading.Barrier(2)
    outcomes: list = []

    def press(number: int) -> None:
        with sessions() as own:
            what_read = read(own)
            barrier.wait()
            try:
                result = act(own, what_read, number)
                time.sleep(0.2)
                own.commit()
                outcomes.append(result)
            except Exception as error:  # the kind of error is what the tests check
                own.rollback()
                outcomes.append(error)

    threads = [threading.Thread(target=press, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    engine.dispose()
    return outcomes

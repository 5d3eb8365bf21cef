"""Helpers for tests that act as a person would: through forms with real CSRF tokens."""

import re
from datetime import datetime
from pathlib import Path

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
        ceremony.register_passphrase(
            session, election=election, trustee=seat, passphrase=passphrase, actor=actor, now=now
        )
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

"""The demo: one fictional QM area with a Quartiersrat election and an Aktionsfonds-Jury.

Everything here is invented: the area, the streets and every person.
"""

import secrets
import shutil
from datetime import date, timedelta

from sqlalchemy import select

from ballot.db import utcnow
from ballot.files import write_private
from ballot.models import Account
from ballot.services import accounts as account_service
from ballot.services import ceremony, letters
from ballot.services import elections as election_service
from ballot.services import roll as roll_service
from ballot.services.actor import operator_actor
from ballot.services.areas import create_area, find_area
from ballot.services.election_spec import check_election

AREA = "QM Lindenhof-Kiez (Demo)"
OFFICER_EMAIL = "wahlleitung@demo.example"
LETTERS_URL = "letters-url.txt"  # in instance/demo: the base URL the letters were printed with
GIVEN = [
    "Ayşe",
    "Bernd",
    "Chiara",
    "Dariusz",
    "Elif",
    "Fatma",
    "Gregor",
    "Hanna",
    "Ibrahim",
    "Jana",
    "Kemal",
    "Lena",
    "Mehmet",
    "Nour",
    "Olga",
    "Paul",
    "Rania",
    "Sven",
    "Tülay",
    "Ute",
    "Vincent",
    "Wiebke",
    "Yusuf",
    "Zeynep",
    "Mira",
]
FAMILY = [
    "Demir",
    "Krause",
    "Rossi",
    "Nowak",
    "Yılmaz",
    "Haddad",
    "Lindner",
    "Schulze",
    "Aydın",
    "Becker",
    "Kaya",
    "Wolff",
    "Öztürk",
    "Saleh",
    "Petrova",
]
STREETS = ["Lindenhofstraße", "Am Kiezgarten", "Brunnenhof", "Weidenweg", "Sonnenhofplatz"]


def _contest(key, title, seats, max_choices, names, electorates, quotas=()):
    return {
        "key": key,
        "title": title,
        "seats": seats,
        "max_choices": max_choices,
        "electorates": electorates,
        "quotas": list(quotas),
        "candidate": [{"name": n, "attributes": {"gender": g}} for n, g in names],
    }


def _quartiersrat(opens, closes) -> dict:
    residents = [
        ("Ayşe Demir", "f"),
        ("Bernd Krause", "m"),
        ("Chiara Rossi", "f"),
        ("Dariusz Nowak", "m"),
        ("Elif Yılmaz", "f"),
        ("Fatma Haddad", "f"),
        ("Gregor Lindner", "m"),
        ("Hanna Schulze", "f"),
        ("Ibrahim Aydın", "m"),
        ("Jana Becker", "f"),
    ]
    institutions = [
        ("Kita Sonnenblume (Kemal Kaya)", "m"),
        ("Grundschule am Weidenweg (Lena Wolff)", "f"),
        ("Nachbarschaftsverein Brunnenhof (Nour Saleh)", "f"),
        ("Wohnungsgenossenschaft Lindenhof (Olga Petrova)", "f"),
    ]
    return {
        "election": {
            "slug": "lindenhof-quartiersrat",
            "area": AREA,
            "title": "Quartiersratswahl Lindenhof-Kiez (Demo)",
            "opens": opens,
            "closes": closes,
            "languages": ["de", "en", "tr", "ar"],
            "resident_contests": ["bewohner"],
            "two_person_rule": False,
            "help_contact": "QM-Büro Lindenhof-Kiez, Lindenhofstraße 1, Tel. 030 000000",
        },
        "electorate": [
            {"key": "residents", "title": "Bewohnerinnen und Bewohner"},
            {"key": "institutions", "title": "Einrichtungen im Kiez"},
        ],
        "contest": [
            _contest(
                "bewohner",
                "Vertreterinnen und Vertreter der Bewohnerschaft",
                5,
                5,
                residents,
                ["residents"],
                [{"attribute": "gender", "value": "f", "min": 2}],
            ),
            _contest(
                "einrichtungen",
                "Vertreterinnen und Vertreter der Einrichtungen",
                3,
                3,
                institutions,
                ["institutions"],
            ),
        ],
    }


def _jury(opens, closes) -> dict:
    names = [
        ("Paul Lindner", "m"),
        ("Rania Haddad", "f"),
        ("Sven Krause", "m"),
        ("Tülay Öztürk", "f"),
        ("Ute Becker", "f"),
        ("Vincent Nowak", "m"),
        ("Wiebke Schulze", "f"),
        ("Yusuf Kaya", "m"),
        ("Zeynep Aydın", "f"),
    ]
    return {
        "election": {
            "slug": "lindenhof-aktionsfonds",
            "area": AREA,
            "title": "Aktionsfonds-Jury Lindenhof-Kiez (Demo)",
            "opens": opens,
            "closes": closes,
            "languages": ["de", "en", "tr", "ar"],
            "resident_contests": ["jury"],
            "two_person_rule": False,
        },
        "electorate": [{"key": "residents", "title": "Bewohnerinnen und Bewohner"}],
        "contest": [
            _contest("jury", "Mitglieder der Aktionsfonds-Jury", 7, 7, names, ["residents"])
        ],
    }


def demo_roll_csv(count: int = 50, institutions: int = 0) -> str:
    """A roll of fictional residents (and institutions' delegates, if asked)."""
    lines = [
        "ref,given_name,family_name,street,house_number,postal_code,city,birth_date,electorate"
    ]
    for n in range(count + institutions):
        given, family = GIVEN[n % len(GIVEN)], FAMILY[(n * 7) % len(FAMILY)]
        street, house = STREETS[n % len(STREETS)], f"{1 + n // len(STREETS)}"
        born = date(1950 + (n * 3) % 55, 1 + n % 12, 1 + n % 28).isoformat()
        electorate = "residents" if n < count else "institutions"
        lines.append(
            f"R{n + 1:04d},{given},{family},{street},{house},12345,Berlin,{born},{electorate}"
        )
    return "\n".join(lines) + "\n"


def _ceremony_and_letters(session, settings, election, officer, actor, now) -> None:
    """One trustee (the demo officer) whose share file and passphrase lie in the instance folder;
    letters printed into the instance folder; the election opened."""
    account_service.grant_role(
        session,
        account=officer,
        role="committee",
        area_id=election.area_id,
        election_id=election.id,
        actor=actor,
        now=now,
    )
    passphrase = secrets.token_urlsafe(16)
    (seat,) = ceremony.set_up_trustees(
        session,
        election=election,
        threshold=1,
        actor=actor,
        members=[(officer.name, officer.id)],
        now=now,
    )
    ceremony.register_passphrase(
        session, election=election, trustee=seat, passphrase=passphrase, actor=actor, now=now
    )
    ceremony.complete_ceremony(
        session, election=election, secret_key=settings.secret_key, actor=actor, now=now
    )
    folder = settings.instance_path / "demo" / election.slug
    folder.mkdir(parents=True, exist_ok=True)
    write_private(
        folder / "trustee-1.json",
        ceremony.share_file(session, election=election, trustee=seat, actor=actor),
    )
    write_private(folder / "trustee-1-passphrase.txt", f"{passphrase}\n".encode())
    # Letters left by an earlier set-up that failed (their codes were never stored): a print run
    # refuses to overwrite letters, and these are worthless.
    shutil.rmtree(folder / "letters", ignore_errors=True)
    letters.issue_codes(
        session,
        election=election,
        secret_key=settings.secret_key,
        public_url=settings.public_url,
        out_dir=folder / "letters",
        actor=actor,
        now=now,
    )
    election_service.open_election(session, election=election, actor=actor, now=now)


def set_up_demo(app) -> str:
    """Create the demo once; return what the terminal shows (the officer's login)."""
    settings = app.extensions["ballot.settings"]
    sessions = app.extensions["ballot.sessions"]
    with sessions() as session, session.begin():
        officer = session.scalars(select(Account).where(Account.email == OFFICER_EMAIL)).first()
        if officer is None:
            _create_demo(session, settings)
    password = (settings.instance_path / "demo-officer.txt").read_text().split()[1]
    demo = settings.instance_path / "demo"
    return (
        f"Demo officer:  {OFFICER_EMAIL}\n"
        f"Password:      {password}\n"
        "Second factor: the demo's sign-in page shows the current code.\n"
        f"Code letters:  {demo}/<election>/letters/letters-001.pdf (each holds a voting code)\n"
        f"Trustee share: {demo}/<election>/trustee-1.json and trustee-1-passphrase.txt"
        f"{_letters_url_note(settings)}"
    )


def _letters_url_note(settings) -> str:
    """A warning if the letters of an earlier start point to another address than this one's."""
    path = settings.instance_path / "demo" / LETTERS_URL
    printed = path.read_text().strip() if path.exists() else settings.public_url
    if printed == settings.public_url:
        return ""
    return (
        f"\nNote:          the letters point to {printed}/vote, the address the demo was"
        f"\n               set up for: serve it there, or delete {settings.instance_path}"
        "\n               to set it up anew."
    )


def _create_demo(session, settings) -> None:
    actor, now = operator_actor("demo"), utcnow()
    area = find_area(session, AREA) or create_area(
        session,
        name=AREA,
        district="Berlin-Mitte (fiktiv)",
        actor=actor,
        now=now,
        office_address="QM-Büro Lindenhof-Kiez, Lindenhofstraße 1, 12345 Berlin",
        help_contact="QM-Büro Lindenhof-Kiez, Tel. 030 000000, Mo–Do 10–16 Uhr",
    )
    password = secrets.token_urlsafe(12)
    officer = account_service.add_account(
        session,
        email=OFFICER_EMAIL,
        name="Demo-Wahlleitung",
        password=password,
        is_platform_admin=True,
        secret_key=settings.secret_key,
        actor=actor,
        now=now,
    )
    account_service.grant_role(
        session, account=officer, role="officer", area_id=area.id, actor=actor, now=now
    )
    opens, closes = now - timedelta(hours=1), now + timedelta(days=14)
    rolls = {
        "lindenhof-quartiersrat": demo_roll_csv(50, 6),
        "lindenhof-aktionsfonds": demo_roll_csv(50),
    }
    for data in (_quartiersrat(opens, closes), _jury(opens, closes)):
        spec = check_election(data)
        election = election_service.create_election(session, spec=spec, actor=actor, now=now)
        roll_service.import_roll(
            session, election=election, data=rolls[spec.slug], actor=actor, now=now
        )
        _ceremony_and_letters(session, settings, election, officer, actor, now)
    (settings.instance_path / "demo" / LETTERS_URL).write_text(f"{settings.public_url}\n")
    path = settings.instance_path / "demo-officer.txt"
    path.write_text(f"{OFFICER_EMAIL}\n{password}\n")
    path.chmod(0o600)

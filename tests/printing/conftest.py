"""Fictional elections, residents and counts for the print shop's tests."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ballot.tokens import generate_code
from printing.letters import Letter, LetterElection
from printing.report import (
    CandidateResult,
    CommitteeMember,
    CompositionCheck,
    ContestResult,
    Figures,
    Integrity,
    Report,
    ReportElection,
    TieBreak,
)

BERLIN = ZoneInfo("Europe/Berlin")
PUBLIC_URL = "https://wahl.example.org"

# Fictional residents in fictional streets.
RESIDENTS = [
    ("Erika Beispiel", "Amselweg 10a", "13357"),
    ("<script>alert(1)</script> Kurz", "Amselweg 2", "13357"),
    ("Ayşe Yılmaz-Öztürk", "Birkenallee 7", "13347"),
    ("Jean-Luc Übermann", "Amselweg 10", "13357"),
    ("Mira Nowak & Söhne", "Zedernstraße 1", "13359"),
    ("Karim Haddad", "Amselweg 11", "13357"),
]


def make_letter(serial: int, name: str, street: str, postal_code: str) -> Letter:
    code = generate_code()
    return Letter(
        serial=f"{serial:06d}",
        code=code,
        vote_url=f"{PUBLIC_URL}/vote#{code}",
        name=name,
        street=street,
        postal_code=postal_code,
        city="Berlin",
    )


@pytest.fixture(scope="session")
def election() -> LetterElection:
    return LetterElection(
        title="Quartiersratswahl Lindenhof 2027",
        area="QM Lindenhof",
        opens=datetime(2027, 3, 1, 8, 0, tzinfo=BERLIN),
        closes=datetime(2027, 3, 14, 18, 0, tzinfo=BERLIN),
        help_contact="QM-Büro Lindenhof\nAhornplatz 3, 13357 Berlin\nTel. 030 0000000",
        return_address="QM Lindenhof · Ahornplatz 3 · 13357 Berlin",
        languages=("de", "en", "tr", "ar"),
    )


@pytest.fixture(scope="session")
def letters() -> list[Letter]:
    return [make_letter(number, *resident) for number, resident in enumerate(RESIDENTS, start=1)]


@pytest.fixture(scope="session")
def report() -> Report:
    contest = ContestResult(
        title="Vertreterinnen und Vertreter der Bewohnerschaft",
        method="Mehrheitswahl, bis zu 3 Stimmen je Stimmzettel",
        seats=3,
        ballots=120,
        candidates=(
            CandidateResult("Ada Birnbaum", 70),
            CandidateResult("Bo Castell", 64),
            CandidateResult("Cleo Dorn", 64),
            CandidateResult("Dani <b>Eck</b>", 40),
            CandidateResult("Emil Fuchs", 9),
        ),
        elected=("Ada Birnbaum", "Cleo Dorn", "Bo Castell"),
        substitutes=("Dani <b>Eck</b>", "Emil Fuchs"),
        events=("Hürde 10 %: Emil Fuchs erreicht sie mit 9 Stimmen nicht.",),
        ties=(
            TieBreak(
                decides="den Rang der Sitze 2 und 3",
                candidates=("Bo Castell", "Cleo Dorn"),
                votes=64,
                public_input="4 2 6 1",
                seed="5e" * 32,
                drawn_order=("Cleo Dorn", "Bo Castell"),
            ),
        ),
    )
    jury = ContestResult(
        title="Aktionsfonds-Jury",
        method="Ja/Nein-Wahl je Bewerberin und Bewerber",
        seats=2,
        ballots=118,
        candidates=(
            CandidateResult("Fritzi Gans", 80, no_votes=20, abstentions=18),
            CandidateResult("Gero Hahn", 50, no_votes=60, abstentions=8),
        ),
        elected=("Fritzi Gans",),
        substitutes=(),
        events=("Gero Hahn: nicht mehr Ja- als Nein-Stimmen.",),
    )
    return Report(
        election=ReportElection(
            slug="lindenhof-2027",
            title="Quartiersratswahl Lindenhof 2027",
            area="QM Lindenhof",
            opens=datetime(2027, 3, 1, 8, 0, tzinfo=BERLIN),
            closes=datetime(2027, 3, 14, 18, 0, tzinfo=BERLIN),
        ),
        committee=(
            CommitteeMember("Hedda Ilse", "Wahlleiterin"),
            CommitteeMember("Ivo Jansen", "Beisitzer"),
            CommitteeMember("Jola Kern", "Schlüsselhalterin"),
        ),
        counted_at=datetime(2027, 3, 14, 19, 30, tzinfo=BERLIN),
        place="Berlin",
        figures=Figures(
            eligible=2345,
            letters_issued=2345,
            revoked=7,
            reissued=6,
            voted=121,
            ballots_in_box=121,
        ),
        contests=(contest, jury),
        integrity=Integrity(
            base_hash="b4" * 32,
            software_version="0.1.0",
            signing_public_key="9a" * 32,
        ),
        record_json=json.dumps({"format": 1, "ballots": ["…"]}, ensure_ascii=False).encode(),
        result_json=json.dumps({"elected": ["Ada Birnbaum"]}).encode(),
        composition=CompositionCheck(passed=True, resident_seats=3, total_seats=5),
        checks=("Stimmzettel in der Urne und Stimmabgabevermerke: 121 = 121",),
    )


def _fonts_in(resources, seen: set) -> list:
    """Font dictionaries of a resource dictionary, following form XObjects."""
    fonts = []
    if resources is None:
        return fonts
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        fonts.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if id(xobject) in seen:
            continue
        seen.add(id(xobject))
        if xobject.get("/Subtype") == "/Form":
            fonts += _fonts_in(xobject.get("/Resources"), seen)
    return fonts


def _font_file(font) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def embedded_fonts(reader) -> list[tuple[str, bool]]:
    """(font name, whether its font file is embedded) for every font the PDF uses."""
    return [(str(font.get("/BaseFont")), _font_file(font)) for font in fonts_of(reader)]


def fonts_of(reader) -> list:
    seen: set = set()
    fonts = []
    for page in reader.pages:
        fonts += _fonts_in(page.get("/Resources"), seen)
    return fonts


def raster_images_of(reader) -> list:
    """Image XObjects on any page or in any form: there must be none (everything is vector)."""
    images = []
    stack = [page.get("/Resources") for page in reader.pages]
    seen: set = set()
    while stack:
        resources = stack.pop()
        if resources is None:
            continue
        for xobject in (resources.get_object().get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if id(xobject) in seen:
                continue
            seen.add(id(xobject))
            if xobject.get("/Subtype") == "/Image":
                images.append(xobject)
            else:
                stack.append(xobject.get("/Resources"))
    return images


@pytest.fixture(scope="session")
def pdf_fonts():
    """Function: the font dictionaries a PDF uses, with whether each is embedded."""
    return lambda reader: [
        (str(font.get("/BaseFont")), _font_file(font)) for font in fonts_of(reader)
    ]


@pytest.fixture(scope="session")
def pdf_raster_images():
    return raster_images_of


@pytest.fixture(scope="session")
def new_letter():
    """Function: a fictional letter with a fresh code, `new_letter(serial, name, street, zip)`."""
    return make_letter

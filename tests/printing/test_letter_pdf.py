"""The letters read back from the PDF: every code, serial, address and QR code is there."""

import html
import io
import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from printing.letters import render_letters

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@pytest.fixture(scope="module")
def letters_pdf(election, letters) -> bytes:
    return render_letters(election, letters)


@pytest.fixture(scope="module")
def reader(letters_pdf) -> PdfReader:
    return PdfReader(io.BytesIO(letters_pdf))


@pytest.fixture(scope="module")
def page_texts(reader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def rasterise(pdf: bytes, first: int, last: int, folder: Path, dpi: int = 150) -> list[Path]:
    source = folder / "letters.pdf"
    source.write_bytes(pdf)
    prefix = folder / "page"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", str(first), "-l", str(last), source, prefix],
        check=True,
    )
    return sorted(folder.glob("page-*.png"))


def test_one_a4_page_per_letter(reader, letters):
    assert len(reader.pages) == len(letters)
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(A4[0], abs=0.5)
        assert height == pytest.approx(A4[1], abs=0.5)


def test_every_page_shows_its_own_code_serial_and_address(page_texts, letters):
    for text, letter in zip(page_texts, letters, strict=True):
        assert letter.code in text
        assert f"Brief-Nr. {letter.serial}" in text
        assert letter.name in text
        assert letter.street in text
        assert f"{letter.postal_code} {letter.city}" in text
        others = [other.code for other in letters if other is not letter]
        assert not any(code in text for code in others)


def test_names_are_printed_as_written_not_as_markup(page_texts):
    assert "<script>alert(1)</script> Kurz" in page_texts[1]
    assert "Mira Nowak & Söhne" in page_texts[4]


def test_shared_text_is_on_every_page(page_texts, election):
    for text in page_texts:
        assert election.title in text
        assert election.area in text
        assert "vom 1. März 2027, 08:00 Uhr bis zum 14. März 2027, 18:00 Uhr" in text
        assert "https://wahl.example.org/vote" in text
        assert "QM-Büro Lindenhof" in text
        assert "Datenschutz:" in text
        assert "Your personal code for voting online" in text
        assert "kişisel kodunuz" in text


def _words_by_page(pdf: bytes, folder: Path) -> list[list[tuple]]:
    """Words with their boxes in millimetres from the top left, as poppler lays them out."""
    source = folder / "letters.pdf"
    source.write_bytes(pdf)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", source, "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in xhtml.split("<page ")[1:]:
        words = []
        for x_min, y_min, x_max, y_max, text in WORD.findall(page):
            box = tuple(float(value) / MM for value in (x_min, y_min, x_max, y_max))
            words.append((html.unescape(text), *box))
        pages.append(words)
    return pages


def _line_box(words: list[tuple], line: str, start: int = 0) -> tuple[tuple, int]:
    """Bounding box of the first run of words from `start` on that spells `line`, and the
    index after it."""
    tokens = line.split()
    for first in range(start, len(words) - len(tokens) + 1):
        run = words[first : first + len(tokens)]
        if [word[0] for word in run] == tokens:
            box = (
                min(word[1] for word in run),
                min(word[2] for word in run),
                max(word[3] for word in run),
                max(word[4] for word in run),
            )
            return box, first + len(tokens)
    raise AssertionError(f"{line!r} not found")


def test_address_and_return_line_sit_in_the_envelope_window(
    letters_pdf, letters, election, tmp_path
):
    """DL window: 20–105 mm from the left, 45–90 mm from the top; the address below 62.7 mm,
    the return line above it."""
    pages = _words_by_page(letters_pdf, tmp_path)
    for words, letter in zip(pages, letters, strict=True):
        after = 0
        for line in (letter.name, letter.street, f"{letter.postal_code} {letter.city}"):
            (left, top, right, bottom), after = _line_box(words, line, after)
            assert left >= 20 and right <= 105, (line, left, right)
            assert top >= 62.7 and bottom <= 90, (line, top, bottom)
        (left, top, right, bottom), _ = _line_box(words, election.return_address)
        assert left >= 20 and right <= 105
        assert top >= 45 and bottom <= 62.7


def test_qr_codes_hold_each_letters_vote_url(letters_pdf, letters, tmp_path):
    images = rasterise(letters_pdf, 1, 3, tmp_path)
    assert len(images) == 3
    for image, letter in zip(images, letters, strict=False):
        decoded = zxingcpp.read_barcodes(Image.open(image))
        assert [barcode.text for barcode in decoded] == [letter.vote_url]


def test_everything_is_vector(reader, pdf_raster_images):
    assert pdf_raster_images(reader) == []


def test_fonts_are_embedded(reader, pdf_fonts):
    fonts = pdf_fonts(reader)
    assert fonts
    assert all(embedded for _, embedded in fonts), fonts
    names = " ".join(name for name, _ in fonts)
    assert "Ballot-Arabic" in names  # Noto Sans Arabic: the Arabic line has glyphs of its own
    assert "Ballot-Mono-Bold" in names  # DejaVu Sans Mono: the code


def test_page_image_for_review(letters_pdf, tmp_path):
    """Leaves test-artifacts/letter-page-1.png for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    (image,) = rasterise(letters_pdf, 1, 1, tmp_path)
    target = ARTIFACTS / "letter-page-1.png"
    target.write_bytes(image.read_bytes())
    with Image.open(target) as picture:
        assert picture.size == (1241, 1754)  # A4 at 150 dpi

"""The count's report read back: PDF/A-3b, attachments, names, numbers, integrity data."""

import hashlib
import io
import re
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from printing.report import render_report

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def report_pdf(report) -> bytes:
    return render_report(report)


@pytest.fixture(scope="module")
def reader(report_pdf) -> PdfReader:
    return PdfReader(io.BytesIO(report_pdf))


@pytest.fixture(scope="module")
def text(reader) -> str:
    # Join lines: table cells and long hashes may wrap.
    return "\n".join(page.extract_text() for page in reader.pages)


def _xmp(reader) -> str:
    metadata = reader.trailer["/Root"]["/Metadata"].get_object()
    return metadata.get_data().decode("utf-8")


def test_declares_pdf_a_3b(reader):
    xmp = _xmp(reader)
    part = re.search(r"pdfaid:part(?:>|=\")\s*(\d)", xmp)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")\s*([A-Za-z])", xmp)
    assert part and part.group(1) == "3"
    assert conformance and conformance.group(1).upper() == "B"
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_record_and_result_are_attached_unchanged(reader, report):
    attachments = reader.attachments
    assert attachments["record.json"] == [report.record_json]
    assert attachments["result.json"] == [report.result_json]


def test_attachments_have_pdf_a_3_relationships(reader):
    files = [entry.get_object() for entry in reader.trailer["/Root"]["/AF"]]
    relationships = {str(entry["/UF"]): str(entry["/AFRelationship"]) for entry in files}
    assert relationships == {"record.json": "/Source", "result.json": "/Data"}


def test_names_of_committee_and_candidates(text, report):
    for member in report.committee:
        assert member.name in text
        assert member.role in text
    for contest in report.contests:
        assert contest.title in text
        for candidate in contest.candidates:
            assert candidate.name in text
    assert "Dani <b>Eck</b>" in text  # escaped, printed as written


def test_figures_and_shares(text):
    for figure in ("2.345", "121", "Wahlbeteiligung", "5,2 %", "58,3 %", "53,3 %"):
        assert figure in text
    assert "stimmt mit der Zahl der Stimmabgabevermerke überein" in text


def test_elected_substitutes_and_decisions(text):
    assert "gewählt (1.)" in text
    assert "Nachrücker*in, Rang 1" in text
    assert "Hürde 10 %: Emil Fuchs erreicht sie mit 9 Stimmen nicht." in text
    assert "Gero Hahn: nicht mehr Ja- als Nein-Stimmen." in text
    assert "1 von 2 Sitzen bleiben unbesetzt" in text


def test_tie_and_lot_with_inputs_and_drawn_order(text):
    assert "den Rang der Sitze 2 und 3" in text
    assert "4 2 6 1" in text
    assert "Cleo Dorn vor Bo Castell" in text
    assert "5e" * 16 in text.replace("\n", "")


def test_composition_and_checks(text):
    assert "Sitze für Bewohnerinnen und Bewohner: 3 von 5" in text
    assert "Die Regel ist erfüllt" in text
    assert "Stimmzettel in der Urne und Stimmabgabevermerke: 121 = 121" in text


def test_integrity_appendix_and_how_to_verify(text, report):
    flat = text.replace("\n", "")
    assert hashlib.sha256(report.record_json).hexdigest() in flat
    assert report.integrity.base_hash in flat
    assert report.integrity.signing_public_key in flat
    assert "ballot 0.1.0" in text
    command = f"ballot verify record.json --signing-key {report.integrity.signing_public_key}"
    assert "".join(command.split()) in "".join(text.split()), "the command checks the key"


def test_signature_lines_for_every_member(text, report):
    assert text.count("Ort, Datum, Unterschrift") == len(report.committee)


def test_fonts_embedded_and_chart_is_vector(reader, pdf_fonts, pdf_raster_images):
    fonts = pdf_fonts(reader)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert pdf_raster_images(reader) == []


def test_record_hash_is_computed_from_the_attached_bytes(report):
    assert report.record_sha256 == hashlib.sha256(report.record_json).hexdigest()


def test_a_failed_composition_check_and_a_mismatch_are_reported(report):
    failing = replace(
        report,
        composition=replace(report.composition, passed=False, resident_seats=2),
        figures=replace(report.figures, ballots_in_box=120),
    )
    reader = PdfReader(io.BytesIO(render_report(failing)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Die Regel ist nicht erfüllt" in text
    assert "weicht von der Zahl der Stimmabgabevermerke (121) ab" in text


def test_an_undecided_tie_says_so(report):
    contest = report.contests[0]
    undecided = replace(contest.ties[0], public_input=None, seed=None, drawn_order=())
    changed = replace(report, contests=(replace(contest, ties=(undecided,)),))
    reader = PdfReader(io.BytesIO(render_report(changed)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "nicht entschieden" in text


def test_report_needs_zone_and_committee(report):
    with pytest.raises(ValueError, match="time zone"):
        replace(report, counted_at=datetime(2027, 3, 14, 19, 30))
    with pytest.raises(ValueError, match="committee"):
        replace(report, committee=())


def test_pages_for_review(report_pdf, tmp_path):
    """Leaves test-artifacts/report-page-*.png for a person to look at."""
    source = tmp_path / "report.pdf"
    source.write_bytes(report_pdf)
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("report-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", source, ARTIFACTS / "report-page"], check=True)
    assert list(ARTIFACTS.glob("report-page-*.png"))

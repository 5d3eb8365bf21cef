"""Print runs: address order, batches, manifest, parallel workers."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from printing.letters import Batch, batch_manifest, in_print_order, render_batches
from printing.letters.order import natural_key


def _page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_house_numbers_sort_naturally():
    numbers = ["10a", "2", "11", "10", "10b", "1"]
    assert sorted(numbers, key=natural_key) == ["1", "2", "10", "10a", "10b", "11"]


def test_print_order_is_postal_code_then_street_then_house_number(letters):
    ordered = [(letter.postal_code, letter.street) for letter in in_print_order(letters)]
    assert ordered == [
        ("13347", "Birkenallee 7"),
        ("13357", "Amselweg 2"),
        ("13357", "Amselweg 10"),
        ("13357", "Amselweg 10a"),
        ("13357", "Amselweg 11"),
        ("13359", "Zedernstraße 1"),
    ]


def test_street_names_compare_without_case_or_accents():
    assert natural_key("Äußere Straße 1") < natural_key("Bahnhofstraße 1")
    assert natural_key("amselweg 3") < natural_key("Amselweg 20")


@pytest.fixture(scope="module")
def run(election, letters) -> list[Batch]:
    return render_batches(election, letters, batch_size=4, workers=1)


def test_batches_hold_at_most_batch_size_letters_in_print_order(run, letters):
    assert [batch.filename for batch in run] == ["letters-001.pdf", "letters-002.pdf"]
    assert [len(batch.serials) for batch in run] == [4, 2]
    expected = [letter.serial for letter in in_print_order(letters)]
    assert [serial for batch in run for serial in batch.serials] == expected
    by_serial = {letter.serial: letter for letter in letters}
    for batch in run:
        texts = _page_texts(batch.pdf)
        assert len(texts) == len(batch.serials)
        for text, serial in zip(texts, batch.serials, strict=True):
            assert by_serial[serial].code in text


def test_a_batch_unpacks_as_filename_and_pdf(run):
    filename, pdf = run[0]
    assert filename == run[0].filename
    assert pdf == run[0][1] == run[0].pdf
    assert pdf.startswith(b"%PDF-")


def test_manifest_counts_ranges_and_hashes(run):
    manifest = batch_manifest("lindenhof-2027", run)
    assert manifest["election"] == "lindenhof-2027"
    assert manifest["letters"] == 6
    assert manifest["files"] == 2
    for entry, batch in zip(manifest["batches"], run, strict=True):
        assert entry["file"] == batch.filename
        assert entry["letters"] == len(batch.serials)
        assert entry["sha256"] == hashlib.sha256(batch.pdf).hexdigest()
    first = manifest["batches"][0]
    # Batch 1 holds serials 000003, 000002, 000004, 000001 in address order.
    assert first["serials"] == {"from": "000001", "to": "000004"}


def test_progress_is_reported_after_each_batch(election, letters):
    seen = []
    render_batches(election, letters[:3], batch_size=2, workers=1, progress=seen.append)
    assert seen == [2, 3]


def test_worker_processes_render_the_same_letters(election, letters, run):
    parallel = render_batches(election, letters, batch_size=4, workers=2)
    assert [batch.serials for batch in parallel] == [batch.serials for batch in run]
    for mine, theirs in zip(parallel, run, strict=True):
        assert len(_page_texts(mine.pdf)) == len(_page_texts(theirs.pdf))
        by_serial = {letter.serial: letter for letter in letters}
        for text, serial in zip(_page_texts(mine.pdf), mine.serials, strict=True):
            assert by_serial[serial].code in text


def test_batch_size_must_be_positive(election, letters):
    with pytest.raises(ValueError, match="batch_size"):
        render_batches(election, letters, batch_size=0)

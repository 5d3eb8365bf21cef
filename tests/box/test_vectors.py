"""Known-answer vectors: they verify, their hashes are stable, and they regenerate exactly."""

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ballot import box
from ballot.box import group
from ballot.cli import cli

VECTORS = Path(__file__).resolve().parent.parent / "vectors"


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("box_vectors", VECTORS / "box_vectors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def index():
    return json.loads((VECTORS / "box-vectors.json").read_text())


def test_committed_files_have_their_recorded_hashes(index):
    for name, digest in index["files"].items():
        assert hashlib.sha256((VECTORS / name).read_bytes()).hexdigest() == digest, name


RECORDS = {
    "box-record.json": box.RECORD_FORMAT,
    "box-record-format2.json": "ballot-record/2",
    "box-record-format1.json": "ballot-record/1",
}


def test_the_vector_record_verifies(generator, index):
    record = json.loads((VECTORS / "box-record.json").read_bytes())
    lines = list(box.verify_record(record))
    assert lines[-1].startswith("signature by election key")
    assert record["counts"] == index["counts"] == {"council": [1, 2, 0], "jury": [2, 1]}
    assert [t["tracker"] for t in index["trackers"]] == record["trackers"]
    for entry in index["trackers"]:
        assert box.tracker_display(entry["tracker"]) == entry["display"]


@pytest.mark.parametrize("name", RECORDS)
def test_ballot_verify_passes_on_the_vector_records(name):
    """What an observer runs: the command, on the file, with the real counting rules.

    The format 1 and 2 records stand for elections created before formats 2 and 3: they
    still verify.
    """
    result = CliRunner().invoke(cli, ["verify", str(VECTORS / name)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith(f"record format {RECORDS[name]}")
    assert lines[-1] == "The record verifies: every check passed."


@pytest.mark.parametrize("name", RECORDS)
def test_each_vector_record_has_the_sum_proofs_and_rules_of_its_format(name):
    """From format 2 on, a sum proof excludes 3 from the council's [0, 2] of 3 and 2 from the
    jury's yes and no; format 1 proves both as ranges. Only format 3 has rules in the
    manifest."""
    record = json.loads((VECTORS / name).read_bytes())
    old = RECORDS[name] == "ballot-record/1"
    form = {"challenges", "responses"} if old else {"challenge", "responses"}
    has_rules = RECORDS[name] in box.FORMATS_WITH_RULES
    assert ("rules" in record["manifest"]["contests"][0]) is has_rules
    for ballot in record["ballots"]:
        for contest in ballot["contests"]:
            assert len(contest["sum_proofs"]) == 1
            assert set(contest["sum_proofs"][0]) == form


def test_the_vector_share_file_opens_with_its_passphrase(index):
    record = json.loads((VECTORS / "box-record.json").read_bytes())
    data = (VECTORS / "box-share-1.json").read_bytes()
    share = box.open_share_file(data, index["passphrases"]["1"], record["manifest"])
    expected = box.public_share(record["manifest"]["commitments"], 1)
    assert share.public_share.hex() == expected
    assert record["partial_decryptions"][0]["public_share"] == expected


def test_hash_to_scalar_vectors(index):
    assert group.GENERATOR.hex() == index["generator"]
    for vector in index["hash_to_scalar"]:
        items = [bytes.fromhex(item) for item in vector["items"]]
        value = group.hash_to_scalar(vector["tag"], *items)
        assert group.scalar_to_hex(value) == vector["scalar"]


def test_generation_is_deterministic(generator):
    for name, data in generator.generate().items():
        assert data == (VECTORS / name).read_bytes(), f"{name} no longer regenerates"

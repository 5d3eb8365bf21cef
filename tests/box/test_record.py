"""The election record: it verifies, and every tampering is found and named."""

import copy
import json

import pytest

from ballot import box
from ballot.box.errors import VerificationError
from ballot.box.record import signing_message
from ballot.box.signing import sign_message
from ballot.canonical import canonical_json
from ballot.tally import allocate

ROLL = {"eligible": 10, "letters_issued": 11, "revoked": 1, "voted": 3}


def make_record(election, ballots, trustees=(1, 2), roll=ROLL):
    manifest = election.manifest
    aggregate = box.aggregate(manifest, ballots)
    partials = [box.partial_decrypt(election.shares[i], aggregate, manifest) for i in trustees]
    counts = box.combine(manifest, aggregate, partials, len(ballots))
    digest = box.counts_hash({"manifest": manifest, "ballots": ballots, "counts": counts})
    results = {}
    for contest in manifest["contests"]:
        request = {
            "method": contest["method"],
            "seats": contest.get("seats", 1),
            "ballots_cast": len(ballots),
            "votes": box.allocation_votes(contest, counts[contest["key"]]),
            **contest.get("rules", {}),
        }
        results[contest["key"]] = {
            "request": request,
            "outcome": allocate(request, counts_hash=digest),
        }
    signing_key, public_key = box.new_signing_key()
    record = box.build_record(
        manifest, ballots, aggregate, partials, counts, roll, results, signing_key
    )
    return record, public_key


def verify(record, **options):
    return list(box.verify_record(record, **options))  # counting rules: ballot.tally


@pytest.fixture(scope="module")
def signed(election, ballots):
    return make_record(election, ballots)


@pytest.fixture
def record(signed):
    return copy.deepcopy(signed[0])


def test_record_verifies_after_a_trip_through_canonical_json(signed):
    record, public_key = signed
    lines = verify(json.loads(canonical_json(record)), signing_key=public_key)
    assert lines[0] == f"record format {box.RECORD_FORMAT}"
    assert lines[-1].startswith("signature by election key")
    assert any("3 ballots: every point and every proof verifies" in line for line in lines)
    assert any(line.startswith("trustee 2:") for line in lines)
    assert record["trackers"] == sorted(box.tracker(b) for b in record["ballots"])
    assert record["counts_hash"] == box.counts_hash(record)


def test_a_record_of_all_three_trustees_and_of_no_ballots_verify(election):
    record, _ = make_record(election, [], trustees=(1, 2, 3), roll={**ROLL, "voted": 0})
    lines = verify(record)
    assert "counts: 3 of 3 trustees combine to the counts" in lines
    assert record["counts"] == {"council": [0, 0, 0], "jury": [0, 0, 0, 0]}


def first_point(record, ballot=0):
    return record["ballots"][ballot]["contests"][0]["selections"][0]


def flip(text, position=5):
    data = bytearray(bytes.fromhex(text))
    data[position] ^= 0x80
    return data.hex()


def tampered_records(record):
    """(what the error must say, a copy of the record changed in one way)."""

    def changed(mutate):
        copied = copy.deepcopy(record)
        mutate(copied)
        return copied

    def set_point(r):
        first_point(r, 1)["beta"] = flip(first_point(r, 1)["beta"])

    def set_scalar(r):
        proof = r["ballots"][2]["contests"][1]["sum_proofs"][1]
        proof["responses"][0] = flip(proof["responses"][0], 1)

    def swap_ciphertexts(r):
        a, b = first_point(r, 0), first_point(r, 1)
        a["alpha"], b["alpha"] = b["alpha"], a["alpha"]
        a["beta"], b["beta"] = b["beta"], a["beta"]

    def drop_ballot(r):
        del r["ballots"][1]
        del r["trackers"][1]

    def duplicate_ballot(r):
        r["ballots"].insert(1, r["ballots"][0])
        r["trackers"].insert(1, r["trackers"][0])

    def wrong_count(r):
        r["counts"]["council"][0] += 1

    def wrong_partial(r):
        partials = r["partial_decryptions"]
        mine, theirs = partials[0]["contests"][1], partials[1]["contests"][1]
        mine["selections"][0]["partial"] = theirs["selections"][0]["partial"]

    def wrong_aggregate(r):
        selections = r["aggregate"]["contests"][0]["selections"]
        selections[0], selections[1] = selections[1], selections[0]

    def bad_signature(r):
        r["signature"] = flip(r["signature"], 0)

    def changed_title(r):
        r["manifest"]["title"] = "Another title"

    def changed_outcome(r):
        r["results"]["council"]["outcome"]["elected"] = ["Somebody else"]

    def changed_votes(r):
        r["results"]["jury"]["request"]["votes"]["Dana"]["yes"] += 1

    def changed_roll(r):
        r["roll"]["voted"] = 4

    def changed_counts_hash(r):
        r["counts_hash"] = "0" * 64

    def extra_field(r):
        r["comment"] = "trust me"

    def older_format(r):
        r["format"] = "ballot-record/1"

    def older_manifest(r):  # a format 3 election cannot be passed off as format 2 or 1
        r["format"] = r["manifest"]["format"] = "ballot-record/2"
        for contest in r["manifest"]["contests"]:
            contest.pop("rules", None)

    def rules_in_format_1(r):
        r["format"] = r["manifest"]["format"] = "ballot-record/1"

    def other_rule(name, value):
        def mutate(r):  # a request that the counting rules would accept, signed or not
            request = r["results"]["council"]["request"]
            request[name] = value
            r["results"]["council"]["outcome"] = allocate(request, counts_hash=r["counts_hash"])

        return changed(mutate)

    yield r"ballot 2 \(tracker \w{16}…\): contest 'council' selection 1", changed(set_point)
    yield r"ballot 3 \(tracker .*\): contest 'jury' sum proof 2", changed(set_scalar)
    yield (
        r"ballot 1 \(tracker .*\): contest 'council' selection 1: proof",
        changed(swap_ciphertexts),
    )
    yield "list of trackers does not match", changed(lambda r: r["ballots"].pop())
    yield "ballot_count differs", changed(drop_ballot)
    yield "ballot 2 .*duplicate of ballot 1", changed(duplicate_ballot)
    yield "counts of contest 'council' differ", changed(wrong_count)
    yield "partial decryption 1: trustee 1, contest 'jury', selection 1", changed(wrong_partial)
    yield "aggregate: contest 'council' selection 1 is not the sum", changed(wrong_aggregate)
    yield "signature does not verify", changed(bad_signature)
    yield "base hash does not match", changed(changed_title)
    yield "result of contest 'council': outcome differs", changed(changed_outcome)
    yield "result of contest 'jury': request votes differ", changed(changed_votes)
    yield "roll: 4 people voted but the record holds 3 ballots", changed(changed_roll)
    yield "counts hash does not match", changed(changed_counts_hash)
    yield "extra \\['comment'\\]", changed(extra_field)
    yield "the manifest's format differs from the record's", changed(older_format)
    yield "base hash does not match", changed(older_manifest)
    yield "rules need record format ballot-record/3", changed(rules_in_format_1)
    yield "request has 1 seats, the manifest 2", other_rule("seats", 1)
    yield "request hurdle_percent '40' differs", other_rule("hurdle_percent", "40")
    yield "request quotas \\[\\] differs", other_rule("quotas", [])
    yield (
        "request attributes .* differs",
        other_rule("attributes", {"Bernd Krause": {"gender": "f"}}),
    )


def test_every_tampering_is_found_and_named(signed):
    record, _ = signed
    cases = list(tampered_records(record))
    assert len(cases) == 23
    for message, tampered in cases:
        with pytest.raises(VerificationError, match=message):
            verify(tampered)


def test_a_record_signed_by_another_key_is_refused(record):
    _, other_public_key = box.new_signing_key()
    with pytest.raises(VerificationError, match="another key"):
        verify(record, signing_key=other_public_key)


def test_results_are_checked_with_the_counting_rules_and_counts_hash(record):
    def other_rules(request, counts_hash=None):
        return {**allocate(request, counts_hash=counts_hash), "counts_hash": "another hash"}

    with pytest.raises(VerificationError, match="outcome differs"):
        list(box.verify_record(record, allocate=other_rules))


def test_verification_in_worker_processes_names_the_ballot(election):
    """Enough ballots to use two worker processes; one of the last is tampered with."""
    choice = {"council": [1, 0, 0], "jury": [0, 0, 0, 0]}
    ballots = [box.encrypt_ballot(election.manifest, choice) for _ in range(210)]
    record, _ = make_record(
        election, ballots, roll={**ROLL, "eligible": 300, "letters_issued": 300, "voted": 210}
    )
    assert any("210 ballots" in line for line in verify(record, workers=2))
    selection = record["ballots"][207]["contests"][0]["selections"][2]
    selection["proof"]["challenges"][1] = flip(selection["proof"]["challenges"][1], 2)
    with pytest.raises(VerificationError, match=r"ballot 208 .* selection 3"):
        verify(record, workers=2)


def resigned(record):
    """The record signed again by a fresh key, as whoever holds a signing key could."""
    signing_key, public_key = box.new_signing_key()
    record["signing_key"] = public_key
    encodings = [canonical_json(ballot) for ballot in record["ballots"]]
    record["signature"] = sign_message(signing_key, signing_message(record, encodings))
    return record


def test_a_count_or_outcome_of_another_json_type_is_refused(signed):
    """true is not 1 in JSON (nor in the counts hash), though it is in Python."""

    def count_as_true(r):
        assert r["counts"]["jury"][0] == 1
        r["counts"]["jury"][0] = True
        r["counts_hash"] = box.counts_hash(r)

    def outcome_with_numbers_for_truth(r):
        r["results"]["jury"]["outcome"]["complete"] = 1
        r["results"]["jury"]["outcome"]["vacant"] = False

    for mutate, message in [
        (count_as_true, r"counts of contest 'jury' differ .*: record says \[true,"),
        (outcome_with_numbers_for_truth, "result of contest 'jury': outcome differs"),
    ]:
        tampered = copy.deepcopy(signed[0])
        mutate(tampered)
        with pytest.raises(VerificationError, match=message):
            verify(resigned(tampered))


@pytest.mark.parametrize("member", ["signature", "signing_key"])
@pytest.mark.parametrize("spelling", [str.upper, lambda text: f" {text}"])
def test_a_signature_or_key_in_another_spelling_is_refused(record, member, spelling):
    """bytes.fromhex reads upper case and white space too: one signature, many files."""
    record[member] = spelling(record[member])
    with pytest.raises(VerificationError, match="must be 64 and 128 lower-case hex digits"):
        verify(record)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (
            lambda r: r["aggregate"],
            "aggregate: the aggregate does not list the election's contests",
        ),
        (lambda r: r["partial_decryptions"][0], "trustee 1: contests missing or out of order"),
    ],
)
def test_contests_that_are_not_objects_are_named_plainly(record, where, message):
    where(record)["contests"] = [1, 2]
    with pytest.raises(VerificationError, match=message):
        verify(record)

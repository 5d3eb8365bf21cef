"""`ballot verify` reads records from anyone: hypothesis changes one value anywhere in a valid
record into another JSON value (wrong type, empty, huge, nested); the verifier answers with a
VerificationError that names the place, never with another exception (a traceback at the
observer's command line)."""

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballot import box, tally

CONTESTS = [
    {"key": "rat", "method": "most-votes", "min_choices": 0, "max_choices": 2, "seats": 2,
     "candidates": ["Ayşe", "Bernd", "Chiara"]},
    {"key": "jury", "method": "yes-no", "min_choices": 0, "max_choices": 2,
     "candidates": ["Dana", "Emre"]},
]  # fmt: skip
PASSPHRASES = {1: "first trustee passphrase", 2: "second trustee passphrase"}
ROLL = {"eligible": 3, "letters_issued": 3, "revoked": 0, "voted": 2}


@pytest.fixture(scope="module")
def record() -> dict:
    keys = []
    for index, passphrase in PASSPHRASES.items():
        salt = box.new_sealing_salt()
        keys.append((index, box.trustee_sealing_key(passphrase, salt), salt))
    ceremony = box.run_key_ceremony(2, keys)
    manifest = box.build_manifest("fuzz-2027", "Fuzz", CONTESTS, ceremony.public_key,
                                  ceremony.commitments, 2, 2)  # fmt: skip
    files = box.seal_share_files(ceremony, manifest)
    shares = [box.open_share_file(files[i], PASSPHRASES[i], manifest) for i in PASSPHRASES]
    ballots = [
        box.encrypt_ballot(manifest, {"rat": [1, 0, 1], "jury": [1, 0, 0, 1]}),
        box.encrypt_ballot(manifest, {"rat": [0, 1, 0], "jury": [0, 0, 1, 0]}),
    ]
    aggregate = box.aggregate(manifest, ballots)
    partials = [box.partial_decrypt(share, aggregate, manifest) for share in shares]
    counts = box.combine(manifest, aggregate, partials, len(ballots))
    digest = box.counts_hash({"manifest": manifest, "ballots": ballots, "counts": counts})
    results = {}
    for contest in manifest["contests"]:
        request = {"method": contest["method"], "seats": contest.get("seats", 1),
                   "ballots_cast": len(ballots),
                   "votes": box.allocation_votes(contest, counts[contest["key"]])}  # fmt: skip
        outcome = tally.allocate(request, counts_hash=digest)
        results[contest["key"]] = {"request": request, "outcome": outcome}
    signing_key, _public = box.new_signing_key()
    return box.build_record(manifest, ballots, aggregate, partials, counts, ROLL, results,
                            signing_key)  # fmt: skip


def _paths(value, path=()):
    """Every place in the record: a tuple of keys and indices from the top."""
    if path:
        yield path
    if isinstance(value, dict):
        children = value.items()
    elif isinstance(value, list):
        children = enumerate(value)
    else:
        return
    for key, child in children:
        yield from _paths(child, (*path, key))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**80), 2**80) | st.floats(allow_nan=False)
    | st.text(max_size=70) | st.sampled_from(["00" * 32, "ff" * 32, "ballot-record/1"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=6,
)  # fmt: skip


def test_the_record_verifies_as_built(record):
    assert list(box.verify_record(record, allocate=tally.allocate, workers=1))


def _places(record: dict) -> st.SearchStrategy:
    """A place in the record, each field and depth equally likely: the thousands of places inside
    the ballots would otherwise crowd out the few of the aggregate or the roll."""
    groups: dict[tuple, list] = {}
    for path in _paths(record):
        groups.setdefault((path[0], min(len(path), 4)), []).append(path)
    return st.sampled_from(sorted(groups)).flatmap(lambda group: st.sampled_from(groups[group]))


def test_any_changed_value_is_refused_by_name(record):
    @settings(max_examples=200, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(where=_places(record), value=JSON)
    def change(where, value):
        changed = copy.deepcopy(record)
        target = changed
        for key in where[:-1]:
            target = target[key]
        if target[where[-1]] == value:
            return
        target[where[-1]] = value
        with pytest.raises(box.VerificationError):
            for _line in box.verify_record(changed, allocate=tally.allocate, workers=1):
                pass

    change()

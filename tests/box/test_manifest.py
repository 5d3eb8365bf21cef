"""Manifest, base hash, selections, and the fast canonical encoding."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballot import box
from ballot.box import group
from ballot.box.encoding import canonical_bytes
from ballot.box.manifest import contest_ranges, load_election
from ballot.box.proof_context import (
    TAG_CANDIDATE_SUM,
    TAG_CANDIDATE_SUM_EXCLUDES,
    TAG_CONTEST_SUM,
    TAG_CONTEST_SUM_EXCLUDES,
)
from ballot.canonical import canonical_json

KEY = group.base_mul(99).hex()
MOST_VOTES = {
    "key": "council",
    "method": "most-votes",
    "min_choices": 0,
    "max_choices": 2,
    "candidates": ["A", "B", "C"],
}


def manifest_with(**changes):
    contest = {**MOST_VOTES, **changes}
    return box.build_manifest("slug", "Title", [contest], KEY, [KEY], 1, 1)


def test_base_hash_covers_every_field():
    reference = box.base_hash(manifest_with())
    variants = [
        manifest_with(max_choices=1),
        manifest_with(min_choices=1),
        manifest_with(candidates=["A", "C", "B"]),
        manifest_with(seats=2),
        box.build_manifest("other", "Title", [MOST_VOTES], KEY, [KEY], 1, 1),
        box.build_manifest("slug", "Title", [MOST_VOTES], KEY, [KEY], 1, 2),
    ]
    hashes = {box.base_hash(m) for m in variants}
    assert reference not in hashes and len(hashes) == len(variants)
    assert manifest_with()["format"] == box.RECORD_FORMAT


def test_selections_and_sum_proofs_per_method():
    yes_no = {**MOST_VOTES, "method": "yes-no", "max_choices": 3}
    assert box.contest_selections(MOST_VOTES) == ["A", "B", "C"]
    assert box.contest_selections(yes_no) == ["A/yes", "A/no", "B/yes", "B/no", "C/yes", "C/no"]
    assert [(r.indices, r.low, r.high) for r in contest_ranges(MOST_VOTES)] == [((0, 1, 2), 0, 2)]
    assert [(r.indices, r.low, r.high) for r in contest_ranges(yes_no)] == [
        ((0, 1), 0, 1),
        ((2, 3), 0, 1),
        ((4, 5), 0, 1),
    ]
    # [0, all candidates] follows from the 0/1 proofs, so no sum proof is needed.
    assert contest_ranges({**MOST_VOTES, "max_choices": 3}) == []


FIFTEEN = {**MOST_VOTES, "max_choices": 12, "candidates": [f"C{n}" for n in range(15)]}


@pytest.mark.parametrize(
    ("contest", "excluded"),
    [
        (FIFTEEN, (13, 14, 15)),  # 3 values excluded instead of 13 included
        ({**FIFTEEN, "min_choices": 2}, (0, 1, 13, 14, 15)),
        ({**MOST_VOTES, "method": "yes-no", "max_choices": 3}, (2,)),  # yes and no
        ({**FIFTEEN, "min_choices": 1, "max_choices": 1}, None),  # 1 included, 15 excluded
        ({**MOST_VOTES, "min_choices": 1}, None),  # [1, 2] or not {0, 3}: a tie stays a range
    ],
)
def test_a_sum_proof_excludes_values_when_they_are_fewer(contest, excluded):
    span = contest_ranges(contest)[0]
    assert span.by_exclusion == (excluded is not None)
    if excluded is None:
        assert span.tag in (TAG_CONTEST_SUM, TAG_CANDIDATE_SUM)
    else:
        assert span.excluded == excluded
        assert span.tag in (TAG_CONTEST_SUM_EXCLUDES, TAG_CANDIDATE_SUM_EXCLUDES)
    # In format 1, every sum proof is a range proof over [low, high].
    old = contest_ranges(contest, "ballot-record/1")[0]
    assert not old.by_exclusion and (old.low, old.high) == (span.low, span.high)
    assert old.tag in (TAG_CONTEST_SUM, TAG_CANDIDATE_SUM)


def test_a_manifest_of_format_1_loads_and_an_unknown_format_does_not():
    old = box.build_manifest("s", "T", [FIFTEEN], KEY, [KEY], 1, 1, record_format="ballot-record/1")
    assert not load_election(old).contests[0].ranges[0].by_exclusion
    assert load_election(manifest_with(max_choices=12, candidates=FIFTEEN["candidates"]))
    for unknown in ("ballot-record/4", ["ballot-record/3"], None):
        with pytest.raises(box.ManifestError, match="unsupported format"):
            load_election({**old, "format": unknown})


@pytest.mark.parametrize(
    "changes",
    [
        {"method": "ranked"},
        {"min_choices": 3, "max_choices": 2},
        {"max_choices": 4},
        {"min_choices": -1},
        {"candidates": []},
        {"candidates": ["A", "A"]},
        {"candidates": ["A", ""]},
        {"key": ""},
        {"seats": 0},
        {"quotas": []},
        {"method": "yes-no"},
    ],
)
def test_malformed_contests_are_refused(changes):
    with pytest.raises(box.ManifestError):
        manifest_with(**changes)


def test_malformed_trustee_settings_are_refused():
    with pytest.raises(box.ManifestError):
        box.build_manifest("s", "T", [MOST_VOTES], KEY, [KEY], 2, 1)
    with pytest.raises(box.ManifestError):
        box.build_manifest("s", "T", [MOST_VOTES], KEY, [KEY, KEY], 1, 2)
    with pytest.raises(box.ManifestError, match="first commitment"):
        box.build_manifest("s", "T", [MOST_VOTES], KEY, [group.GENERATOR.hex()], 1, 1)
    with pytest.raises(box.ManifestError, match="public key"):
        box.build_manifest("s", "T", [MOST_VOTES], "00" * 32, ["00" * 32], 1, 1)
    with pytest.raises(box.ManifestError, match="distinct"):
        box.build_manifest("s", "T", [MOST_VOTES, MOST_VOTES], KEY, [KEY], 1, 1)


json_values = st.recursive(
    st.text() | st.integers(-(2**53) + 1, 2**53 - 1) | st.booleans() | st.none(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
@settings(max_examples=300)
def test_fast_canonical_encoding_equals_the_reference(value):
    assert canonical_bytes(value) == canonical_json(value)


@given(st.lists(st.text(min_size=1), min_size=1, max_size=3, unique=True))
@settings(max_examples=10, deadline=None)
def test_ballots_with_any_candidate_names_take_the_fast_path_exactly(names):
    manifest = box.build_manifest(
        "s", "T", [{**MOST_VOTES, "candidates": names, "max_choices": 1}], KEY, [KEY], 1, 1
    )
    ballot = box.encrypt_ballot(manifest, {"council": [1] + [0] * (len(names) - 1)})
    assert canonical_bytes(ballot) == canonical_json(ballot)
    box.check_ballot(manifest, ballot)

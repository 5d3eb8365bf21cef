"""The count: sums, partial decryptions, Lagrange combination, and what it refuses."""

import copy
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballot import box


def plain_counts(choices):
    return {
        key: [sum(column) for column in zip(*(c[key] for c in choices), strict=True)]
        for key in choices[0]
    }


def open_count(election, ballots, trustees, max_count=None):
    aggregate = box.aggregate(election.manifest, ballots)
    partials = [
        box.partial_decrypt(election.shares[i], aggregate, election.manifest) for i in trustees
    ]
    bound = len(ballots) if max_count is None else max_count
    return box.combine(election.manifest, aggregate, partials, bound)


def test_every_threshold_subset_gives_the_same_counts(election, ballots, choices):
    expected = plain_counts(choices)
    for size in (2, 3):
        for subset in itertools.combinations([1, 2, 3], size):
            assert open_count(election, ballots, subset) == expected


def test_fewer_than_threshold_trustees_cannot_count(election, ballots):
    with pytest.raises(box.CountError, match="needs 2"):
        open_count(election, ballots, [2])
    with pytest.raises(box.CountError, match="needs 2"):
        open_count(election, ballots, [])


def test_no_ballots_count_zero(election):
    aggregate = box.aggregate(election.manifest, [])
    assert aggregate["ballot_count"] == 0
    assert open_count(election, [], [1, 3]) == {"council": [0, 0, 0], "jury": [0, 0, 0, 0]}


def test_all_ballots_for_the_same_candidates(election):
    choice = {"council": [0, 1, 1], "jury": [1, 0, 1, 0]}
    ballots = [box.encrypt_ballot(election.manifest, choice) for _ in range(4)]
    assert open_count(election, ballots, [1, 2]) == {"council": [0, 4, 4], "jury": [4, 0, 4, 0]}
    with pytest.raises(box.CountError, match="count from 0 to 3"):
        open_count(election, ballots, [1, 2], max_count=3)


@given(
    st.lists(
        st.sampled_from(
            [
                {"council": [1, 0, 0], "jury": [0, 0, 0, 0]},
                {"council": [0, 1, 1], "jury": [1, 0, 0, 1]},
                {"council": [1, 0, 1], "jury": [0, 1, 1, 0]},
            ]
        ),
        min_size=1,
        max_size=4,
    )
)
@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_counts_equal_the_plain_sums(election, choices):
    ballots = [box.encrypt_ballot(election.manifest, c) for c in choices]
    assert open_count(election, ballots, [3, 1]) == plain_counts(choices)


@pytest.fixture(scope="module")
def counted(election, ballots):
    aggregate = box.aggregate(election.manifest, ballots)
    partials = {
        i: box.partial_decrypt(election.shares[i], aggregate, election.manifest) for i in (1, 2, 3)
    }
    return aggregate, partials


def test_a_wrong_partial_decryption_is_refused(election, counted):
    aggregate, partials = counted
    wrong = copy.deepcopy(partials[1])
    wrong["contests"][0]["selections"][2]["partial"] = partials[2]["contests"][0]["selections"][2][
        "partial"
    ]
    with pytest.raises(
        box.CountError, match="trustee 1, contest 'council', selection 3: decryption proof"
    ):
        box.combine(election.manifest, aggregate, [wrong, partials[2]], 3)


def test_a_partial_decryption_under_another_index_is_refused(election, counted):
    aggregate, partials = counted
    relabelled = {**partials[1], "trustee": 3}
    with pytest.raises(box.CountError, match="public share"):
        box.combine(election.manifest, aggregate, [relabelled, partials[2]], 3)
    relabelled["public_share"] = partials[3]["public_share"]
    with pytest.raises(box.CountError, match="key proof"):
        box.combine(election.manifest, aggregate, [relabelled, partials[2]], 3)


def test_a_trustee_counts_once(election, counted):
    aggregate, partials = counted
    with pytest.raises(box.CountError, match="twice"):
        box.combine(election.manifest, aggregate, [partials[1], partials[1]], 3)


def test_a_changed_aggregate_is_refused(election, counted, ballots):
    _, partials = counted
    other = box.aggregate(election.manifest, ballots[:2])
    with pytest.raises(box.CountError, match="decryption proof"):
        box.combine(election.manifest, other, [partials[1], partials[2]], 3)

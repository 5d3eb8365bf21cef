"""The lot ballot-lot-v1: a published seed, SHA-256 in counter mode, rejection sampling."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballot.tally import AllocationError, lot_permutation, lot_seed
from ballot.tally.lot import _below

ZERO_HASH = "00" * 32
NAMES = ["Ayşe", "Bernd", "Chiara", "Dana", "Emre"]


def redraw(counts_hash: str, public_input: str, candidates: list[str]) -> list[str]:
    """The procedure as docs/ALLOCATE.md tells an observer to redo it, written out anew."""
    seed = hashlib.sha256(
        b"ballot-lot-v1" + bytes.fromhex(counts_hash) + public_input.encode("utf-8")
    ).digest()
    stream = b"".join(hashlib.sha256(seed + n.to_bytes(8, "big")).digest() for n in range(100))
    words = [int.from_bytes(stream[i : i + 4], "big") for i in range(0, len(stream), 4)]

    def uniform(n: int) -> int:
        while True:
            word = words.pop(0)
            if word < 2**32 - (2**32 % n):
                return word % n

    deck = sorted(candidates)
    for i in reversed(range(1, len(deck))):
        j = uniform(i + 1)
        deck[i], deck[j] = deck[j], deck[i]
    return deck


def test_seed_is_sha256_of_tag_counts_hash_and_public_input():
    # Checked with: { printf 'ballot-lot-v1'; head -c 32 /dev/zero; printf '4 2 6 1'; } | sha256sum
    seed = lot_seed(ZERO_HASH, "4 2 6 1")
    assert seed.hex() == "821c81b787b56221ceda8cae6e0d34aebba4f9ea19647eff37c4f6e670c74ed6"


def test_known_permutation_for_the_documented_example():
    seed = lot_seed(ZERO_HASH, "4 2 6 1")
    assert lot_permutation(seed, NAMES) == ["Ayşe", "Dana", "Chiara", "Emre", "Bernd"]


@given(
    counts=st.binary(min_size=32, max_size=32),
    public_input=st.text(min_size=1, max_size=20),
    candidates=st.sets(st.text(min_size=1, max_size=6), min_size=1, max_size=12),
)
def test_permutation_matches_an_independent_redraw(counts, public_input, candidates):
    counts_hash = counts.hex()
    seed = lot_seed(counts_hash, public_input)
    assert lot_permutation(seed, candidates) == redraw(counts_hash, public_input, list(candidates))


@given(
    seed=st.binary(min_size=32, max_size=32),
    candidates=st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=30, unique=True),
)
def test_permutation_is_a_permutation_and_ignores_the_order_given(seed, candidates):
    drawn = lot_permutation(seed, candidates)
    assert sorted(drawn) == sorted(candidates)
    assert lot_permutation(seed, list(reversed(candidates))) == drawn


TEN = [f"candidate {n}" for n in range(10)]


@given(counts=st.binary(min_size=32, max_size=32), other=st.binary(min_size=32, max_size=32))
def test_permutation_depends_on_the_counts_hash(counts, other):
    if counts == other:
        return
    # 10! orderings: two seeds giving the same one would be a 1 in 3.6 million accident.
    first = lot_permutation(lot_seed(counts.hex(), "1"), TEN)
    assert first != lot_permutation(lot_seed(other.hex(), "1"), TEN)


@given(public_input=st.text(min_size=1), other=st.text(min_size=1))
def test_permutation_depends_on_the_public_input(public_input, other):
    if public_input == other:
        return
    first = lot_permutation(lot_seed(ZERO_HASH, public_input), TEN)
    assert first != lot_permutation(lot_seed(ZERO_HASH, other), TEN)


def test_permutation_depends_on_the_candidates():
    seed = lot_seed(ZERO_HASH, "1")
    with_eleven = lot_permutation(seed, [*TEN, "candidate 10"])
    assert [name for name in with_eleven if name in TEN] != lot_permutation(seed, TEN)


def test_every_order_of_three_comes_up():
    orders = {tuple(lot_permutation(lot_seed(ZERO_HASH, str(n)), "ABC")) for n in range(60)}
    assert len(orders) == 6


def test_rejection_sampling_redraws_words_that_would_bias_the_result():
    # For n = 3 the largest fair word is 2**32 - 2: 2**32 - 1 must be drawn again.
    assert _below(3, iter([2**32 - 1, 5])) == 2
    assert _below(3, iter([2**32 - 2])) == (2**32 - 2) % 3


@pytest.mark.parametrize("bad", ["", "AB" * 32, "0" * 63, "g" * 64, "00" * 33])
def test_malformed_counts_hash_is_refused(bad):
    with pytest.raises(AllocationError, match="counts_hash"):
        lot_seed(bad, "1")

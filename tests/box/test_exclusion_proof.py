"""The exclusion proof of a contest sum: completeness, and refusal of any change or lie."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballot.box import group
from ballot.box.elgamal import encrypt
from ballot.box.errors import InvalidEncoding
from ballot.box.exclusion_proof import (
    ExclusionProof,
    excluded_values,
    exclusion_proof_from_json,
    exclusion_proof_holds,
    prove_exclusion,
)
from ballot.box.proof_context import (
    TAG_CANDIDATE_SUM_EXCLUDES,
    TAG_CONTEST_SUM_EXCLUDES,
    ProofContext,
)

SECRET = 0x5EC2E7
CONTEXT = ProofContext(bytes(range(32)), group.base_mul(SECRET))
OTHER_CONTEXT = ProofContext(bytes(32), CONTEXT.public_key)
TAG = TAG_CONTEST_SUM_EXCLUDES


def test_excluded_values_are_those_of_zero_to_size_outside_the_range():
    assert excluded_values(0, 12, 15) == (13, 14, 15)
    assert excluded_values(0, 1, 2) == (2,)
    assert excluded_values(2, 3, 4) == (0, 1, 4)
    assert excluded_values(0, 3, 3) == ()


@given(st.data())
@settings(max_examples=15, deadline=None)
def test_exclusion_proof_is_complete_and_bound_to_its_statement(data):
    size = data.draw(st.integers(1, 6))
    low = data.draw(st.integers(0, size))
    high = data.draw(st.integers(low, size))
    value = data.draw(st.integers(low, high))
    bounds = (low, high, size)
    nonce = group.random_scalar()
    ciphertext = encrypt(value, CONTEXT.public_key, nonce)
    proof = prove_exclusion(CONTEXT, TAG, ciphertext, value, nonce, bounds)
    assert len(proof.responses) == 2 * len(excluded_values(*bounds))
    assert exclusion_proof_holds(CONTEXT, TAG, ciphertext, bounds, proof)
    assert not exclusion_proof_holds(CONTEXT, TAG_CANDIDATE_SUM_EXCLUDES, ciphertext, bounds, proof)
    assert not exclusion_proof_holds(OTHER_CONTEXT, TAG, ciphertext, bounds, proof)
    other = encrypt(value, CONTEXT.public_key, group.random_scalar())
    assert not exclusion_proof_holds(CONTEXT, TAG, other, bounds, proof)
    if high < size:  # the same responses, read as a proof of a wider range, do not hold
        wider = (low, high + 1, size)
        trimmed = ExclusionProof(proof.challenge, proof.responses[:-2])
        assert not exclusion_proof_holds(CONTEXT, TAG, ciphertext, wider, trimmed)


def test_every_changed_scalar_breaks_an_exclusion_proof():
    nonce = group.random_scalar()
    bounds = (1, 2, 4)  # excludes 0, 3 and 4
    ciphertext = encrypt(2, CONTEXT.public_key, nonce)
    proof = prove_exclusion(CONTEXT, TAG, ciphertext, 2, nonce, bounds)
    bumped = ExclusionProof((proof.challenge + 1) % group.ORDER, proof.responses)
    assert not exclusion_proof_holds(CONTEXT, TAG, ciphertext, bounds, bumped)
    for position in range(len(proof.responses)):
        responses = list(proof.responses)
        responses[position] = (responses[position] + 1) % group.ORDER
        changed = ExclusionProof(proof.challenge, tuple(responses))
        assert not exclusion_proof_holds(CONTEXT, TAG, ciphertext, bounds, changed)


@pytest.mark.parametrize("actual", [13, 14, 15])
def test_a_sum_of_an_excluded_value_cannot_pass(actual):
    """13 crosses in a 12-of-15 contest: no honest proof exists, and lying does not help."""
    bounds = (0, 12, 15)
    nonce = group.random_scalar()
    ciphertext = encrypt(actual, CONTEXT.public_key, nonce)
    with pytest.raises(ValueError):
        prove_exclusion(CONTEXT, TAG, ciphertext, actual, nonce, bounds)
    for claimed in (0, 11, 12):
        lie = prove_exclusion(CONTEXT, TAG, ciphertext, claimed, nonce, bounds)
        assert not exclusion_proof_holds(CONTEXT, TAG, ciphertext, bounds, lie)
    honest_elsewhere = encrypt(12, CONTEXT.public_key, nonce)
    borrowed = prove_exclusion(CONTEXT, TAG, honest_elsewhere, 12, nonce, bounds)
    assert not exclusion_proof_holds(CONTEXT, TAG, ciphertext, bounds, borrowed)


def test_a_sum_whose_nonces_cancel_still_proves():
    """α is the identity when the nonces add up to 0; the proof must still work."""
    ciphertext = encrypt(1, CONTEXT.public_key, 0)
    assert ciphertext.alpha == group.IDENTITY
    proof = prove_exclusion(CONTEXT, TAG, ciphertext, 1, 0, (0, 1, 2))
    assert exclusion_proof_holds(CONTEXT, TAG, ciphertext, (0, 1, 2), proof)


def test_wrong_response_count_and_malformed_json_are_refused():
    nonce = group.random_scalar()
    ciphertext = encrypt(0, CONTEXT.public_key, nonce)
    proof = prove_exclusion(CONTEXT, TAG, ciphertext, 0, nonce, (0, 1, 3))
    assert exclusion_proof_holds(CONTEXT, TAG, ciphertext, (0, 1, 3), proof)
    assert not exclusion_proof_holds(CONTEXT, TAG, ciphertext, (0, 2, 3), proof)
    data = proof.to_json()
    assert exclusion_proof_from_json(data, 2) == proof
    with pytest.raises(InvalidEncoding, match="expected a list of 2 scalars"):
        exclusion_proof_from_json(data, 1)
    for broken in (
        {"challenges": [data["challenge"]], "responses": data["responses"]},
        {**data, "extra": 1},
        {**data, "challenge": data["challenge"].upper()},
        [data],
    ):
        with pytest.raises(InvalidEncoding):
            exclusion_proof_from_json(broken, 2)

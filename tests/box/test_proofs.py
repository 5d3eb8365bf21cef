"""ElGamal and the sigma proofs on their own: completeness, and refusal of any change."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballot.box import group
from ballot.box.decryption_proof import decryption_proof_holds, prove_decryption
from ballot.box.elgamal import encrypt
from ballot.box.proof_context import TAG_CONTEST_SUM, TAG_SELECTION, ChallengeResponse, ProofContext
from ballot.box.range_proof import RangeProof, prove_range, range_proof_holds
from ballot.box.schnorr import key_proof_holds, prove_key

SECRET = 0x1234567890ABCDEF
CONTEXT = ProofContext(bytes(range(32)), group.base_mul(SECRET))
OTHER_CONTEXT = ProofContext(bytes(32), CONTEXT.public_key)


def decrypt_small(ciphertext, bound=30):
    point = group.sub(ciphertext.beta, group.mul(SECRET, ciphertext.alpha))
    return next(m for m in range(bound + 1) if group.base_mul(m) == point)


@given(st.integers(0, 20), st.integers(1, group.ORDER - 1))
@settings(max_examples=15, deadline=None)
def test_exponential_elgamal_round_trip_and_addition(value, nonce):
    ciphertext = encrypt(value, CONTEXT.public_key, nonce)
    assert decrypt_small(ciphertext) == value
    assert decrypt_small(ciphertext + encrypt(3, CONTEXT.public_key, 7)) == value + 3


@given(st.data())
@settings(max_examples=15, deadline=None)
def test_range_proof_is_complete_and_bound_to_its_statement(data):
    low = data.draw(st.integers(0, 3))
    high = data.draw(st.integers(low, low + 4))
    value = data.draw(st.integers(low, high))
    nonce = group.random_scalar()
    ciphertext = encrypt(value, CONTEXT.public_key, nonce)
    proof = prove_range(CONTEXT, TAG_CONTEST_SUM, ciphertext, value, nonce, low, high)
    assert range_proof_holds(CONTEXT, TAG_CONTEST_SUM, ciphertext, low, high, proof)
    assert not range_proof_holds(CONTEXT, TAG_SELECTION, ciphertext, low, high, proof)
    assert not range_proof_holds(OTHER_CONTEXT, TAG_CONTEST_SUM, ciphertext, low, high, proof)
    other = encrypt(value, CONTEXT.public_key, group.random_scalar())
    assert not range_proof_holds(CONTEXT, TAG_CONTEST_SUM, other, low, high, proof)


def test_every_changed_scalar_breaks_a_range_proof():
    nonce = group.random_scalar()
    ciphertext = encrypt(1, CONTEXT.public_key, nonce)
    proof = prove_range(CONTEXT, TAG_SELECTION, ciphertext, 1, nonce, 0, 1)
    for field in ("challenges", "responses"):
        for position in range(2):
            values = list(getattr(proof, field))
            values[position] = (values[position] + 1) % group.ORDER
            changed = (
                RangeProof(tuple(values), proof.responses)
                if field == "challenges"
                else RangeProof(proof.challenges, tuple(values))
            )
            assert not range_proof_holds(CONTEXT, TAG_SELECTION, ciphertext, 0, 1, changed)


def forge_zero_or_one_proof(ciphertext):
    """A cheating prover without a true branch: simulate both branches, then force the
    challenges to add up to the hash, which breaks one branch's commitment."""
    key = CONTEXT.public_key
    challenges = [group.random_scalar(), group.random_scalar()]
    responses = [group.random_scalar(), group.random_scalar()]
    commitments = []
    for value, (c, v) in enumerate(zip(challenges, responses, strict=True)):
        shifted = group.sub(ciphertext.beta, group.base_mul(value))
        commitments += [
            group.sub(group.base_mul(v), group.mul(c, ciphertext.alpha)),
            group.sub(group.mul(v, key), group.mul(c, shifted)),
        ]
    total = group.hash_to_scalar(
        TAG_SELECTION,
        CONTEXT.base_hash,
        group.GENERATOR,
        key,
        ciphertext.alpha,
        ciphertext.beta,
        0,
        1,
        *commitments,
    )
    challenges[1] = (total - challenges[0]) % group.ORDER
    return RangeProof(tuple(challenges), tuple(responses))


def test_an_encryption_of_two_cannot_pass_as_zero_or_one():
    nonce = group.random_scalar()
    ciphertext = encrypt(2, CONTEXT.public_key, nonce)
    with pytest.raises(ValueError):
        prove_range(CONTEXT, TAG_SELECTION, ciphertext, 2, nonce, 0, 1)
    # An honest proof that it lies in [1, 2] does not pass for [0, 1].
    widened = prove_range(CONTEXT, TAG_SELECTION, ciphertext, 2, nonce, 1, 2)
    assert range_proof_holds(CONTEXT, TAG_SELECTION, ciphertext, 1, 2, widened)
    assert not range_proof_holds(CONTEXT, TAG_SELECTION, ciphertext, 0, 1, widened)
    assert not range_proof_holds(
        CONTEXT, TAG_SELECTION, ciphertext, 0, 1, forge_zero_or_one_proof(ciphertext)
    )


def test_wrong_branch_count_is_refused():
    nonce = group.random_scalar()
    ciphertext = encrypt(0, CONTEXT.public_key, nonce)
    proof = prove_range(CONTEXT, TAG_SELECTION, ciphertext, 0, nonce, 0, 1)
    assert not range_proof_holds(CONTEXT, TAG_SELECTION, ciphertext, 0, 2, proof)


def test_decryption_proof():
    alpha = group.base_mul(group.random_scalar())
    partial = group.mul(SECRET, alpha)
    proof = prove_decryption(CONTEXT.base_hash, 1, SECRET, CONTEXT.public_key, alpha, partial)
    holds = decryption_proof_holds
    assert holds(CONTEXT.base_hash, 1, CONTEXT.public_key, alpha, partial, proof)
    assert not holds(CONTEXT.base_hash, 2, CONTEXT.public_key, alpha, partial, proof)
    assert not holds(bytes(32), 1, CONTEXT.public_key, alpha, partial, proof)
    wrong = group.add(partial, group.GENERATOR)
    assert not holds(CONTEXT.base_hash, 1, CONTEXT.public_key, alpha, wrong, proof)
    bumped = ChallengeResponse(proof.challenge, proof.response + 1)
    assert not holds(CONTEXT.base_hash, 1, CONTEXT.public_key, alpha, partial, bumped)


def test_decryption_proof_of_the_identity_aggregate():
    """No ballots: A is the identity, so is every partial decryption, and the proof holds."""
    proof = prove_decryption(
        CONTEXT.base_hash, 1, SECRET, CONTEXT.public_key, group.IDENTITY, group.IDENTITY
    )
    assert decryption_proof_holds(
        CONTEXT.base_hash, 1, CONTEXT.public_key, group.IDENTITY, group.IDENTITY, proof
    )


def test_schnorr_key_proof():
    proof = prove_key(CONTEXT.base_hash, 3, SECRET)
    assert key_proof_holds(CONTEXT.base_hash, 3, CONTEXT.public_key, proof)
    assert not key_proof_holds(CONTEXT.base_hash, 2, CONTEXT.public_key, proof)
    assert not key_proof_holds(CONTEXT.base_hash, 3, group.GENERATOR, proof)
    assert not key_proof_holds(
        CONTEXT.base_hash,
        3,
        CONTEXT.public_key,
        ChallengeResponse(proof.challenge + 1, proof.response),
    )

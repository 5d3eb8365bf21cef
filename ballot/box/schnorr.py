"""Schnorr proof that a trustee knows the secret s_i behind its public share K_i = s_i·G.

Trustees attach it to their partial decryption, so a record shows that every participating
share was held by someone who could use it, bound to this election and trustee index.
"""

from . import group
from .proof_context import TAG_TRUSTEE_KEY, ChallengeResponse


def _challenge(base_hash: bytes, index: int, public_share: bytes, commitment: bytes) -> int:
    return group.hash_to_scalar(
        TAG_TRUSTEE_KEY, base_hash, group.GENERATOR, public_share, index, commitment
    )


def prove_key(base_hash: bytes, index: int, secret: int) -> ChallengeResponse:
    nonce = group.random_scalar()
    challenge = _challenge(base_hash, index, group.base_mul(secret), group.base_mul(nonce))
    return ChallengeResponse(challenge, (nonce + challenge * secret) % group.ORDER)


def key_proof_holds(
    base_hash: bytes, index: int, public_share: bytes, proof: ChallengeResponse
) -> bool:
    commitment = group.sub(group.base_mul(proof.response), group.mul(proof.challenge, public_share))
    return _challenge(base_hash, index, public_share, commitment) == proof.challenge

"""Chaum–Pedersen proof that a partial decryption M_i = s_i·A uses the same s_i as K_i = s_i·G.

Stored as challenge c and response v; the verifier recomputes a = v·G − c·K_i and
b = v·A − c·M_i and checks that c is the hash of the statement and both commitments.
"""

from . import group
from .proof_context import TAG_DECRYPTION, ChallengeResponse


def _challenge(
    base_hash: bytes,
    index: int,
    public_share: bytes,
    alpha: bytes,
    partial: bytes,
    commitments: tuple[bytes, bytes],
) -> int:
    return group.hash_to_scalar(
        TAG_DECRYPTION,
        base_hash,
        group.GENERATOR,
        public_share,
        alpha,
        partial,
        index,
        *commitments,
    )


def prove_decryption(
    base_hash: bytes, index: int, secret: int, public_share: bytes, alpha: bytes, partial: bytes
) -> ChallengeResponse:
    nonce = group.random_scalar()
    commitments = (group.base_mul(nonce), group.mul(nonce, alpha))
    challenge = _challenge(base_hash, index, public_share, alpha, partial, commitments)
    return ChallengeResponse(challenge, (nonce + challenge * secret) % group.ORDER)


def decryption_proof_holds(
    base_hash: bytes,
    index: int,
    public_share: bytes,
    alpha: bytes,
    partial: bytes,
    proof: ChallengeResponse,
) -> bool:
    commitments = (
        group.sub(group.base_mul(proof.response), group.mul(proof.challenge, public_share)),
        group.sub(group.mul(proof.response, alpha), group.mul(proof.challenge, partial)),
    )
    expected = _challenge(base_hash, index, public_share, alpha, partial, commitments)
    return expected == proof.challenge

"""Disjunctive Chaum–Pedersen proof that a ciphertext (α, β) encrypts one of low … high.

Branch j (value v = low + j) claims that (α, β − v·G) = (r·G, r·K) for some r. The prover
answers the true branch honestly and simulates the others with chosen challenges; the
challenges must add up to the hash of the statement and all commitments (strong
Fiat–Shamir). A proof is stored as its challenges and responses; the verifier recomputes
the commitments a_j = v_j·G − c_j·α and b_j = v_j·K − c_j·(β − v·G).
"""

from dataclasses import dataclass

from . import group
from .elgamal import Ciphertext
from .errors import InvalidEncoding
from .proof_context import ProofContext, scalars_from_hex, scalars_to_hex, statement_challenge


@dataclass(frozen=True, slots=True)
class RangeProof:
    challenges: tuple[int, ...]
    responses: tuple[int, ...]

    def to_json(self) -> dict[str, list[str]]:
        return {
            "challenges": scalars_to_hex(self.challenges),
            "responses": scalars_to_hex(self.responses),
        }


def range_proof_from_json(data: object, branches: int) -> RangeProof:
    if not isinstance(data, dict) or set(data) != {"challenges", "responses"}:
        raise InvalidEncoding('a proof is {"challenges": [...], "responses": [...]}')
    return RangeProof(
        scalars_from_hex(data["challenges"], branches, "challenges"),
        scalars_from_hex(data["responses"], branches, "responses"),
    )


def prove_range(
    context: ProofContext,
    tag: str,
    ciphertext: Ciphertext,
    value: int,
    nonce: int,
    low: int,
    high: int,
) -> RangeProof:
    """Prove that `ciphertext` = encrypt(value, K, nonce) with low ≤ value ≤ high.

    Knowing the nonce, the prover computes every commitment with one multiplication of K
    and base multiplications only: v·G − c·α = (v − c·r)·G.
    """
    if not low <= value <= high:
        raise ValueError("the value lies outside the range it is to be proven in")
    key = context.public_key
    commitments: list[bytes] = []
    challenges: list[int] = []
    responses: list[int] = []
    secret_commitment = 0
    for candidate in range(low, high + 1):
        if candidate == value:
            secret_commitment = group.random_scalar()
            commitments += [group.base_mul(secret_commitment), group.mul(secret_commitment, key)]
            challenges.append(0)
            responses.append(0)
            continue
        challenge, response = group.random_scalar(), group.random_scalar()
        shifted = (response - challenge * nonce) % group.ORDER
        offset = group.base_mul(challenge * (value - candidate))
        commitments += [group.base_mul(shifted), group.sub(group.mul(shifted, key), offset)]
        challenges.append(challenge)
        responses.append(response)
    total = statement_challenge(context, tag, ciphertext, low, high, *commitments)
    real = value - low
    challenges[real] = (total - sum(challenges)) % group.ORDER
    responses[real] = (secret_commitment + challenges[real] * nonce) % group.ORDER
    return RangeProof(tuple(challenges), tuple(responses))


def range_proof_holds(
    context: ProofContext,
    tag: str,
    ciphertext: Ciphertext,
    low: int,
    high: int,
    proof: RangeProof,
    *,
    finish_validation: bool = False,
) -> bool:
    """Recompute every commitment and check that the challenges add up to the hash.

    With `finish_validation` (and low = 0), this also completes the validation of a
    ciphertext parsed with `canonical_point_from_hex`: branch 0 multiplies α and β
    themselves by its challenge, and libsodium's multiplication refuses an invalid point
    (we raise `InvalidEncoding`). A zero challenge multiplies nothing, so then we call
    `is_valid_point` instead.
    """
    if len(proof.challenges) != high - low + 1 or len(proof.responses) != high - low + 1:
        return False
    if finish_validation:
        needs_check = low != 0 or proof.challenges[0] == 0
        if needs_check and not all(map(group.is_valid_point, (ciphertext.alpha, ciphertext.beta))):
            raise InvalidEncoding("not a canonical point of the prime-order subgroup")
    key = context.public_key
    shifted_beta = group.sub(ciphertext.beta, group.base_mul(low))
    commitments: list[bytes] = []
    for branch, (challenge, response) in enumerate(
        zip(proof.challenges, proof.responses, strict=True)
    ):
        if branch:
            shifted_beta = group.sub(shifted_beta, group.GENERATOR)
        commitments.append(
            group.sub(group.base_mul(response), group.mul(challenge, ciphertext.alpha))
        )
        commitments.append(group.sub(group.mul(response, key), group.mul(challenge, shifted_beta)))
    total = statement_challenge(context, tag, ciphertext, low, high, *commitments)
    return sum(proof.challenges) % group.ORDER == total

"""Proof that a sum ciphertext (α, β) does not encrypt any of a few excluded values.

Used for a contest sum when the values outside [low, high] are fewer than those inside
(record format 2, docs/RECORD.md §5b). The selections' own 0/1 proofs already put a sum
of `size` selections in [0, size]; proving "not k" for every k in [0, size] outside
[low, high] then puts it in [low, high], at 3 variable-base multiplications per excluded
value instead of 3 per value of the range.

For an excluded k, write β_k = β − k·G. If (α, β) = (r·G, r·K + m·G) with m ≠ k, the prover
knows w = (m − k)⁻¹ and u = −r·w, and these satisfy

    w·α + u·G = O        and        w·β_k + u·K = G.

Conversely, any w and u that satisfy both force w·(m − k) = 1, so m ≠ k. The proof is a
Schnorr-style proof of knowledge of (w, u) for every excluded k under one challenge,
stored as that challenge and the responses; the verifier recomputes the commitments
d_k = z_k·α + y_k·G and e_k = z_k·β_k + y_k·K − c·G and the hash.
"""

from dataclasses import dataclass

from . import group
from .elgamal import Ciphertext
from .errors import InvalidEncoding
from .proof_context import ProofContext, scalars_from_hex, scalars_to_hex, statement_challenge


@dataclass(frozen=True, slots=True)
class ExclusionProof:
    challenge: int
    responses: tuple[int, ...]
    """Two per excluded value, in increasing order of the value: z_k, then y_k."""

    def to_json(self) -> dict[str, object]:
        return {
            "challenge": group.scalar_to_hex(self.challenge),
            "responses": scalars_to_hex(self.responses),
        }


def exclusion_proof_from_json(data: object, excluded: int) -> ExclusionProof:
    if not isinstance(data, dict) or set(data) != {"challenge", "responses"}:
        raise InvalidEncoding('a proof is {"challenge": scalar, "responses": [...]}')
    return ExclusionProof(
        group.scalar_from_hex(data["challenge"]),
        scalars_from_hex(data["responses"], 2 * excluded, "responses"),
    )


def excluded_values(low: int, high: int, size: int) -> tuple[int, ...]:
    """The values in [0, size] outside [low, high]."""
    return tuple(value for value in range(size + 1) if not low <= value <= high)


def prove_exclusion(
    context: ProofContext,
    tag: str,
    ciphertext: Ciphertext,
    value: int,
    nonce: int,
    bounds: tuple[int, int, int],
) -> ExclusionProof:
    """Prove that `ciphertext` = encrypt(value, K, nonce) encrypts no value outside [low, high].

    `bounds` is (low, high, size). Knowing the nonce r, the prover computes each commitment
    pair with one multiplication of K: for random ρ and σ, d = (ρ·r + σ)·G and
    e = (ρ·r + σ)·K + ρ·(value − k)·G.
    """
    low, high, size = bounds
    if not low <= value <= high:
        raise ValueError("the value lies outside the range it is to be proven in")
    commitments: list[bytes] = []
    witnesses: list[tuple[int, int, int, int]] = []
    for excluded in excluded_values(low, high, size):
        inverse = pow(value - excluded, -1, group.ORDER)
        rho, sigma = group.random_scalar(), group.random_scalar()
        blinded = (rho * nonce + sigma) % group.ORDER
        offset = group.base_mul(rho * (value - excluded))
        commitments += [
            group.base_mul(blinded),
            group.add(group.mul(blinded, context.public_key), offset),
        ]
        witnesses.append((inverse, -nonce * inverse, rho, sigma))
    challenge = statement_challenge(context, tag, ciphertext, *bounds, *commitments)
    responses: list[int] = []
    for inverse, minus_r_inverse, rho, sigma in witnesses:
        responses += [(rho + challenge * inverse) % group.ORDER]
        responses += [(sigma + challenge * minus_r_inverse) % group.ORDER]
    return ExclusionProof(challenge, tuple(responses))


def exclusion_proof_holds(
    context: ProofContext,
    tag: str,
    ciphertext: Ciphertext,
    bounds: tuple[int, int, int],
    proof: ExclusionProof,
) -> bool:
    """Recompute every commitment pair and check that the challenge is their hash."""
    excluded = excluded_values(*bounds)
    if len(proof.responses) != 2 * len(excluded):
        return False
    key = context.public_key
    shift = group.base_mul(proof.challenge)
    commitments: list[bytes] = []
    for n, value in enumerate(excluded):
        z, y = proof.responses[2 * n], proof.responses[2 * n + 1]
        shifted_beta = group.sub(ciphertext.beta, group.base_mul(value))
        commitments.append(group.add(group.mul(z, ciphertext.alpha), group.base_mul(y)))
        commitments.append(
            group.sub(group.add(group.mul(z, shifted_beta), group.mul(y, key)), shift)
        )
    return proof.challenge == statement_challenge(context, tag, ciphertext, *bounds, *commitments)

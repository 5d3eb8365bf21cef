"""What every Fiat–Shamir challenge of one election hashes besides its own statement."""

from dataclasses import dataclass

from . import group
from .elgamal import Ciphertext
from .errors import InvalidEncoding

TAG_SELECTION = "ballot/1/selection"
TAG_CONTEST_SUM = "ballot/1/contest-sum"
TAG_CANDIDATE_SUM = "ballot/1/candidate-sum"
TAG_CONTEST_SUM_EXCLUDES = "ballot/2/contest-sum-excludes"
TAG_CANDIDATE_SUM_EXCLUDES = "ballot/2/candidate-sum-excludes"
TAG_DECRYPTION = "ballot/1/decryption"
TAG_TRUSTEE_KEY = "ballot/1/trustee-key"


@dataclass(frozen=True, slots=True)
class ProofContext:
    """The election's base hash (raw 32 bytes) and public key K."""

    base_hash: bytes
    public_key: bytes


def statement_challenge(
    context: "ProofContext", tag: str, ciphertext: Ciphertext, *items: bytes | int
) -> int:
    """The challenge of a statement about one ciphertext: H(tag; base hash, G, K, α, β, items),
    where `items` are the statement's bounds and then all commitments (docs/RECORD.md §2)."""
    return group.hash_to_scalar(
        tag,
        context.base_hash,
        group.GENERATOR,
        context.public_key,
        ciphertext.alpha,
        ciphertext.beta,
        *items,
    )


def scalars_to_hex(values: "tuple[int, ...] | list[int]") -> list[str]:
    return [group.scalar_to_hex(value) for value in values]


def scalars_from_hex(values: object, count: int, what: str) -> tuple[int, ...]:
    if not isinstance(values, list) or len(values) != count:
        raise InvalidEncoding(f"{what}: expected a list of {count} scalars")
    return tuple(group.scalar_from_hex(value) for value in values)


@dataclass(frozen=True, slots=True)
class ChallengeResponse:
    """A single-branch sigma proof, stored as its challenge and response."""

    challenge: int
    response: int

    def to_json(self) -> dict[str, str]:
        return {
            "challenge": group.scalar_to_hex(self.challenge),
            "response": group.scalar_to_hex(self.response),
        }


def challenge_response_from_json(data: object) -> ChallengeResponse:
    if not isinstance(data, dict) or set(data) != {"challenge", "response"}:
        raise InvalidEncoding('a proof is {"challenge": scalar, "response": scalar}')
    return ChallengeResponse(
        group.scalar_from_hex(data["challenge"]), group.scalar_from_hex(data["response"])
    )

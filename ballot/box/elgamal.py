"""Exponential ElGamal over the group: a small count m with nonce r is (r·G, r·K + m·G).

Adding ciphertexts adds the plain counts, which is what lets the count decrypt only sums.
"""

from dataclasses import dataclass

from . import group
from .errors import InvalidEncoding


@dataclass(frozen=True, slots=True)
class Ciphertext:
    alpha: bytes
    beta: bytes

    def __add__(self, other: "Ciphertext") -> "Ciphertext":
        return Ciphertext(group.add(self.alpha, other.alpha), group.add(self.beta, other.beta))

    def to_json(self) -> dict[str, str]:
        return {"alpha": self.alpha.hex(), "beta": self.beta.hex()}


ZERO = Ciphertext(group.IDENTITY, group.IDENTITY)
"""The encryption of 0 with nonce 0: the neutral element for sums."""


def encrypt(value: int, public_key: bytes, nonce: int) -> Ciphertext:
    alpha = group.base_mul(nonce)
    beta = group.add(group.mul(nonce, public_key), group.base_mul(value))
    return Ciphertext(alpha, beta)


def ciphertext_from_json(data: object, *, allow_identity: bool = False) -> Ciphertext:
    """Parse {"alpha": hex, "beta": hex}, validating both points."""
    if not isinstance(data, dict) or set(data) != {"alpha", "beta"}:
        raise InvalidEncoding('a ciphertext is {"alpha": point, "beta": point}')
    return Ciphertext(
        group.point_from_hex(data["alpha"], allow_identity=allow_identity),
        group.point_from_hex(data["beta"], allow_identity=allow_identity),
    )


def sum_ciphertexts(ciphertexts: "list[Ciphertext]") -> Ciphertext:
    total = ZERO
    for ciphertext in ciphertexts:
        total = total + ciphertext
    return total

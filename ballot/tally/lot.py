"""The published lot: a permutation of a contest's candidates that anyone can redraw.

Procedure ``ballot-lot-v1`` (docs/ALLOCATE.md gives it step by step):

1. seed = SHA-256(b"ballot-lot-v1" ‖ the 32 bytes of the counts hash ‖ UTF-8 of the public input)
2. a byte stream: SHA-256(seed ‖ 0 as 8-byte big-endian) ‖ SHA-256(seed ‖ 1 …) ‖ …
3. a uniform number below n: read the next 4 bytes as a big-endian integer x; redraw while
   x >= 2**32 - (2**32 mod n); otherwise take x mod n (rejection sampling, no modulo bias)
4. start from the candidates sorted by Unicode code points; Fisher–Yates from the last place
   down: for i = n-1 … 1 swap places i and j, with j a uniform number below i+1.

Earlier in the permutation wins a tie. Python's `random` is never used.
"""

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ballot.tally.errors import AllocationError

PROCEDURE = "ballot-lot-v1"

_HEX_SHA256 = re.compile(r"[0-9a-f]{64}")
_WORD = 2**32


def lot_seed(counts_hash: str, public_input: str) -> bytes:
    """The 32-byte seed of the lot for these counts and this public input."""
    if not _HEX_SHA256.fullmatch(counts_hash):
        raise AllocationError("counts_hash", "must be 64 lower-case hex digits (a SHA-256)")
    material = PROCEDURE.encode("ascii") + bytes.fromhex(counts_hash) + public_input.encode()
    return hashlib.sha256(material).digest()


def lot_permutation(seed: bytes, candidates: Iterable[str]) -> list[str]:
    """The candidates in lot order: a Fisher–Yates shuffle driven by SHA-256 in counter mode."""
    order = sorted(set(candidates))
    words = _words(seed)
    for place in range(len(order) - 1, 0, -1):
        other = _below(place + 1, words)
        order[place], order[other] = order[other], order[place]
    return order


def _words(seed: bytes) -> Iterator[int]:
    counter = 0
    while True:
        block = hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
        for start in range(0, len(block), 4):
            yield int.from_bytes(block[start : start + 4], "big")
        counter += 1


def _below(bound: int, words: Iterator[int]) -> int:
    limit = _WORD - _WORD % bound
    for word in words:
        if word < limit:
            return word % bound
    raise AssertionError("the counter-mode stream never ends")


@dataclass(frozen=True)
class Lot:
    """A drawn lot, with everything needed to draw it again."""

    counts_hash: str
    public_input: str
    seed: str
    candidates: tuple[str, ...]
    permutation: tuple[str, ...]

    def position(self, candidate: str) -> int:
        return self.permutation.index(candidate)

    def as_dict(self) -> dict[str, object]:
        return {
            "procedure": PROCEDURE,
            "counts_hash": self.counts_hash,
            "public_input": self.public_input,
            "seed": self.seed,
            "candidates": list(self.candidates),
            "permutation": list(self.permutation),
        }


@dataclass(frozen=True)
class LotInput:
    """What the lot is drawn from; the draw happens only when a tie needs it."""

    counts_hash: str
    public_input: str

    def draw(self, candidates: Iterable[str]) -> Lot:
        names = tuple(sorted(set(candidates)))
        seed = lot_seed(self.counts_hash, self.public_input)
        permutation = tuple(lot_permutation(seed, names))
        return Lot(self.counts_hash, self.public_input, seed.hex(), names, permutation)

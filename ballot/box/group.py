"""The prime-order subgroup of edwards25519, and the only module that touches libsodium.

Scalars are Python integers in [0, ORDER). Points are their 32-byte canonical encodings
(`bytes`); JSON carries both as 64 lower-case hex characters (scalars little-endian, as in
RFC 8032). libsodium refuses the scalar 0 and refuses to return the identity element, so
`mul`, `base_mul`, `add` and `sub` handle those cases here. Its scalar multiplication also
re-checks that the input point is canonical, on the curve and in the prime-order subgroup,
which is why a point that some multiplication accepts is known to be valid.

We call the cffi functions of PyNaCl's bundled libsodium directly: the `nacl.bindings`
wrappers add argument checks that cost more than the additions themselves in our hot loops.
"""

import contextlib
import hashlib
import secrets
from collections.abc import Callable, Iterator

from nacl._sodium import ffi, lib

from .errors import InvalidEncoding

ORDER = 2**252 + 27742317777372353535851937790883648493
"""ℓ, the order of the prime-order subgroup."""

POINT_BYTES = 32
IDENTITY = bytes([1]) + bytes(31)
"""Encoding of the neutral element (0, 1). Never valid as a point from outside."""


def _random_from_secrets(size: int) -> bytes:
    return secrets.token_bytes(size)


_random_source: Callable[[int], bytes] = _random_from_secrets


def random_bytes(size: int) -> bytes:
    """Bytes from `secrets` (or, only inside `deterministic_randomness`, from a seeded stream)."""
    return _random_source(size)


def random_scalar() -> int:
    """A uniform non-zero scalar: 64 random bytes reduced mod ℓ, so the bias is about 2**-259."""
    while True:
        value = int.from_bytes(random_bytes(64), "little") % ORDER
        if value:
            return value


@contextlib.contextmanager
def deterministic_randomness(seed: bytes) -> Iterator[None]:
    """Replace the random source by SHA-512 in counter mode over `seed`.

    Only for generating known-answer test vectors: everything produced inside this block is
    predictable by anyone who knows the seed. Not thread-safe; never used by the service.
    """
    global _random_source
    counter = 0

    def seeded(size: int) -> bytes:
        nonlocal counter
        out = b""
        while len(out) < size:
            out += hashlib.sha512(seed + counter.to_bytes(8, "big")).digest()
            counter += 1
        return out[:size]

    previous = _random_source
    _random_source = seeded
    try:
        yield
    finally:
        _random_source = previous


def scalar_bytes(value: int) -> bytes:
    return (value % ORDER).to_bytes(32, "little")


def _is_lower_hex(text: object, length: int) -> bool:
    if not isinstance(text, str) or len(text) != length or not text.isascii():
        return False
    if not (text.islower() or text.isdigit()):
        return False  # upper-case hex digits
    try:
        return len(bytes.fromhex(text)) * 2 == length  # also refuses white space
    except ValueError:
        return False


def scalar_from_hex(text: object) -> int:
    """Parse a canonical scalar: 64 lower-case hex digits, little-endian, value below ℓ."""
    if not _is_lower_hex(text, 64):
        raise InvalidEncoding("a scalar must be 64 lower-case hex digits")
    value = int.from_bytes(bytes.fromhex(text), "little")  # type: ignore[arg-type]
    if value >= ORDER:
        raise InvalidEncoding("a scalar must be reduced modulo the group order")
    return value


def scalar_to_hex(value: int) -> str:
    return scalar_bytes(value).hex()


def is_valid_point(point: bytes) -> bool:
    """Canonical, on the curve, in the prime-order subgroup and not of small order."""
    return len(point) == POINT_BYTES and lib.crypto_core_ed25519_is_valid_point(point) == 1


def point_from_hex(text: object, *, allow_identity: bool = False) -> bytes:
    """Parse and validate a point from outside.

    The identity is refused unless `allow_identity`: it only appears legitimately as a sum
    (an aggregate of no ballots, and what trustees derive from it).
    """
    if not _is_lower_hex(text, 64):
        raise InvalidEncoding("a point must be 64 lower-case hex digits")
    point = bytes.fromhex(text)  # type: ignore[arg-type]
    if allow_identity and point == IDENTITY:
        return point
    if not is_valid_point(point):
        raise InvalidEncoding("not a canonical point of the prime-order subgroup")
    return point


_FIELD_PRIME = 2**255 - 19
_Y_MASK = 2**255 - 1


def has_canonical_encoding(point: bytes) -> bool:
    """The cheap half of validation: y < p, and not the identity or the point of order 2.

    A point that passes this and is then multiplied by a non-zero scalar in `mul` is fully
    validated, because libsodium's multiplication refuses every point that
    `is_valid_point` refuses (off the curve, small order, outside the subgroup).
    """
    y = int.from_bytes(point, "little") & _Y_MASK
    return len(point) == POINT_BYTES and y < _FIELD_PRIME and y not in (1, _FIELD_PRIME - 1)


def canonical_point_from_hex(text: object) -> bytes:
    """Parse a point whose full validation is left to the multiplication that uses it."""
    if not _is_lower_hex(text, 64):
        raise InvalidEncoding("a point must be 64 lower-case hex digits")
    point = bytes.fromhex(text)  # type: ignore[arg-type]
    if not has_canonical_encoding(point):
        raise InvalidEncoding("not a canonical point of the prime-order subgroup")
    return point


def point_to_hex(point: bytes) -> str:
    return point.hex()


def _require_length(*points: bytes) -> None:
    # libsodium reads 32 bytes whatever it is given; never hand it a shorter buffer.
    for point in points:
        if len(point) != POINT_BYTES:
            raise InvalidEncoding("a point has 32 bytes")


def base_mul(scalar: int) -> bytes:
    """scalar·G, using libsodium's precomputed table for the generator."""
    scalar %= ORDER
    if scalar == 0:
        return IDENTITY
    out = ffi.new("unsigned char[32]")
    if lib.crypto_scalarmult_ed25519_base_noclamp(out, scalar.to_bytes(32, "little")) != 0:
        raise InvalidEncoding("scalar multiplication of the generator failed")
    return ffi.buffer(out)[:]


def mul(scalar: int, point: bytes) -> bytes:
    """scalar·point. libsodium refuses (and we raise) if `point` is not a valid element."""
    scalar %= ORDER
    if scalar == 0 or point == IDENTITY:
        return IDENTITY
    _require_length(point)
    out = ffi.new("unsigned char[32]")
    if lib.crypto_scalarmult_ed25519_noclamp(out, scalar.to_bytes(32, "little"), point) != 0:
        raise InvalidEncoding("not a point of the prime-order subgroup")
    return ffi.buffer(out)[:]


def add(left: bytes, right: bytes) -> bytes:
    if left == IDENTITY:
        return right
    if right == IDENTITY:
        return left
    _require_length(left, right)
    out = ffi.new("unsigned char[32]")
    if lib.crypto_core_ed25519_add(out, left, right) != 0:
        raise InvalidEncoding("point addition refused an invalid point")
    return ffi.buffer(out)[:]


def sub(left: bytes, right: bytes) -> bytes:
    if right == IDENTITY:
        return left
    if left == right:
        return IDENTITY
    _require_length(left, right)
    out = ffi.new("unsigned char[32]")
    if lib.crypto_core_ed25519_sub(out, left, right) != 0:
        raise InvalidEncoding("point subtraction refused an invalid point")
    return ffi.buffer(out)[:]


GENERATOR = base_mul(1)


def hash_to_scalar(tag: str, *items: bytes | int) -> int:
    """SHA-512 of `len(tag) ‖ tag ‖ item ‖ item …`, read little-endian, reduced mod ℓ.

    Every item is exactly 32 bytes (a point, a hash, or a non-negative integer as 32-byte
    little-endian), so for a given tag the encoding is injective. docs/RECORD.md lists the
    items of every tag.
    """
    encoded_tag = tag.encode("ascii")
    digest = hashlib.sha512(bytes([len(encoded_tag)]) + encoded_tag)
    for item in items:
        if type(item) is int:
            item = item.to_bytes(32, "little")
        elif len(item) != 32:
            raise ValueError("hash items are 32-byte points, scalars, hashes or integers")
        digest.update(item)
    return int.from_bytes(digest.digest(), "little") % ORDER

"""Key ceremony: Shamir t-of-n shares of a fresh election secret, Feldman commitments, share files.

Two steps, because the base hash covers the public key and the commitments, and a share
file names the base hash:

1. `run_key_ceremony(threshold, trustees)` draws the secret polynomial, keeps the trustees'
   shares in memory and returns a `KeyCeremony` whose `public_key` and `commitments` go into
   `build_manifest`. The secret s itself is dropped at once.
2. `seal_share_files(ceremony, manifest)` seals each share to its trustee's sealing key,
   returns {trustee index: share file bytes} and forgets the shares.

Call both in one request; nothing secret is ever stored. A trustee later opens their file
with `open_share_file(file_bytes, passphrase, manifest)`.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ballot.canonical import CanonicalJSONError, canonical_json

from . import group
from .errors import InvalidEncoding, ShareRejected
from .manifest import Election, load_election
from .sealing import SCRYPT_DEFAULTS, seal, unseal

SHARE_FORMAT = "ballot-share/1"
_SEALED_FIELD = "sealed"


@dataclass(frozen=True, slots=True)
class TrusteeKey:
    """What the server knows of a trustee before the ceremony."""

    index: int
    sealing_public_key: str
    salt: str


@dataclass(eq=False)
class KeyCeremony:
    threshold: int
    public_key: str
    commitments: list[str]
    trustees: tuple[TrusteeKey, ...]
    _shares: dict[int, int] | None = field(repr=False, default=None)

    @property
    def trustee_count(self) -> int:
        return len(self.trustees)


@dataclass(frozen=True, slots=True)
class TrusteeShare:
    """An opened share: trustee index, secret s_i and public share s_i·G."""

    index: int
    secret: int = field(repr=False)
    public_share: bytes


def _evaluate(coefficients: Sequence[int], x: int) -> int:
    value = 0
    for coefficient in reversed(coefficients):
        value = (value * x + coefficient) % group.ORDER
    return value


def _trustee_keys(trustees: Sequence[Any]) -> tuple[TrusteeKey, ...]:
    keys = tuple(TrusteeKey(i, pub, salt) for i, pub, salt in trustees)
    for key in keys:
        if not (isinstance(key.sealing_public_key, str) and len(key.sealing_public_key) == 64):
            raise ValueError(f"trustee {key.index} has no sealing key (64 hex digits)")
        bytes.fromhex(key.sealing_public_key)
    if sorted(key.index for key in keys) != list(range(1, len(keys) + 1)):
        raise ValueError("trustees must be numbered 1 to n, each once")
    return keys


def run_key_ceremony(threshold: int, trustees: Sequence[tuple[int, str, str]]) -> KeyCeremony:
    """Split a fresh secret into shares for `trustees` [(index, sealing key hex, salt hex)]."""
    keys = _trustee_keys(trustees)
    if not 1 <= threshold <= len(keys):
        raise ValueError("need 1 ≤ threshold ≤ number of trustees")
    coefficients = [group.random_scalar() for _ in range(threshold)]
    commitments = [group.base_mul(a).hex() for a in coefficients]
    shares = {key.index: _evaluate(coefficients, key.index) for key in keys}
    coefficients.clear()
    return KeyCeremony(threshold, commitments[0], commitments, keys, shares)


def public_share(commitments: Sequence[str], index: int) -> str:
    """K_i = Σ_k index^k · C_k: what trustee `index`'s share times G must equal (hex)."""
    points = [group.point_from_hex(c) for c in commitments]
    return _public_share(points, index).hex()


def _public_share(commitments: Sequence[bytes], index: int) -> bytes:
    total = group.IDENTITY
    for power, commitment in enumerate(commitments):
        total = group.add(total, group.mul(pow(index, power, group.ORDER), commitment))
    return total


def _share_header(election: Election, trustee: TrusteeKey) -> dict[str, Any]:
    manifest = election.manifest
    return {
        "format": SHARE_FORMAT,
        "election": manifest["election"],
        "base_hash": election.base_hash,
        "trustee": trustee.index,
        "threshold": election.threshold,
        "trustees": election.trustee_count,
        "public_key": manifest["public_key"],
        "commitments": manifest["commitments"],
        "kdf": {"name": "scrypt", **SCRYPT_DEFAULTS, "salt": trustee.salt},
        "recipient": trustee.sealing_public_key,
    }


def seal_share_files(ceremony: KeyCeremony, manifest: dict[str, Any]) -> dict[int, bytes]:
    """Seal every share into its trustee's file (canonical JSON bytes); then forget them."""
    election = load_election(manifest)
    if ceremony._shares is None:
        raise ValueError("the share files of this ceremony were already sealed")
    if (
        manifest["public_key"] != ceremony.public_key
        or manifest["commitments"] != ceremony.commitments
        or election.trustee_count != ceremony.trustee_count
    ):
        raise ValueError("the manifest does not carry this ceremony's key and commitments")
    files = {}
    for trustee in ceremony.trustees:
        header = _share_header(election, trustee)
        secret = group.scalar_bytes(ceremony._shares[trustee.index])
        sealed = seal(secret, trustee.sealing_public_key, canonical_json(header))
        files[trustee.index] = canonical_json({**header, _SEALED_FIELD: sealed}) + b"\n"
    ceremony._shares = None
    return files


def share_file_trustee(file_bytes: bytes) -> int | None:
    """The trustee index a share file's header names, unchecked: for naming a refused file."""
    try:
        index = _parse_share_file(file_bytes).get("trustee")
    except ShareRejected:
        return None
    return index if type(index) is int else None


def _parse_share_file(file_bytes: bytes) -> dict[str, Any]:
    try:
        data = json.loads(file_bytes)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ShareRejected("this is not a share file (not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != SHARE_FORMAT:
        raise ShareRejected("this is not a share file of format {format}", format=SHARE_FORMAT)
    try:
        canonical_json(data)  # the seal authenticates the canonical form of the header
    except (CanonicalJSONError, RecursionError):
        raise ShareRejected(
            "this is not a share file (it holds a value no share file has)"
        ) from None
    return data


def _check_share_names_election(data: dict[str, Any], election: Election) -> None:
    manifest = election.manifest
    if data.get("election") != manifest["election"]:
        raise ShareRejected(
            "this share file belongs to election '{given}', not '{expected}'",
            given=data.get("election"),
            expected=manifest["election"],
        )
    if data.get("base_hash") != election.base_hash:
        raise ShareRejected("this share file belongs to another version of this election")
    expected = _share_header_fields(election)
    for name, value in expected.items():
        if data.get(name) != value:
            raise ShareRejected("the share file's {field} does not match the election", field=name)
    index = data.get("trustee")
    if type(index) is not int or not 1 <= index <= election.trustee_count:
        raise ShareRejected("the share file names no valid trustee index")


def _share_header_fields(election: Election) -> dict[str, Any]:
    manifest = election.manifest
    return {
        "threshold": election.threshold,
        "trustees": election.trustee_count,
        "public_key": manifest["public_key"],
        "commitments": manifest["commitments"],
    }


def open_share_file(file_bytes: bytes, passphrase: str, manifest: dict[str, Any]) -> TrusteeShare:
    """Open a trustee's share file; refuse a wrong passphrase, another election, a bad share."""
    election = load_election(manifest)
    data = _parse_share_file(file_bytes)
    _check_share_names_election(data, election)
    header = {name: value for name, value in data.items() if name != _SEALED_FIELD}
    kdf = data.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise ShareRejected("the share file names no supported key derivation")
    if not isinstance(data.get(_SEALED_FIELD), dict) or not isinstance(data.get("recipient"), str):
        raise ShareRejected("the share file holds no sealed share")
    plaintext = unseal(
        data[_SEALED_FIELD], passphrase, kdf, data["recipient"], canonical_json(header)
    )
    try:
        secret = group.scalar_from_hex(plaintext.hex())
    except InvalidEncoding:
        raise ShareRejected("the sealed share is not a scalar") from None
    index = data["trustee"]
    expected = _public_share(election.commitments, index)
    if group.base_mul(secret) != expected:
        raise ShareRejected(
            "trustee {index}'s share does not match its Feldman commitment", index=index
        )
    return TrusteeShare(index, secret, expected)

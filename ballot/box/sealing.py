"""Sealing a trustee's share to a key that only the trustee's passphrase re-creates.

Before the ceremony each trustee picks a passphrase; scrypt(passphrase, salt) becomes an
X25519 private key and only its public key (with the salt) is given to the server. The
server seals a share to that public key with an ephemeral X25519 key, HKDF-SHA256 and
AES-256-GCM, so it never needs, sees or stores the passphrase, and the share file is
useless without it.
"""

import hashlib
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from . import group
from .errors import ShareRejected

CIPHER = "x25519-hkdf-sha256-aes-256-gcm"
SCRYPT_DEFAULTS = {"n": 2**17, "r": 8, "p": 1}
"""OWASP's scrypt parameters: about 0.4 s and 128 MiB per derivation."""
_SCRYPT_MAX_N = 2**18  # with r ≤ 8: at most 256 MiB, whatever a file says
_HKDF_INFO = b"ballot/1/share-sealing"


def new_sealing_salt() -> str:
    """A fresh 16-byte salt (hex) for `trustee_sealing_key`."""
    return group.random_bytes(16).hex()


def _check_kdf_params(params: dict[str, Any]) -> None:
    n, r, p = params.get("n"), params.get("r"), params.get("p")
    valid = (
        isinstance(n, int)
        and isinstance(r, int)
        and isinstance(p, int)
        and 2**14 <= n <= _SCRYPT_MAX_N
        and n & (n - 1) == 0
        and 1 <= r <= 8
        and 1 <= p <= 4
    )
    if not valid:
        raise ShareRejected("unsupported scrypt parameters")


def _private_key(passphrase: str, salt_hex: str, params: dict[str, Any]) -> X25519PrivateKey:
    _check_kdf_params(params)
    try:
        salt = bytes.fromhex(salt_hex)
    except (TypeError, ValueError):
        raise ShareRejected("the salt must be hex") from None
    if len(salt) < 16:
        raise ShareRejected("the salt must have at least 16 bytes")
    seed = hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        n=params["n"],
        r=params["r"],
        p=params["p"],
        maxmem=256 * params["n"] * params["r"] + 2**20,
        dklen=32,
    )
    return X25519PrivateKey.from_private_bytes(seed)


def _public_hex(key: X25519PublicKey) -> str:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def trustee_sealing_key(passphrase: str, salt: str) -> str:
    """The X25519 public key (hex) that `passphrase` and `salt` (hex) derive, with default scrypt.

    The server stores this with the salt; the passphrase itself is never stored.
    """
    return _public_hex(_private_key(passphrase, salt, SCRYPT_DEFAULTS).public_key())


def _aead_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO)
    return hkdf.derive(shared + ephemeral + recipient)


def seal(plaintext: bytes, recipient_hex: str, associated_data: bytes) -> dict[str, str]:
    """Encrypt `plaintext` to the recipient's X25519 key, authenticating `associated_data`."""
    recipient = bytes.fromhex(recipient_hex)
    ephemeral_key = X25519PrivateKey.from_private_bytes(group.random_bytes(32))
    ephemeral = bytes.fromhex(_public_hex(ephemeral_key.public_key()))
    shared = ephemeral_key.exchange(X25519PublicKey.from_public_bytes(recipient))
    nonce = group.random_bytes(12)
    key = _aead_key(shared, ephemeral, recipient)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, associated_data)
    return {
        "cipher": CIPHER,
        "ephemeral": ephemeral.hex(),
        "nonce": nonce.hex(),
        "ciphertext": ciphertext.hex(),
    }


def unseal(
    sealed: dict[str, Any],
    passphrase: str,
    kdf: dict[str, Any],
    recipient_hex: str,
    associated_data: bytes,
) -> bytes:
    """Re-create the private key from the passphrase and open a sealed box.

    A wrong passphrase gives another public key, which we say plainly; a box that does not
    open with the right key was altered.
    """
    private_key = _private_key(passphrase, kdf.get("salt", ""), kdf)
    if _public_hex(private_key.public_key()) != recipient_hex:
        raise ShareRejected("wrong passphrase for this share file")
    try:
        ephemeral = bytes.fromhex(sealed["ephemeral"])
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        key = _aead_key(shared, ephemeral, bytes.fromhex(recipient_hex))
        return AESGCM(key).decrypt(
            bytes.fromhex(sealed["nonce"]), bytes.fromhex(sealed["ciphertext"]), associated_data
        )
    except (InvalidTag, KeyError, TypeError, ValueError):
        raise ShareRejected("the share file was altered and does not open") from None

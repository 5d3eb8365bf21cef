"""The election's Ed25519 signing key: its signature on the record says "we published this".

Uses `cryptography`, so that `group` stays the only module that touches libsodium.
"""

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from . import group

SIGNATURE_ALGORITHM = "ed25519"


def _public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def new_signing_key() -> tuple[bytes, str]:
    """A fresh key: (32-byte private seed for the app to store encrypted, public key hex)."""
    seed = group.random_bytes(32)
    return seed, _public_hex(Ed25519PrivateKey.from_private_bytes(seed))


def signing_public_key(private_key: bytes) -> str:
    return _public_hex(Ed25519PrivateKey.from_private_bytes(private_key))


def sign_message(private_key: bytes, message: bytes) -> str:
    return Ed25519PrivateKey.from_private_bytes(private_key).sign(message).hex()


def signature_holds(public_key_hex: str, message: bytes, signature_hex: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True

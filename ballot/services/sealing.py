"""Secrets at rest, sealed with keys derived from BALLOT_SECRET_KEY (HKDF, AES-256-GCM).

The database never holds a TOTP secret or the election's signing key in the clear; someone who
steals the database without the secret key learns neither.
"""

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def derive_key(secret_key: str, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"ballot/{purpose}".encode()
    ).derive(secret_key.encode())


def seal(secret_key: str, purpose: str, plaintext: bytes) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(derive_key(secret_key, purpose)).encrypt(nonce, plaintext, purpose.encode())
    return base64.b64encode(nonce + sealed).decode()


def unseal(secret_key: str, purpose: str, token: str) -> bytes:
    raw = base64.b64decode(token)
    try:
        return AESGCM(derive_key(secret_key, purpose)).decrypt(raw[:12], raw[12:], purpose.encode())
    except InvalidTag:
        raise ValueError("sealed with another secret key or changed") from None

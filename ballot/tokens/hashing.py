"""Keyed hashing of codes: the database stores only HMAC-SHA256(code_key, code).

A stolen database then reveals no usable code, and nobody can test guesses against it without
the secret key. Each election gets its own `code_key`, derived from the service's secret key with
HKDF, so hashes from two elections cannot be matched against each other.
"""

import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ballot.tokens.normalise import normalise_code

# The purpose label keeps this key apart from anything else derived from the same secret.
CODE_KEY_PURPOSE = b"ballot/code-key/v1"
CODE_KEY_LENGTH = 32


def derive_code_key(secret_key: bytes | str, election_id: str) -> bytes:
    """The 32-byte key under which one election's codes are hashed."""
    secret = secret_key.encode("utf-8") if isinstance(secret_key, str) else secret_key
    if not secret:
        raise ValueError("the secret key is empty")
    if not election_id:
        raise ValueError("the election id is empty")
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=CODE_KEY_LENGTH,
        salt=None,
        info=CODE_KEY_PURPOSE + b"\x00" + election_id.encode("utf-8"),
    )
    return hkdf.derive(secret)


def hash_code(code_key: bytes, code: str) -> str:
    """Lower-case hex HMAC-SHA256 of the normalised code (CodeFormatError if it is none)."""
    canonical = normalise_code(code)
    return hmac.new(code_key, canonical.encode("ascii"), hashlib.sha256).hexdigest()

"""Voting codes: generation, check symbol, normalisation of typed input, keyed hashing.

Pure Python on top of `secrets`, `hmac` and `cryptography`; no web, no database.
"""

from ballot.tokens.alphabet import ALPHABET
from ballot.tokens.codes import generate_code
from ballot.tokens.hashing import derive_code_key, hash_code
from ballot.tokens.normalise import CodeFormatError, CodeProblem, normalise_code

__all__ = [
    "ALPHABET",
    "CodeFormatError",
    "CodeProblem",
    "derive_code_key",
    "generate_code",
    "hash_code",
    "normalise_code",
]

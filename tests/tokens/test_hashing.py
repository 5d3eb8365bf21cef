"""Keyed hashes: what the database stores instead of codes."""

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballot.tokens import CodeFormatError, derive_code_key, generate_code, hash_code

SECRET = "fictional-test-secret-key"


def test_code_key_is_32_bytes_and_stable():
    key = derive_code_key(SECRET, "soldiner-kiez-2027")
    assert len(key) == 32
    assert key == derive_code_key(SECRET.encode(), "soldiner-kiez-2027")


def test_code_key_depends_on_secret_and_election():
    key = derive_code_key(SECRET, "soldiner-kiez-2027")
    assert key != derive_code_key(SECRET, "brunnenviertel-2027")
    assert key != derive_code_key(SECRET + "x", "soldiner-kiez-2027")


def test_code_key_is_not_the_plain_secret_hash():
    key = derive_code_key(SECRET, "e")
    assert key != hashlib.sha256(SECRET.encode()).digest()


@pytest.mark.parametrize(("secret", "election"), [("", "e"), (b"", "e"), (SECRET, "")])
def test_empty_inputs_are_refused(secret, election):
    with pytest.raises(ValueError):
        derive_code_key(secret, election)


def test_hash_is_hmac_sha256_of_the_canonical_code():
    key = derive_code_key(SECRET, "e")
    code = generate_code()
    expected = hmac.new(key, code.encode(), hashlib.sha256).hexdigest()
    assert hash_code(key, code) == expected
    assert len(expected) == 64


@given(st.sampled_from([str.lower, str.upper, lambda c: c.replace("-", " "), lambda c: c]))
def test_every_spelling_hashes_alike(spelling):
    key = derive_code_key(SECRET, "e")
    code = generate_code()
    assert hash_code(key, spelling(code)) == hash_code(key, code)


def test_hash_never_contains_the_code():
    key = derive_code_key(SECRET, "e")
    code = generate_code()
    digest = hash_code(key, code)
    assert code.replace("-", "").lower() not in digest


def test_invalid_code_is_not_hashed():
    with pytest.raises(CodeFormatError):
        hash_code(derive_code_key(SECRET, "e"), "not a code")

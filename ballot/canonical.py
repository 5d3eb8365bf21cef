"""Canonical JSON (RFC 8785, JSON Canonicalization Scheme) for the values we hash and sign.

Our records hold only strings, integers, booleans, null, lists and objects. Floats are refused:
their canonical form is subtle and exact counting never needs them.
"""

import hashlib
import json
import re
from typing import Any


class CanonicalJSONError(ValueError):
    """A value that has no canonical form in our records."""


_SURROGATE = re.compile("[\ud800-\udfff]")
"""A UTF-16 surrogate on its own: JSON's \\ud800 escape can make one, UTF-8 cannot encode it."""


def _check_text(text: str, path: str) -> None:
    if _SURROGATE.search(text):
        raise CanonicalJSONError(f"{path}: a text holds a lone UTF-16 surrogate (not Unicode)")


def _utf16_key(key: str) -> bytes:
    # RFC 8785 orders object members by the UTF-16 code units of their names.
    return key.encode("utf-16-be")


def _check(value: Any, path: str) -> None:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, str):
        _check_text(value, path)
        return
    if isinstance(value, int):
        if abs(value) > 2**53 - 1:
            raise CanonicalJSONError(f"{path}: integer outside the interoperable range")
        return
    if isinstance(value, float):
        raise CanonicalJSONError(f"{path}: floats are not allowed")
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalJSONError(f"{path}: object keys must be strings")
            _check_text(key, path)
            _check(item, f"{path}.{key}")
        return
    raise CanonicalJSONError(f"{path}: {type(value).__name__} cannot be encoded")


def _encode(value: Any) -> str:
    if isinstance(value, dict):
        members = sorted(value.items(), key=lambda item: _utf16_key(item[0]))
        inner = ",".join(f"{_encode(k)}:{_encode(v)}" for k, v in members)
        return "{" + inner + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_encode(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def canonical_json(value: Any) -> bytes:
    """Return the RFC 8785 canonical UTF-8 encoding of `value`."""
    _check(value, "$")
    return _encode(value).encode("utf-8")


def canonical_sha256(value: Any) -> str:
    """Lower-case hex SHA-256 of the canonical encoding of `value`."""
    return hashlib.sha256(canonical_json(value)).hexdigest()

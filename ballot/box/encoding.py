"""Fast exact canonical JSON for the bulky parts of a record (ballots) and for the whole record.

`ballot.canonical.canonical_json` is the reference. For values made only of objects with
ASCII keys, lists and strings, `json.dumps(sort_keys=True, separators=(",", ":"),
ensure_ascii=False)` gives the same bytes (same member order, same string escaping) about
ten times faster; every encrypted ballot has that shape. Anything else takes the reference
path, so the result is always RFC 8785.
"""

import json
from collections.abc import Sequence
from typing import Any

from ballot.canonical import canonical_json


def _has_plain_shape(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(_has_plain_shape(item) for item in value)
    if isinstance(value, dict):
        return all(
            isinstance(key, str) and key.isascii() and _has_plain_shape(item)
            for key, item in value.items()
        )
    return False


def canonical_bytes(value: Any) -> bytes:
    """RFC 8785 bytes of `value`; fast for plain-shaped values such as ballots."""
    if _has_plain_shape(value):
        return plain_canonical_bytes(value)
    return canonical_json(value)


def plain_canonical_bytes(value: Any) -> bytes:
    """RFC 8785 bytes of a value the caller knows to be plain-shaped (a checked ballot)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def canonical_object_with_list(
    value: dict[str, Any], list_key: str, encoded_items: Sequence[bytes]
) -> bytes:
    """RFC 8785 bytes of `{**value, list_key: items}` where each item is already encoded.

    Objects are their members sorted by UTF-16 code units of the name, so we encode each
    member with the reference encoder and splice the big list in at its place.
    """
    members = dict(value)
    members[list_key] = None
    parts = []
    for key in sorted(members, key=lambda name: name.encode("utf-16-be")):
        if key == list_key:
            encoded_value = b"[" + b",".join(encoded_items) + b"]"
        else:
            encoded_value = canonical_json(members[key])
        parts.append(canonical_json(key) + b":" + encoded_value)
    return b"{" + b",".join(parts) + b"}"

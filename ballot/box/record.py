"""The election record (record.json): everything an observer needs to re-check the election.

The record is one JSON object (canonical JSON when written), see docs/RECORD.md. Its
signature is an Ed25519 signature over the canonical JSON of the record without the
"signature" member.
"""

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from ballot.canonical import canonical_sha256

from .encoding import canonical_bytes, canonical_object_with_list
from .errors import BoxError
from .manifest import load_election
from .signing import sign_message, signing_public_key

COUNTS_HASH_FORMAT = "ballot-counts-hash/1"
ROLL_FIELDS = ("eligible", "letters_issued", "revoked", "voted")


def counts_hash(parts: Mapping[str, Any]) -> str:
    """The counts hash of DESIGN §6, which seeds the lot: hex SHA-256 of the canonical JSON of

        {"format": "ballot-counts-hash/1", "manifest": …, "trackers": [sorted], "counts": …}

    `parts` is a record, or any mapping with "manifest", "counts" and either "trackers" or
    "ballots" (whose trackers are then computed). Ballots enter through their trackers,
    which are their hashes.
    """
    if "trackers" in parts:
        trackers = sorted(parts["trackers"])
    else:
        trackers = sorted(_tracker_of(ballot) for ballot in parts["ballots"])
    return canonical_sha256(
        {
            "format": COUNTS_HASH_FORMAT,
            "manifest": parts["manifest"],
            "trackers": trackers,
            "counts": parts["counts"],
        }
    )


def _tracker_of(ballot: Any) -> str:
    return hashlib.sha256(canonical_bytes(ballot)).hexdigest()


def _check_roll(roll_figures: Mapping[str, Any]) -> dict[str, int]:
    if set(roll_figures) != set(ROLL_FIELDS) or not all(
        type(roll_figures[name]) is int and roll_figures[name] >= 0 for name in ROLL_FIELDS
    ):
        raise BoxError(f"roll figures must be non-negative integers {', '.join(ROLL_FIELDS)}")
    return {name: roll_figures[name] for name in ROLL_FIELDS}


def signing_message(record: Mapping[str, Any], ballot_encodings: Sequence[bytes]) -> bytes:
    """Canonical JSON of the record without its signature, given its ballots' encodings."""
    unsigned = {key: value for key, value in record.items() if key not in ("signature", "ballots")}
    return canonical_object_with_list(unsigned, "ballots", ballot_encodings)


def build_record(
    manifest: dict[str, Any],
    ballots: Sequence[dict[str, Any]],
    aggregate: dict[str, Any],
    partials: Sequence[dict[str, Any]],
    counts: Mapping[str, Sequence[int]],
    roll_figures: Mapping[str, int],
    results: Mapping[str, Any],
    signing_key: bytes,
) -> dict[str, Any]:
    """Assemble and sign the record. Ballots are listed in the order of their trackers."""
    election = load_election(manifest)
    entries = []
    for ballot in ballots:
        data = canonical_bytes(ballot)
        entries.append((hashlib.sha256(data).hexdigest(), data, ballot))
    entries.sort(key=lambda entry: entry[0])
    trackers = [entry[0] for entry in entries]
    if len(set(trackers)) != len(trackers):
        raise BoxError("two ballots have the same tracker")
    plain_counts = {key: list(values) for key, values in counts.items()}
    record = {
        "format": manifest["format"],
        "manifest": manifest,
        "base_hash": election.base_hash,
        "public_key": manifest["public_key"],
        "commitments": manifest["commitments"],
        "ballots": [entry[2] for entry in entries],
        "trackers": trackers,
        "aggregate": aggregate,
        "partial_decryptions": sorted(partials, key=lambda partial: partial["trustee"]),
        "counts": plain_counts,
        "counts_hash": counts_hash(
            {"manifest": manifest, "trackers": trackers, "counts": plain_counts}
        ),
        "roll": _check_roll(roll_figures),
        "results": dict(results),
        "signing_key": signing_public_key(signing_key),
    }
    message = signing_message(record, [entry[1] for entry in entries])
    record["signature"] = sign_message(signing_key, message)
    return record

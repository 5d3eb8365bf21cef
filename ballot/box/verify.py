"""Verification of an election record: every point, proof, sum, decryption, result and signature.

`verify_record` yields one line per check and raises `VerificationError` at the first
failure, naming what failed where. Ballots are checked in worker processes, in chunks;
each worker also adds up its chunk, so the aggregate check costs almost nothing more.
"""

import hashlib
import importlib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ballot.canonical import CanonicalJSONError, canonical_json

from .ballots import check_ballot_against
from .count import Sums, add_sums, check_partial, decrypt_sums, empty_sums, read_aggregate
from .encoding import canonical_bytes, plain_canonical_bytes
from .errors import BoxError, VerificationError
from .manifest import (
    FORMATS_WITH_RULES,
    NO_RULES,
    RECORD_FORMATS,
    Election,
    allocation_votes,
    contest_rules,
    load_election,
)
from .parallel import map_chunks
from .record import ROLL_FIELDS, counts_hash, signing_message
from .signing import signature_holds

Allocate = Callable[..., dict]
RECORD_FIELDS = {
    "format",
    "manifest",
    "base_hash",
    "public_key",
    "commitments",
    "ballots",
    "trackers",
    "aggregate",
    "partial_decryptions",
    "counts",
    "counts_hash",
    "roll",
    "results",
    "signing_key",
    "signature",
}


def _same_json(left: object, right: object) -> bool:
    """Equal as JSON values. Python's == is not enough: it holds true == 1 and false == 0."""
    try:
        return canonical_json(left) == canonical_json(right)
    except CanonicalJSONError:
        return False


def _as_json(value: object) -> str:
    """How the record writes a value (true, not Python's True); outside the ballots every
    value has been found to have a canonical form."""
    return canonical_json(value).decode()


def _short(hex_text: str) -> str:
    return f"{hex_text[:16]}…"


def _tracker_or_unknown(ballot: object) -> str:
    try:
        return _short(hashlib.sha256(canonical_bytes(ballot)).hexdigest())
    except (BoxError, TypeError, ValueError):
        return "unreadable"


def _check_ballot_chunk(
    start: int, ballots: Sequence[Any], manifest: dict
) -> tuple[list[bytes], Sums]:
    """Check ballots start+1 … ; return their canonical encodings and the sum of the chunk."""
    election = load_election(manifest)
    encodings, total = [], empty_sums(election)
    for offset, ballot in enumerate(ballots):
        try:
            ciphertexts = check_ballot_against(election, ballot)
        except (BoxError, KeyError, TypeError, AttributeError) as error:
            raise VerificationError(
                f"ballot {start + offset + 1} (tracker {_tracker_or_unknown(ballot)}): {error}"
            ) from None
        encodings.append(plain_canonical_bytes(ballot))  # a checked ballot is plain
        total = add_sums(total, ciphertexts)
    return encodings, total


def _check_outline(record: object) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise VerificationError("the record is not a JSON object")
    if record.get("format") not in RECORD_FORMATS:
        raise VerificationError(f"unknown record format {record.get('format')!r}")
    if set(record) != RECORD_FIELDS:
        missing, extra = RECORD_FIELDS - set(record), set(record) - RECORD_FIELDS
        raise VerificationError(f"record fields: missing {sorted(missing)}, extra {sorted(extra)}")
    try:  # the ballots are checked strictly, one by one, later
        canonical_json({name: value for name, value in record.items() if name != "ballots"})
    except CanonicalJSONError as error:
        raise VerificationError(f"the record has no canonical form: {error}") from None
    return record


def _check_manifest(record: dict[str, Any]) -> Election:
    try:
        election = load_election(record["manifest"])
    except (BoxError, ValueError) as error:  # ValueError: no canonical form (CanonicalJSONError)
        raise VerificationError(f"manifest: {error}") from None
    if record["manifest"]["format"] != record["format"]:
        raise VerificationError("the manifest's format differs from the record's")
    if record["base_hash"] != election.base_hash:
        raise VerificationError("base hash does not match the manifest")
    if (
        record["public_key"] != record["manifest"]["public_key"]
        or record["commitments"] != record["manifest"]["commitments"]
    ):
        raise VerificationError("public key or commitments differ from the manifest")
    return election


def _check_ballots(
    record: dict[str, Any], workers: int | None
) -> tuple[list[bytes], list[str], Sums]:
    ballots = record["ballots"]
    if not isinstance(ballots, list):
        raise VerificationError("ballots must be a list")
    manifest = record["manifest"]
    election = load_election(manifest)
    encodings, total = [], empty_sums(election)
    for part_encodings, part_total in map_chunks(
        _check_ballot_chunk, ballots, manifest, workers=workers
    ):
        encodings += part_encodings
        total = add_sums(total, part_total)
    trackers = [hashlib.sha256(data).hexdigest() for data in encodings]
    return encodings, trackers, total


def _check_trackers(record: dict[str, Any], trackers: list[str]) -> None:
    for n in range(1, len(trackers)):
        if trackers[n] == trackers[n - 1]:
            raise VerificationError(
                f"ballot {n + 1} (tracker {_short(trackers[n])}): duplicate of ballot {n}"
            )
        if trackers[n] < trackers[n - 1]:
            raise VerificationError(f"ballot {n + 1}: ballots are not in tracker order")
    if record["trackers"] != trackers:
        raise VerificationError("the list of trackers does not match the ballots")


def _check_aggregate(record: dict[str, Any], election: Election, total: Sums) -> Sums:
    try:
        sums, count = read_aggregate(election, record["aggregate"])
    except (BoxError, KeyError, TypeError, AttributeError) as error:
        raise VerificationError(f"aggregate: {error}") from None
    if count != len(record["ballots"]):
        raise VerificationError("aggregate: ballot_count differs from the number of ballots")
    for spec, row, expected_row in zip(election.contests, sums, total, strict=True):
        for n, (found, expected) in enumerate(zip(row, expected_row, strict=True)):
            if found != expected:
                raise VerificationError(
                    f"aggregate: contest {spec.key!r} selection {n + 1} "
                    "is not the sum of the ballots"
                )
    return sums


def _check_partials(
    record: dict[str, Any], election: Election, sums: Sums
) -> Iterator[tuple[int, list[list[bytes]]]]:
    partials = record["partial_decryptions"]
    if not isinstance(partials, list):
        raise VerificationError("partial_decryptions must be a list")
    previous = 0
    for position, data in enumerate(partials):
        try:
            index, points = check_partial(election, sums, data)
        except (BoxError, KeyError, TypeError, AttributeError) as error:
            raise VerificationError(f"partial decryption {position + 1}: {error}") from None
        if index <= previous:
            raise VerificationError(
                f"partial decryption {position + 1}: trustees repeated or out of order"
            )
        previous = index
        yield index, points


def _check_counts(
    record: dict[str, Any], election: Election, sums: Sums, partials: dict[int, Any]
) -> None:
    try:
        counts = decrypt_sums(election, sums, partials, len(record["ballots"]))
    except BoxError as error:
        raise VerificationError(f"combination: {error}") from None
    if not isinstance(record["counts"], dict) or set(record["counts"]) != set(counts):
        raise VerificationError("counts must name exactly the election's contests")
    for key, values in counts.items():
        stated = record["counts"][key]
        if not _same_json(stated, values):
            raise VerificationError(
                f"counts of contest {key!r} differ from the decryption: "
                f"record says {_as_json(stated)}, decryption gives {_as_json(values)}"
            )


def _check_roll(record: dict[str, Any]) -> str:
    roll = record["roll"]
    if not isinstance(roll, dict) or set(roll) != set(ROLL_FIELDS):
        raise VerificationError(f"roll must have exactly {', '.join(ROLL_FIELDS)}")
    if not all(type(roll[name]) is int and roll[name] >= 0 for name in ROLL_FIELDS):
        raise VerificationError("roll figures must be non-negative integers")
    ballots = len(record["ballots"])
    if roll["voted"] != ballots:
        raise VerificationError(
            f"roll: {roll['voted']} people voted but the record holds {ballots} ballots"
        )
    if ballots > roll["letters_issued"] - roll["revoked"] or ballots > roll["eligible"]:
        raise VerificationError("roll: more ballots than valid letters or eligible voters")
    return (
        f"roll: {roll['eligible']} eligible, {roll['letters_issued']} letters, "
        f"{roll['revoked']} revoked, {roll['voted']} voted = {ballots} ballots"
    )


def _check_results(record: dict[str, Any], election: Election, allocate: Allocate) -> Iterator[str]:
    results, counts = record["results"], record["counts"]
    keys = [spec.key for spec in election.contests]
    if not isinstance(results, dict) or set(results) != set(keys):
        raise VerificationError("results must name exactly the election's contests")
    for spec in election.contests:
        result = results[spec.key]
        where = f"result of contest {spec.key!r}"
        if not isinstance(result, dict) or set(result) != {"request", "outcome"}:
            raise VerificationError(f"{where}: expected request and outcome")
        request = result["request"]
        contest = election.manifest["contests"][election.contests.index(spec)]
        _check_request_rules(request, contest, election.manifest["format"], where)
        if not _same_json(request.get("votes"), allocation_votes(contest, counts[spec.key])):
            raise VerificationError(f"{where}: request votes differ from the decrypted counts")
        _check_ballots_cast(request.get("ballots_cast"), record, spec, where)
        try:
            outcome = allocate(request, counts_hash=record["counts_hash"])
        except Exception as error:
            raise VerificationError(f"{where}: allocation fails: {error}") from None
        if not _same_json(outcome, result["outcome"]):
            raise VerificationError(f"{where}: outcome differs from the allocation rules")
        yield f"{where}: the counting rules give the published outcome"
        if election.manifest["format"] not in FORMATS_WITH_RULES:
            fixed = "method and seats" if "seats" in contest else "method"
            yield (
                f"{where}: note: a {election.manifest['format']} manifest fixes the {fixed} "
                "only; hurdle, quotas and attributes are as the record states them"
            )


REQUEST_FIELDS = {"method", "seats", "ballots_cast", "votes", "lot_input", *NO_RULES}


def _check_request_rules(request: object, contest: dict[str, Any], record_format: str, where):
    """The allocation request must use the rules the manifest (and so the base hash) fixes."""
    if not isinstance(request, dict) or not set(request) <= REQUEST_FIELDS:
        raise VerificationError(f"{where}: request fields must be among {sorted(REQUEST_FIELDS)}")
    if request.get("method") != contest["method"]:
        raise VerificationError(f"{where}: request method differs from the contest's")
    if "seats" in contest and not _same_json(request.get("seats"), contest["seats"]):
        raise VerificationError(
            f"{where}: request has {request.get('seats')!r} seats, the manifest {contest['seats']}"
        )
    if record_format not in FORMATS_WITH_RULES:
        return
    for name, fixed in contest_rules(contest).items():
        stated = request.get(name, NO_RULES[name])
        if not _same_json(stated, fixed):
            raise VerificationError(
                f"{where}: request {name} {stated!r} differs from the manifest's {fixed!r}"
            )


def _check_ballots_cast(ballots_cast: object, record: dict[str, Any], spec, where: str) -> None:
    """A contest may be open to only some electorates (say, the institutions' seats), so its
    ballots cast can be fewer than all ballots; never more, and never fewer than the most
    marks any one candidate received."""
    counts = record["counts"][spec.key]
    marked = _most_marks(counts) if spec.method == "yes-no" else max(counts, default=0)
    if type(ballots_cast) is not int or not marked <= ballots_cast <= len(record["ballots"]):
        raise VerificationError(
            f"{where}: ballots_cast must lie between {marked} and {len(record['ballots'])}"
        )


def _most_marks(counts: list[int]) -> int:
    """The largest single selection count (for yes-no also yes plus no of one candidate)."""
    pairs = [counts[n] + counts[n + 1] for n in range(0, len(counts), 2)]
    return max([*counts, *pairs], default=0)


def _check_signature(
    record: dict[str, Any], encodings: list[bytes], expected_key: str | None
) -> str:
    key, signature = record["signing_key"], record["signature"]
    if expected_key is not None and key != expected_key:
        raise VerificationError("the record is signed by another key than the election's")
    if not _is_lower_hex(key, 32) or not _is_lower_hex(signature, 64):
        raise VerificationError(
            "the signing key and the signature must be 64 and 128 lower-case hex digits"
        )
    if not signature_holds(key, signing_message(record, encodings), signature):
        raise VerificationError("the signature does not verify")
    if expected_key is None:
        return (
            f"signature by election key {key} verifies; this is the key the record names: "
            "compare it with the key the election page showed from the opening"
        )
    return f"signature by election key {key} verifies; it is the key you gave"


def _is_lower_hex(text: object, size: int) -> bool:
    """The canonical form of `size` bytes in hex: bytes.fromhex would also take upper case
    and white space, and so several files for one signature."""
    return isinstance(text, str) and re.fullmatch(f"[0-9a-f]{{{2 * size}}}", text) is not None


def _default_allocate() -> Allocate:
    """`ballot.tally.allocate`, looked up when needed: the counting rules are another package."""
    try:
        return importlib.import_module("ballot.tally").allocate
    except (ImportError, AttributeError) as error:
        raise VerificationError(f"the counting rules are not available: {error}") from None


def verify_record(
    record: object,
    *,
    allocate: Allocate | None = None,
    signing_key: str | None = None,
    workers: int | None = None,
) -> Iterator[str]:
    """Check a record; yield a line per check; raise `VerificationError` at the first failure.

    `signing_key` (hex), if given, is the election key published when the election opened.
    `allocate` defaults to `ballot.tally.allocate`; `workers` defaults to all CPUs.
    """
    record = _check_outline(record)
    yield f"record format {record['format']}"
    election = _check_manifest(record)
    yield f"manifest of {election.manifest['election']!r}: base hash {_short(election.base_hash)}"
    encodings, trackers, total = _check_ballots(record, workers)
    yield f"{len(trackers)} ballots: every point and every proof verifies"
    _check_trackers(record, trackers)
    yield f"{len(trackers)} trackers: all distinct and listed in order"
    sums = _check_aggregate(record, election, total)
    yield "aggregate: equals the sum of the ballots, selection by selection"
    partials = {}
    for index, points in _check_partials(record, election, sums):
        partials[index] = points
        yield f"trustee {index}: partial decryption matches the public share; proofs verify"
    _check_counts(record, election, sums, partials)
    yield f"counts: {len(partials)} of {election.trustee_count} trustees combine to the counts"
    if record["counts_hash"] != counts_hash(record):
        raise VerificationError("counts hash does not match manifest, ballots and counts")
    yield f"counts hash {_short(record['counts_hash'])} matches"
    yield _check_roll(record)
    yield from _check_results(record, election, allocate or _default_allocate())
    yield _check_signature(record, encodings, signing_key)

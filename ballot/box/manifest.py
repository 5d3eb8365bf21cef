"""The election manifest, its base hash, and the parsed view every other module works from.

The manifest fixes everything a ballot and a proof depend on: the election, its contests
with candidates in order and choice limits, the public key, the trustees' Feldman
commitments and the record format version. Its base hash (SHA-256 of its canonical JSON)
enters every Fiat–Shamir challenge, so a proof from one election is useless in any other.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ballot.canonical import canonical_sha256

from . import group
from .errors import InvalidEncoding, ManifestError
from .exclusion_proof import excluded_values
from .proof_context import (
    TAG_CANDIDATE_SUM,
    TAG_CANDIDATE_SUM_EXCLUDES,
    TAG_CONTEST_SUM,
    TAG_CONTEST_SUM_EXCLUDES,
    ProofContext,
)

RECORD_FORMAT = "ballot-record/3"
"""The format new elections are created with."""
RECORD_FORMATS = ("ballot-record/1", "ballot-record/2", RECORD_FORMAT)
"""Formats we read: an election created under an older format is counted and verified as such.
Format 2 added exclusion proofs; format 3 puts each contest's counting rules (hurdle, quotas,
candidates' attributes) into the manifest, so that the base hash fixes them."""
FORMATS_WITH_RULES = (RECORD_FORMAT,)
RULE_FIELDS = ("hurdle_percent", "quotas", "attributes")
NO_RULES = {"hurdle_percent": "0", "quotas": [], "attributes": {}}
"""What a contest without a `rules` field means: no hurdle, no quotas, no attributes."""
GROUP_NAME = "edwards25519"
METHODS = ("most-votes", "yes-no")
_REQUIRED_CONTEST_FIELDS = {"key", "method", "min_choices", "max_choices", "candidates"}
_OPTIONAL_CONTEST_FIELDS = {"title", "seats", "rules"}
_MANIFEST_FIELDS = {
    "format",
    "group",
    "election",
    "title",
    "contests",
    "public_key",
    "commitments",
    "threshold",
    "trustees",
}


@dataclass(frozen=True, slots=True)
class SumRange:
    """A proof obligation: the selections at `indices` add up to a value in [low, high].

    It is proven by a disjunction over the values of [low, high] (`range_proof`) or, if
    `by_exclusion`, by excluding each value of [0, len(indices)] outside it
    (`exclusion_proof`): from format 2 on, whichever needs fewer values (a tie stays a
    disjunction); in format 1, always the disjunction. `tag` is that proof's tag.
    """

    indices: tuple[int, ...]
    low: int
    high: int
    tag: str
    by_exclusion: bool = False

    @property
    def bounds(self) -> tuple[int, int, int]:
        return self.low, self.high, len(self.indices)

    @property
    def excluded(self) -> tuple[int, ...]:
        return excluded_values(*self.bounds)


@dataclass(frozen=True, slots=True)
class ContestSpec:
    key: str
    method: str
    selections: tuple[str, ...]
    ranges: tuple[SumRange, ...]


@dataclass(frozen=True, slots=True)
class Election:
    """A validated manifest together with what is derived from it."""

    manifest: dict[str, Any]
    base_hash: str
    context: ProofContext
    contests: tuple[ContestSpec, ...]
    commitments: tuple[bytes, ...]
    threshold: int
    trustee_count: int


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_rules(rules: object, where: str, record_format: str) -> None:
    """Only the shape: the counting rules themselves judge the values when they count."""
    if record_format not in FORMATS_WITH_RULES:
        raise ManifestError(f"{where}: rules need record format {FORMATS_WITH_RULES[0]} or later")
    if not isinstance(rules, dict) or set(rules) != set(RULE_FIELDS):
        raise ManifestError(f"{where}: rules have exactly the fields {', '.join(RULE_FIELDS)}")
    hurdle, quotas, attributes = (rules[name] for name in RULE_FIELDS)
    if not isinstance(hurdle, str) or not isinstance(quotas, list):
        raise ManifestError(f"{where}: hurdle_percent must be a text and quotas a list")
    if not isinstance(attributes, dict) or not all(
        isinstance(value, dict) and value for value in attributes.values()
    ):
        raise ManifestError(f"{where}: attributes must map candidates to non-empty objects")


def contest_rules(contest: dict[str, Any]) -> dict[str, Any]:
    """The contest's counting rules that the manifest fixes (`NO_RULES` if it names none)."""
    return contest.get("rules", NO_RULES)


def _check_contest(contest: object, position: int, record_format: str) -> None:
    where = f"contest {position + 1}"
    if not isinstance(contest, dict):
        raise ManifestError(f"{where}: must be an object")
    missing = _REQUIRED_CONTEST_FIELDS - set(contest)
    unknown = set(contest) - _REQUIRED_CONTEST_FIELDS - _OPTIONAL_CONTEST_FIELDS
    if missing or unknown:
        raise ManifestError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    if not isinstance(contest["key"], str) or not contest["key"]:
        raise ManifestError(f"{where}: key must be a non-empty string")
    where = f"contest {contest['key']!r}"
    if contest["method"] not in METHODS:
        raise ManifestError(f"{where}: method must be one of {', '.join(METHODS)}")
    candidates = contest["candidates"]
    if (
        not isinstance(candidates, list)
        or not candidates
        or not all(isinstance(name, str) and name for name in candidates)
        or len(set(candidates)) != len(candidates)
    ):
        raise ManifestError(f"{where}: candidates must be distinct non-empty names")
    low, high = contest["min_choices"], contest["max_choices"]
    if not (_is_count(low) and _is_count(high) and low <= high <= len(candidates)):
        raise ManifestError(f"{where}: need 0 ≤ min_choices ≤ max_choices ≤ candidates")
    if contest["method"] == "yes-no" and (low, high) != (0, len(candidates)):
        raise ManifestError(
            f"{where}: a yes-no contest lets every candidate be answered or skipped, "
            "so min_choices must be 0 and max_choices the number of candidates"
        )
    if "title" in contest and not isinstance(contest["title"], str):
        raise ManifestError(f"{where}: title must be a string")
    if "seats" in contest and not (_is_count(contest["seats"]) and contest["seats"] > 0):
        raise ManifestError(f"{where}: seats must be a positive integer")
    if "rules" in contest:
        _check_rules(contest["rules"], where, record_format)


def _check_contests(contests: object, record_format: str) -> None:
    if not isinstance(contests, list) or not contests:
        raise ManifestError("an election needs at least one contest")
    for position, contest in enumerate(contests):
        _check_contest(contest, position, record_format)
    keys = [contest["key"] for contest in contests]
    if len(set(keys)) != len(keys):
        raise ManifestError("contest keys must be distinct")


def contest_selections(contest: dict[str, Any]) -> list[str]:
    """Names of a contest's selections, in ballot order.

    most-votes: one per candidate. yes-no: two per candidate, "NAME/yes" then "NAME/no".
    """
    if contest["method"] == "yes-no":
        return [f"{name}/{answer}" for name in contest["candidates"] for answer in ("yes", "no")]
    return list(contest["candidates"])


def _sum_range(
    indices: tuple[int, ...], low: int, high: int, tags: tuple[str, str], record_format: str
) -> SumRange:
    excluded = excluded_values(low, high, len(indices))
    if record_format != RECORD_FORMATS[0] and 0 < len(excluded) < high - low + 1:
        return SumRange(indices, low, high, tags[1], by_exclusion=True)
    return SumRange(indices, low, high, tags[0])


def contest_ranges(contest: dict[str, Any], record_format: str = RECORD_FORMAT) -> list[SumRange]:
    """The sum proofs a ballot carries for this contest, in order.

    most-votes: one over all selections in [min_choices, max_choices], or none when that
    range is [0, number of candidates], which the 0/1 proofs of the selections already
    imply. yes-no: one per candidate over its yes and no selections in [0, 1] (yes, no or
    abstain). From format 2 on, a sum proof excludes the values outside its range when
    they are fewer than the values inside (12 of 15: exclude 13, 14 and 15).
    """
    if contest["method"] == "yes-no":
        tags = (TAG_CANDIDATE_SUM, TAG_CANDIDATE_SUM_EXCLUDES)
        return [
            _sum_range((2 * n, 2 * n + 1), 0, 1, tags, record_format)
            for n in range(len(contest["candidates"]))
        ]
    low, high, size = contest["min_choices"], contest["max_choices"], len(contest["candidates"])
    if low == 0 and high == size:
        return []  # the selection proofs already put the sum in [0, size]
    tags = (TAG_CONTEST_SUM, TAG_CONTEST_SUM_EXCLUDES)
    return [_sum_range(tuple(range(size)), low, high, tags, record_format)]


def allocation_votes(contest: dict[str, Any], counts: Sequence[int]) -> dict[str, Any]:
    """The "votes" of a `ballot.tally.allocate` request, from a contest's decrypted counts.

    most-votes: {name: count}; yes-no: {name: {"yes": count, "no": count}}.
    """
    names = contest["candidates"]
    if contest["method"] == "yes-no":
        return {
            name: {"yes": counts[2 * n], "no": counts[2 * n + 1]} for n, name in enumerate(names)
        }
    return dict(zip(names, counts, strict=True))


def _check_trustees(threshold: object, trustee_count: object, commitments: object) -> None:
    if not (_is_count(threshold) and _is_count(trustee_count)):
        raise ManifestError("threshold and trustee count must be integers")
    if not 1 <= threshold <= trustee_count:  # type: ignore[operator]
        raise ManifestError("need 1 ≤ threshold ≤ number of trustees")
    if not isinstance(commitments, list) or len(commitments) != threshold:
        raise ManifestError("there must be exactly `threshold` Feldman commitments")


def build_manifest(
    slug: str,
    title: str,
    contests: Sequence[dict[str, Any]],
    public_key: str,
    commitments: Sequence[str],
    threshold: int,
    trustee_count: int,
    *,
    record_format: str = RECORD_FORMAT,
) -> dict[str, Any]:
    """Assemble and validate the manifest; the web app stores it and never edits it.

    `record_format` is the election's, fixed at its key ceremony: an election set up under
    format 1 keeps building format 1 manifests (and so its base hash).
    """
    manifest = {
        "format": record_format,
        "group": GROUP_NAME,
        "election": slug,
        "title": title,
        "contests": [dict(contest) for contest in contests],
        "public_key": public_key,
        "commitments": list(commitments),
        "threshold": threshold,
        "trustees": trustee_count,
    }
    load_election(manifest)
    return manifest


def base_hash(manifest: dict[str, Any]) -> str:
    """SHA-256 (hex) of the manifest's canonical JSON."""
    return canonical_sha256(manifest)


def _contest_spec(contest: dict[str, Any], record_format: str) -> ContestSpec:
    return ContestSpec(
        contest["key"],
        contest["method"],
        tuple(contest_selections(contest)),
        tuple(contest_ranges(contest, record_format)),
    )


def load_election(manifest: object) -> Election:
    """Validate a manifest from anywhere (the app, a record) and derive what proofs need."""
    if not isinstance(manifest, dict) or set(manifest) != _MANIFEST_FIELDS:
        raise ManifestError(f"a manifest has exactly the fields {sorted(_MANIFEST_FIELDS)}")
    if manifest["format"] not in RECORD_FORMATS or manifest["group"] != GROUP_NAME:
        raise ManifestError(f"unsupported format {manifest['format']!r} or group")
    if not isinstance(manifest["election"], str) or not manifest["election"]:
        raise ManifestError("the election slug must be a non-empty string")
    if not isinstance(manifest["title"], str):
        raise ManifestError("the title must be a string")
    _check_contests(manifest["contests"], manifest["format"])
    _check_trustees(manifest["threshold"], manifest["trustees"], manifest["commitments"])
    try:
        public_key = group.point_from_hex(manifest["public_key"])
        commitments = tuple(group.point_from_hex(c) for c in manifest["commitments"])
    except InvalidEncoding as error:
        raise ManifestError(f"public key or commitments: {error}") from None
    if commitments[0] != public_key:
        raise ManifestError("the first commitment must be the public key")
    digest = base_hash(manifest)
    return Election(
        manifest=manifest,
        base_hash=digest,
        context=ProofContext(bytes.fromhex(digest), public_key),
        contests=tuple(_contest_spec(c, manifest["format"]) for c in manifest["contests"]),
        commitments=commitments,
        threshold=manifest["threshold"],
        trustee_count=manifest["trustees"],
    )

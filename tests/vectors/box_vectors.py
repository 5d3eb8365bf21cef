"""Known-answer vectors of the ballot box, generated with a fixed seed.

    .venv/bin/python tests/vectors/box_vectors.py      # rewrites the files beside this one

Everything random (keys, nonces, salts, the signing key) comes from
`group.deterministic_randomness(SEED)`, which exists only for this purpose. The files are:

- box-record.json: a complete signed election record in the current format (3 ballots,
  3 trustees, 2 of them decrypt; the council's counting rules are in the manifest); its
  results come from the counting rules, ballot.tally.allocate.
- box-record-format2.json and box-record-format1.json: the same election in the record
  formats 2 (no rules in the manifest) and 1 (also every sum proof a range proof), which the
  verifier still reads.
- box-share-1.json: trustee 1's share file of the current-format election; passphrase in
  box-vectors.json.
- box-vectors.json: inputs, primitive vectors (hash to scalar, trackers) and the SHA-256 of
  every file, so that any change of the formats shows up as a failing test.
"""

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from ballot import box  # noqa: E402
from ballot.box import group  # noqa: E402
from ballot.canonical import canonical_json  # noqa: E402
from ballot.tally import allocate  # noqa: E402

SEED = b"ballot box known-answer vectors v3"
OLDER_FORMATS = {
    "ballot-record/2": (b"ballot box known-answer vectors v2", "box-record-format2.json"),
    "ballot-record/1": (b"ballot box known-answer vectors v1", "box-record-format1.json"),
}
PASSPHRASES = {1: "vector passphrase one", 2: "vector passphrase two", 3: "vector passphrase three"}
CONTESTS = [
    {
        "key": "council",
        "method": "most-votes",
        "min_choices": 0,
        "max_choices": 2,
        "candidates": ["Ayşe Demir", "Bernd Krause", "Chiara Rossi"],
        "seats": 2,
        "rules": {
            "hurdle_percent": "0",
            "quotas": [{"attribute": "gender", "value": "f", "min": 1}],
            "attributes": {"Ayşe Demir": {"gender": "f"}, "Chiara Rossi": {"gender": "f"}},
        },
    },
    {"key": "jury", "method": "yes-no", "min_choices": 0, "max_choices": 1, "candidates": ["Dana"]},
]
CHOICES = [
    {"council": [1, 1, 0], "jury": [1, 0]},
    {"council": [0, 1, 0], "jury": [0, 1]},
    {"council": [0, 0, 0], "jury": [1, 0]},
]
ROLL = {"eligible": 5, "letters_issued": 5, "revoked": 0, "voted": 3}


def _contests(record_format: str) -> list[dict]:
    """The contests as a manifest of this format states them (rules from format 3 on)."""
    if record_format in box.FORMATS_WITH_RULES:
        return CONTESTS
    return [{k: v for k, v in contest.items() if k != "rules"} for contest in CONTESTS]


def _election(record_format: str) -> tuple[dict, dict[int, bytes]]:
    keys = []
    for index, passphrase in PASSPHRASES.items():
        salt = box.new_sealing_salt()
        keys.append((index, box.trustee_sealing_key(passphrase, salt), salt))
    ceremony = box.run_key_ceremony(2, keys)
    manifest = box.build_manifest(
        "vector-2027",
        "Known-answer election",
        _contests(record_format),
        ceremony.public_key,
        ceremony.commitments,
        2,
        3,
        record_format=record_format,
    )
    return manifest, box.seal_share_files(ceremony, manifest)


def _record(manifest: dict, files: dict[int, bytes]) -> dict:
    ballots = [box.encrypt_ballot(manifest, choice) for choice in CHOICES]
    aggregate = box.aggregate(manifest, ballots, workers=1)
    shares = [box.open_share_file(files[i], PASSPHRASES[i], manifest) for i in (1, 3)]
    partials = [box.partial_decrypt(share, aggregate, manifest) for share in shares]
    counts = box.combine(manifest, aggregate, partials, len(ballots))
    digest = box.counts_hash({"manifest": manifest, "ballots": ballots, "counts": counts})
    results = {}
    for contest in manifest["contests"]:
        request = {
            "method": contest["method"],
            "seats": contest.get("seats", 1),
            "ballots_cast": len(ballots),
            "votes": box.allocation_votes(contest, counts[contest["key"]]),
            **contest.get("rules", {}),
        }
        results[contest["key"]] = {
            "request": request,
            "outcome": allocate(request, counts_hash=digest),
        }
    signing_key, _ = box.new_signing_key()
    return box.build_record(
        manifest, ballots, aggregate, partials, counts, ROLL, results, signing_key
    )


def _primitives() -> dict:
    point = group.base_mul(7)
    return {
        "generator": group.GENERATOR.hex(),
        "hash_to_scalar": [
            {
                "tag": "ballot/1/selection",
                "items": [point.hex(), group.scalar_to_hex(1)],
                "scalar": group.scalar_to_hex(group.hash_to_scalar("ballot/1/selection", point, 1)),
            }
        ],
    }


def generate() -> dict[str, bytes]:
    """The vector files, by name, as bytes."""
    with group.deterministic_randomness(SEED):
        manifest, files = _election(box.RECORD_FORMAT)
        record = _record(manifest, files)
    files_out = {"box-record.json": canonical_json(record) + b"\n", "box-share-1.json": files[1]}
    for record_format, (seed, name) in OLDER_FORMATS.items():
        with group.deterministic_randomness(seed):
            files_out[name] = canonical_json(_record(*_election(record_format))) + b"\n"
    index = {
        "seed": SEED.decode(),
        "seeds_of_older_formats": {f: seed.decode() for f, (seed, _) in OLDER_FORMATS.items()},
        "passphrases": {str(k): v for k, v in PASSPHRASES.items()},
        "choices": CHOICES,
        **_primitives(),
        "trackers": [{"tracker": t, "display": box.tracker_display(t)} for t in record["trackers"]],
        "counts": record["counts"],
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files_out.items()},
    }
    files_out["box-vectors.json"] = json.dumps(index, indent=2, ensure_ascii=False).encode() + b"\n"
    return files_out


if __name__ == "__main__":
    for name, data in generate().items():
        (HERE / name).write_bytes(data)
        print(f"wrote {name} ({len(data)} bytes)")

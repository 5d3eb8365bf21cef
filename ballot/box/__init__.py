"""The ballot box: homomorphic encryption, proofs, trustees and the verifiable election record.

Pure Python over libsodium (through PyNaCl) and `cryptography`; no Flask, no database.
docs/RECORD.md describes every format and hash. The functions the service calls:

Manifest
    build_manifest(slug, title, contests, public_key, commitments, threshold, trustee_count)
        -> dict.  contests: [{"key", "method": "most-votes"|"yes-no", "min_choices",
        "max_choices", "candidates": [names], optional "title", "seats"}].
    base_hash(manifest) -> hex
    contest_selections(contest) -> [selection names]  (yes-no: "NAME/yes", "NAME/no")
    allocation_votes(contest, counts) -> "votes" of a ballot.tally.allocate request

Key ceremony (trustee i picks a passphrase; the server never sees it)
    new_sealing_salt() -> hex
    trustee_sealing_key(passphrase, salt_hex) -> X25519 public key hex   (run for the trustee)
    run_key_ceremony(threshold, [(index, sealing_key_hex, salt_hex), …]) -> KeyCeremony
        .public_key, .commitments go into build_manifest; indices are 1 … n
    seal_share_files(ceremony, manifest) -> {index: share file bytes}; forgets the shares
    open_share_file(file_bytes, passphrase, manifest) -> TrusteeShare   (raises ShareRejected)
    share_file_trustee(file_bytes) -> the index its header names (unchecked), or None
    public_share(commitments, index) -> hex

Ballots
    encrypt_ballot(manifest, {contest_key: [0/1 per selection]}) -> encrypted ballot (dict)
    check_ballot(manifest, ballot) -> None   (raises BallotRejected)
    tracker(ballot) -> hex;  tracker_display(tracker_hex) -> "K7QF-3M9D-TX2H-8WPC-ABCD"
    normalise_tracker_display(text) -> display form   (raises TrackerFormatError)

Count
    aggregate(manifest, ballots, *, workers=None) -> dict
    partial_decrypt(share, aggregate, manifest) -> dict
    combine(manifest, aggregate, partials, max_count) -> {contest_key: [count per selection]}
        (raises CountError: fewer than threshold trustees, a bad proof, no small count)

Record
    new_signing_key() -> (private seed bytes, public key hex)
    counts_hash(record or {"manifest", "ballots" or "trackers", "counts"}) -> hex
    build_record(manifest, ballots, aggregate, partials, counts, roll_figures, results,
                 signing_key) -> record dict (write it with ballot.canonical.canonical_json)
    verify_record(record, *, allocate=None, signing_key=None, workers=None) -> Iterator[str]
        (raises VerificationError naming the first failure)

Every error is a `BoxError`.
"""

from .ballots import check_ballot, encrypt_ballot
from .ceremony import (
    KeyCeremony,
    TrusteeShare,
    open_share_file,
    public_share,
    run_key_ceremony,
    seal_share_files,
    share_file_trustee,
)
from .count import aggregate, combine, partial_decrypt
from .errors import (
    BallotRejected,
    BoxError,
    ChoiceError,
    CountError,
    InvalidEncoding,
    ManifestError,
    ShareRejected,
    VerificationError,
)
from .manifest import (
    FORMATS_WITH_RULES,
    RECORD_FORMAT,
    allocation_votes,
    base_hash,
    build_manifest,
    contest_selections,
)
from .record import build_record, counts_hash
from .sealing import new_sealing_salt, trustee_sealing_key
from .signing import new_signing_key
from .trackers import (
    TrackerFormatError,
    normalise_tracker_display,
    tracker,
    tracker_display,
    tracker_prefix,
)
from .verify import verify_record

__all__ = [
    "FORMATS_WITH_RULES",
    "RECORD_FORMAT",
    "BallotRejected",
    "BoxError",
    "ChoiceError",
    "CountError",
    "InvalidEncoding",
    "KeyCeremony",
    "ManifestError",
    "ShareRejected",
    "TrackerFormatError",
    "TrusteeShare",
    "VerificationError",
    "aggregate",
    "allocation_votes",
    "base_hash",
    "build_manifest",
    "build_record",
    "check_ballot",
    "combine",
    "contest_selections",
    "counts_hash",
    "encrypt_ballot",
    "new_sealing_salt",
    "new_signing_key",
    "normalise_tracker_display",
    "open_share_file",
    "partial_decrypt",
    "public_share",
    "run_key_ceremony",
    "seal_share_files",
    "share_file_trustee",
    "tracker",
    "tracker_display",
    "tracker_prefix",
    "trustee_sealing_key",
    "verify_record",
]

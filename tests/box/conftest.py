"""Shared elections for the ballot box tests: real keys, real share files, real proofs.

Deriving a sealing key costs scrypt (about 0.4 s), so the election and its opened shares
are built once per test session.
"""

from dataclasses import dataclass

import pytest

from ballot import box

CONTESTS = [
    {
        "key": "council",
        "method": "most-votes",
        "min_choices": 1,
        "max_choices": 2,
        "candidates": ["Ayşe Demir", "Bernd Krause", "Chiara Rossi"],
        "seats": 2,
        "rules": {
            "hurdle_percent": "0",
            "quotas": [{"attribute": "gender", "value": "f", "min": 1}],
            "attributes": {
                "Ayşe Demir": {"gender": "f"},
                "Bernd Krause": {"gender": "m"},
                "Chiara Rossi": {"gender": "f"},
            },
        },
    },
    {
        "key": "jury",
        "method": "yes-no",
        "min_choices": 0,
        "max_choices": 2,
        "candidates": ["Dana", "Emre"],
    },
]
PASSPHRASES = {1: "correct horse", 2: "battery staple", 3: "tr0ub4dor&3"}
THRESHOLD = 2


@dataclass
class Election:
    manifest: dict
    share_files: dict[int, bytes]
    shares: dict[int, box.TrusteeShare]


def make_election(slug: str, trustee_keys: list, *, open_shares: bool = True) -> Election:
    ceremony = box.run_key_ceremony(THRESHOLD, trustee_keys)
    manifest = box.build_manifest(
        slug,
        f"Election {slug}",
        CONTESTS,
        ceremony.public_key,
        ceremony.commitments,
        THRESHOLD,
        len(trustee_keys),
    )
    files = box.seal_share_files(ceremony, manifest)
    shares = {}
    if open_shares:
        shares = {i: box.open_share_file(files[i], PASSPHRASES[i], manifest) for i in files}
    return Election(manifest, files, shares)


@pytest.fixture(scope="session")
def trustee_keys() -> list[tuple[int, str, str]]:
    """(index, sealing public key, salt) as each trustee's passphrase derives them."""
    keys = []
    for index, passphrase in PASSPHRASES.items():
        salt = box.new_sealing_salt()
        keys.append((index, box.trustee_sealing_key(passphrase, salt), salt))
    return keys


@pytest.fixture(scope="session")
def election(trustee_keys) -> Election:
    return make_election("soldiner-kiez-2027", trustee_keys)


@pytest.fixture(scope="session")
def other_election(trustee_keys) -> Election:
    """Another election with the same trustees (their share files are not opened)."""
    return make_election("other-2027", trustee_keys, open_shares=False)


@pytest.fixture(scope="session")
def manifest(election: Election) -> dict:
    return election.manifest


# Valid choices for CONTESTS: council takes 1 or 2 crosses; jury per candidate yes, no or none.
CHOICES = [
    {"council": [1, 0, 0], "jury": [1, 0, 0, 1]},
    {"council": [0, 1, 1], "jury": [0, 0, 1, 0]},
    {"council": [1, 1, 0], "jury": [0, 1, 0, 0]},
]


@pytest.fixture(scope="session")
def ballots(manifest: dict) -> list[dict]:
    return [box.encrypt_ballot(manifest, choice) for choice in CHOICES]


@pytest.fixture(scope="session")
def choices() -> list[dict]:
    return CHOICES

"""Key ceremony and share files: shares match their commitments, files refuse misuse."""

import itertools
import json

import pytest

from ballot import box
from ballot.box import ceremony as ceremony_module
from ballot.box import group
from ballot.box.count import lagrange_at_zero
from ballot.box.manifest import load_election
from ballot.box.sealing import seal
from ballot.canonical import canonical_json

PASSPHRASES = {1: "correct horse", 2: "battery staple", 3: "tr0ub4dor&3"}


def test_share_files_name_the_election_and_open_to_matching_shares(election):
    manifest = election.manifest
    for index, data in election.share_files.items():
        content = json.loads(data)
        assert content["election"] == manifest["election"]
        assert content["base_hash"] == box.base_hash(manifest)
        assert content["trustee"] == index
        assert content["threshold"] == manifest["threshold"] == 2
        assert content["commitments"] == manifest["commitments"]
        assert "secret" not in data.decode() and content["kdf"]["name"] == "scrypt"
        share = election.shares[index]
        assert share.index == index
        assert box.public_share(manifest["commitments"], index) == share.public_share.hex()
        assert group.base_mul(share.secret) == share.public_share
        assert str(share.secret) not in repr(share)


def test_every_threshold_subset_of_shares_determines_the_public_key(election):
    """Lagrange at 0 over any t shares gives s·G = K (checked in the exponent only)."""
    key = bytes.fromhex(election.manifest["public_key"])
    for subset in itertools.combinations(sorted(election.shares), 2):
        weights = lagrange_at_zero(subset)
        combined = sum(weights[i] * election.shares[i].secret for i in subset) % group.ORDER
        assert group.base_mul(combined) == key
    single = election.shares[1].secret
    assert group.base_mul(single) != key


def test_wrong_passphrase_is_refused(election):
    with pytest.raises(box.ShareRejected, match="wrong passphrase"):
        box.open_share_file(election.share_files[1], PASSPHRASES[2], election.manifest)


def test_share_file_of_another_election_is_refused(election, other_election):
    with pytest.raises(box.ShareRejected, match="belongs to election 'other-2027'"):
        box.open_share_file(other_election.share_files[1], PASSPHRASES[1], election.manifest)


def test_share_file_of_another_version_of_the_election_is_refused(election):
    changed = dict(election.manifest, title="A changed title")
    with pytest.raises(box.ShareRejected, match="another version"):
        box.open_share_file(election.share_files[1], PASSPHRASES[1], changed)


def test_altered_share_file_is_refused(election):
    content = json.loads(election.share_files[2])
    ciphertext = bytearray(bytes.fromhex(content["sealed"]["ciphertext"]))
    ciphertext[0] ^= 1
    content["sealed"]["ciphertext"] = ciphertext.hex()
    with pytest.raises(box.ShareRejected, match="altered"):
        box.open_share_file(json.dumps(content).encode(), PASSPHRASES[2], election.manifest)
    content = json.loads(election.share_files[2])
    content["threshold"] = 1
    with pytest.raises(box.ShareRejected, match="threshold"):
        box.open_share_file(json.dumps(content).encode(), PASSPHRASES[2], election.manifest)


def test_share_that_does_not_match_its_commitment_is_refused(election, trustee_keys):
    """A file sealed correctly (right key, right header) around a wrong share."""
    loaded = load_election(election.manifest)
    trustee = ceremony_module.TrusteeKey(*trustee_keys[0])
    header = ceremony_module._share_header(loaded, trustee)
    wrong_share = group.scalar_bytes(election.shares[1].secret + 1)
    sealed = seal(wrong_share, trustee.sealing_public_key, canonical_json(header))
    data = canonical_json({**header, "sealed": sealed})
    with pytest.raises(box.ShareRejected, match="does not match its Feldman commitment"):
        box.open_share_file(data, PASSPHRASES[1], election.manifest)


@pytest.mark.parametrize("data", [b"not json", b"[]", b'{"format": "other"}'])
def test_things_that_are_not_share_files_are_refused(election, data):
    with pytest.raises(box.ShareRejected, match="not a share file"):
        box.open_share_file(data, PASSPHRASES[1], election.manifest)


@pytest.mark.parametrize("extra", [1.5, float("nan"), 2**60], ids=["fraction", "NaN", "huge"])
def test_a_share_file_with_a_value_no_share_file_holds_is_refused(election, extra):
    """A member with a fraction, NaN or an integer beyond JSON's exact range has no canonical
    form (the seal's associated data): refused as a share file, not an error of ours."""
    content = json.loads(election.share_files[1])
    content["note"] = extra
    data = json.dumps(content).encode()
    with pytest.raises(box.ShareRejected, match="not a share file"):
        box.open_share_file(data, PASSPHRASES[1], election.manifest)
    assert box.share_file_trustee(data) is None


def test_a_share_file_nested_too_deeply_is_refused(election):
    with pytest.raises(box.ShareRejected, match="not a share file"):
        box.open_share_file(b"[" * 100_000 + b"]" * 100_000, PASSPHRASES[1], election.manifest)


def test_ceremony_seals_once_and_only_for_its_own_manifest(election, trustee_keys):
    ceremony = box.run_key_ceremony(2, trustee_keys)
    with pytest.raises(ValueError, match="does not carry this ceremony"):
        box.seal_share_files(ceremony, election.manifest)
    manifest = box.build_manifest(
        "e", "E", election.manifest["contests"], ceremony.public_key, ceremony.commitments, 2, 3
    )
    files = box.seal_share_files(ceremony, manifest)
    assert sorted(files) == [1, 2, 3]
    with pytest.raises(ValueError, match="already sealed"):
        box.seal_share_files(ceremony, manifest)


@pytest.mark.parametrize(
    ("threshold", "indices"), [(0, [1, 2]), (3, [1, 2]), (1, [1, 3]), (1, [1, 1]), (1, [0, 1])]
)
def test_bad_ceremony_parameters_are_refused(threshold, indices):
    keys = [(i, "00" * 32, "00" * 16) for i in indices]
    with pytest.raises(ValueError):
        box.run_key_ceremony(threshold, keys)


def test_a_trustee_without_sealing_key_is_refused():
    with pytest.raises(ValueError, match="trustee 2 has no sealing key"):
        box.run_key_ceremony(1, [(1, "00" * 32, "00" * 16), (2, None, None)])


def test_sealing_key_depends_on_passphrase_and_salt(trustee_keys):
    index, public_key, salt = trustee_keys[0]
    assert box.trustee_sealing_key(PASSPHRASES[index], salt) == public_key
    assert box.trustee_sealing_key(PASSPHRASES[index], "ab" * 16) != public_key

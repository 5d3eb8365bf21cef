"""Encrypted ballots: round trips, and refusal of every malformed or tampered ballot."""

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballot import box
from ballot.box import group
from ballot.box.elgamal import encrypt
from ballot.box.exclusion_proof import prove_exclusion
from ballot.box.manifest import load_election
from ballot.box.proof_context import TAG_SELECTION
from ballot.box.range_proof import prove_range
from ballot.canonical import canonical_json


def hex_leaves(value, path=()):
    """Paths to every 64-hex-digit string (points, scalars, the base hash) in a ballot."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from hex_leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from hex_leaves(item, (*path, index))
    elif isinstance(value, str) and len(value) == 64:
        yield path


def replaced(ballot, path, new_value):
    changed = copy.deepcopy(ballot)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new_value
    return changed


def flip_byte(text: str, position: int) -> str:
    data = bytearray(bytes.fromhex(text))
    data[position] ^= 0x01
    return data.hex()


def all_choices(manifest):
    """Every valid choice of the test election (council: 1–2 of 3; jury: yes/no/none each)."""
    council = [[a, b, c] for a in (0, 1) for b in (0, 1) for c in (0, 1) if 1 <= a + b + c <= 2]
    answers = [[0, 0], [1, 0], [0, 1]]
    jury = [x + y for x in answers for y in answers]
    return [{"council": c, "jury": j} for c in council for j in jury]


def test_every_valid_choice_encrypts_to_a_checked_ballot(manifest):
    choices = all_choices(manifest)
    assert len(choices) == 54
    for choice in choices[::7]:
        ballot = box.encrypt_ballot(manifest, choice)
        box.check_ballot(manifest, ballot)
        assert ballot["election"] == box.base_hash(manifest)


def test_same_choice_never_gives_the_same_ballot(manifest):
    choice = {"council": [1, 0, 0], "jury": [0, 0, 0, 0]}
    first, second = (box.encrypt_ballot(manifest, choice) for _ in range(2))
    assert box.tracker(first) != box.tracker(second)


@pytest.mark.parametrize(
    "choice",
    [
        {"council": [1, 0, 0]},
        {"council": [1, 0, 0], "jury": [0, 0, 0, 0], "extra": []},
        {"council": [1, 0], "jury": [0, 0, 0, 0]},
        {"council": [2, 0, 0], "jury": [0, 0, 0, 0]},
        {"council": [True, False, False], "jury": [0, 0, 0, 0]},
        {"council": [1, 1, 1], "jury": [0, 0, 0, 0]},
        {"council": [0, 0, 0], "jury": [0, 0, 0, 0]},
        {"council": [1, 0, 0], "jury": [1, 1, 0, 0]},
    ],
)
def test_invalid_choices_are_refused(manifest, choice):
    with pytest.raises(box.ChoiceError):
        box.encrypt_ballot(manifest, choice)


def test_a_flipped_byte_in_any_point_or_scalar_is_rejected(manifest, ballots):
    ballot = ballots[0]
    paths = list(hex_leaves(ballot))
    # base hash; council: 3 selections, a range proof over [1, 2]; jury: 4 selections, and per
    # candidate an exclusion proof of 2 (a challenge and two responses)
    assert len(paths) == 1 + 3 * 6 + 4 + 4 * 6 + 2 * 3
    for number, path in enumerate(paths):
        original = ballot
        for step in path:
            original = original[step]
        tampered = replaced(ballot, path, flip_byte(original, number % 32))
        with pytest.raises(box.BallotRejected):
            box.check_ballot(manifest, tampered)


def test_ciphertexts_swapped_between_ballots_are_rejected(manifest, ballots):
    first, second = ballots[0], ballots[1]
    swapped = copy.deepcopy(first)
    for name in ("alpha", "beta"):
        swapped["contests"][0]["selections"][0][name] = second["contests"][0]["selections"][0][name]
    with pytest.raises(box.BallotRejected, match="selection 1: proof does not verify"):
        box.check_ballot(manifest, swapped)
    # Even a whole selection with its own valid proof breaks the contest's sum proof.
    mixed = copy.deepcopy(first)
    mixed["contests"][0]["selections"][0] = second["contests"][0]["selections"][0]
    with pytest.raises(box.BallotRejected, match="sum proof 1: proof does not verify"):
        box.check_ballot(manifest, mixed)


def test_a_selection_encrypting_two_is_rejected(manifest, ballots):
    context = load_election(manifest).context
    nonce = group.random_scalar()
    two = encrypt(2, context.public_key, nonce)
    proof = prove_range(context, TAG_SELECTION, two, 2, nonce, 1, 2)  # honest, wrong range
    ballot = copy.deepcopy(ballots[0])
    ballot["contests"][0]["selections"][1].update(**two.to_json(), proof=proof.to_json())
    with pytest.raises(box.BallotRejected, match="selection 2: proof does not verify"):
        box.check_ballot(manifest, ballot)


def test_a_contest_over_max_choices_is_rejected(manifest):
    """Three valid 0/1 selections where two are allowed: only the sum proof can catch it."""
    election = load_election(manifest)
    context = election.context
    nonces = [group.random_scalar() for _ in range(3)]
    ciphertexts = [encrypt(1, context.public_key, r) for r in nonces]
    total = ciphertexts[0] + ciphertexts[1] + ciphertexts[2]
    spec = election.contests[0]
    ballot = box.encrypt_ballot(manifest, {"council": [1, 1, 0], "jury": [0, 0, 0, 0]})
    for selection, ciphertext, nonce in zip(
        ballot["contests"][0]["selections"], ciphertexts, nonces, strict=True
    ):
        proof = prove_range(context, TAG_SELECTION, ciphertext, 1, nonce, 0, 1)
        selection.update(**ciphertext.to_json(), proof=proof.to_json())
    span = spec.ranges[0]
    assert (span.low, span.high) == (1, 2)
    cheat = prove_range(context, span.tag, total, 3, sum(nonces), 2, 3)  # two branches too
    ballot["contests"][0]["sum_proofs"] = [cheat.to_json()]
    with pytest.raises(box.BallotRejected, match="sum proof 1: proof does not verify"):
        box.check_ballot(manifest, ballot)


def test_a_yes_and_a_no_for_one_candidate_is_rejected(manifest):
    """Both are valid 0/1 selections; their sum 2 is the value the exclusion proof excludes."""
    election = load_election(manifest)
    context = election.context
    ballot = box.encrypt_ballot(manifest, {"council": [1, 0, 0], "jury": [0, 0, 0, 0]})
    nonces = [group.random_scalar(), group.random_scalar()]
    answers = [encrypt(1, context.public_key, nonce) for nonce in nonces]
    dana_yes_and_no = ballot["contests"][1]["selections"][:2]
    for selection, answer, nonce in zip(dana_yes_and_no, answers, nonces, strict=True):
        proof = prove_range(context, TAG_SELECTION, answer, 1, nonce, 0, 1)
        selection.update(**answer.to_json(), proof=proof.to_json())
    with pytest.raises(box.BallotRejected, match="'jury' sum proof 1: proof does not verify"):
        box.check_ballot(manifest, ballot)
    span = election.contests[1].ranges[0]
    assert span.by_exclusion and span.excluded == (2,)
    total, nonce = answers[0] + answers[1], sum(nonces) % group.ORDER
    lie = prove_exclusion(context, span.tag, total, 1, nonce, span.bounds)  # claims one answer
    ballot["contests"][1]["sum_proofs"][0] = lie.to_json()
    with pytest.raises(box.BallotRejected, match="'jury' sum proof 1: proof does not verify"):
        box.check_ballot(manifest, ballot)


def test_a_sum_proof_of_the_other_form_is_refused(manifest, ballots):
    """The manifest decides the form of each sum proof; a ballot cannot choose."""
    council, jury = ballots[0]["contests"]
    as_exclusion = copy.deepcopy(ballots[0])
    as_exclusion["contests"][0]["sum_proofs"] = jury["sum_proofs"][:1]
    with pytest.raises(box.BallotRejected, match="'council' sum proof 1: malformed proof"):
        box.check_ballot(manifest, as_exclusion)
    as_range = copy.deepcopy(ballots[0])
    as_range["contests"][1]["sum_proofs"][0] = council["sum_proofs"][0]
    with pytest.raises(box.BallotRejected, match="'jury' sum proof 1: malformed proof"):
        box.check_ballot(manifest, as_range)


def structural_changes(ballot):
    council, jury = ballot["contests"]
    yield "another election", {**ballot, "election": "0" * 64}
    yield "exactly 2 contests", {**ballot, "contests": [council]}
    yield "exactly 2 contests", {**ballot, "contests": [council, jury, jury]}
    yield "reordered contest", {**ballot, "contests": [jury, council]}
    selections = council["selections"]
    reordered = {**council, "selections": [selections[1], selections[0], selections[2]]}
    yield "reordered selection", {**ballot, "contests": [reordered, jury]}
    shorter = {**council, "selections": selections[:2]}
    yield "expected 3 selections", {**ballot, "contests": [shorter, jury]}
    longer = {**council, "selections": [*selections, selections[0]]}
    yield "expected 3 selections", {**ballot, "contests": [longer, jury]}
    yield "expected exactly the fields", {**ballot, "note": "x"}
    no_proofs = {**council, "sum_proofs": []}
    yield "expected 1 sum proofs", {**ballot, "contests": [no_proofs, jury]}
    point = {**selections[0], "alpha": group.IDENTITY.hex()}
    bad_point = {**council, "selections": [point, *selections[1:]]}
    yield "invalid point", {**ballot, "contests": [bad_point, jury]}
    yield "expected exactly the fields", []
    no_list = {**council, "selections": [selections[0], 7, selections[2]]}
    yield "selection 2: expected exactly the fields", {**ballot, "contests": [no_list, jury]}
    bad_proof = {**selections[0], "proof": {"challenges": "x", "responses": []}}
    bad_proofs = {**council, "selections": [bad_proof, *selections[1:]]}
    yield "selection 1: malformed proof", {**ballot, "contests": [bad_proofs, jury]}


def test_malformed_ballots_are_rejected_with_a_clear_message(manifest, ballots):
    for message, ballot in structural_changes(ballots[0]):
        with pytest.raises(box.BallotRejected, match=message):
            box.check_ballot(manifest, ballot)


def test_a_ballot_of_another_election_is_rejected(other_election, ballots):
    other = other_election
    with pytest.raises(box.BallotRejected, match="another election"):
        box.check_ballot(other.manifest, ballots[0])
    # Re-labelled with the other base hash, its proofs (bound to the first) fail.
    relabelled = {**ballots[0], "election": box.base_hash(other.manifest)}
    with pytest.raises(box.BallotRejected, match="proof does not verify"):
        box.check_ballot(other.manifest, relabelled)


def test_tracker_is_the_hash_of_the_canonical_ballot(ballots):
    import hashlib  # noqa: PLC0415

    for ballot in ballots:
        assert box.tracker(ballot) == hashlib.sha256(canonical_json(ballot)).hexdigest()


@given(st.binary(min_size=32, max_size=32))
def test_tracker_display_shows_the_first_100_bits(digest):
    tracker = digest.hex()
    display = box.tracker_display(tracker)
    assert len(display) == 24 and display.count("-") == 4
    symbols = display.replace("-", "")
    value = 0
    for symbol in symbols:
        value = value * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".index(symbol)
    assert value == int(tracker[:25], 16)
    assert box.normalise_tracker_display(display) == display
    typed = display.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert box.normalise_tracker_display(typed) == display


@pytest.mark.parametrize(
    "text", ["", "K7QF-3M9D", "K7QF-3M9D-TX2H-8WPC-ABCU", "K7QF3M9DTX2H8WPCABCDE"]
)
def test_bad_tracker_input_is_refused(text):
    with pytest.raises(box.TrackerFormatError):
        box.normalise_tracker_display(text)

"""Encrypted ballots: built from a plain choice at cast time, checked on arrival and in the record.

An encrypted ballot (JSON) names the election's base hash and lists every contest and every
selection in manifest order:

    {"election": BASE_HASH,
     "contests": [{"key": KEY,
                   "selections": [{"selection": NAME, "alpha": P, "beta": P,
                                   "proof": {"challenges": [c0, c1], "responses": [v0, v1]}}],
                   "sum_proofs": [{"challenges": [...], "responses": [...]}
                                  or {"challenge": c, "responses": [...]}]}]}

A sum proof has the first form (a range proof) or, for a `SumRange` proven by exclusion,
the second (an exclusion proof); the manifest decides which, never the ballot.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from . import group
from .elgamal import Ciphertext, encrypt, sum_ciphertexts
from .errors import BallotRejected, ChoiceError, InvalidEncoding
from .exclusion_proof import exclusion_proof_from_json, exclusion_proof_holds, prove_exclusion
from .manifest import ContestSpec, Election, SumRange, load_election
from .proof_context import TAG_SELECTION, ProofContext
from .range_proof import prove_range, range_proof_from_json, range_proof_holds

_BALLOT_FIELDS = {"election", "contests"}
_CONTEST_FIELDS = {"key", "selections", "sum_proofs"}
_SELECTION_FIELDS = {"selection", "alpha", "beta", "proof"}


def _check_choices(election: Election, choices: Mapping[str, Sequence[int]]) -> None:
    expected = [contest.key for contest in election.contests]
    if set(choices) != set(expected):
        raise ChoiceError(f"choices must name exactly the contests {expected}")
    for contest in election.contests:
        marks = choices[contest.key]
        if len(marks) != len(contest.selections):
            raise ChoiceError(f"contest {contest.key!r}: expected {len(contest.selections)} marks")
        if any(type(mark) is not int or mark not in (0, 1) for mark in marks):
            raise ChoiceError(f"contest {contest.key!r}: every mark must be 0 or 1")
        for span in contest.ranges:
            if not span.low <= sum(marks[i] for i in span.indices) <= span.high:
                raise ChoiceError(
                    f"contest {contest.key!r}: between {span.low} and {span.high} crosses allowed"
                )


def _prove_sum(
    context: ProofContext, span: SumRange, total: Ciphertext, value: int, nonce: int
) -> dict:
    if span.by_exclusion:
        return prove_exclusion(context, span.tag, total, value, nonce, span.bounds).to_json()
    return prove_range(context, span.tag, total, value, nonce, span.low, span.high).to_json()


def _sum_proof_holds(context: ProofContext, span: SumRange, total: Ciphertext, raw: object) -> bool:
    """Check one sum proof; raise `InvalidEncoding` if it is malformed."""
    if span.by_exclusion:
        proof = exclusion_proof_from_json(raw, len(span.excluded))
        return exclusion_proof_holds(context, span.tag, total, span.bounds, proof)
    ranged = range_proof_from_json(raw, span.high - span.low + 1)
    return range_proof_holds(context, span.tag, total, span.low, span.high, ranged)


def _encrypt_contest(election: Election, contest: ContestSpec, marks: Sequence[int]) -> dict:
    context = election.context
    nonces = [group.random_scalar() for _ in marks]
    ciphertexts = [encrypt(m, context.public_key, r) for m, r in zip(marks, nonces, strict=True)]
    selections = [
        {
            "selection": name,
            **ciphertext.to_json(),
            "proof": prove_range(context, TAG_SELECTION, ciphertext, mark, nonce, 0, 1).to_json(),
        }
        for name, ciphertext, mark, nonce in zip(
            contest.selections, ciphertexts, marks, nonces, strict=True
        )
    ]
    sum_proofs = []
    for span in contest.ranges:
        total = sum_ciphertexts([ciphertexts[i] for i in span.indices])
        value = sum(marks[i] for i in span.indices)
        nonce = sum(nonces[i] for i in span.indices) % group.ORDER
        sum_proofs.append(_prove_sum(context, span, total, value, nonce))
    return {"key": contest.key, "selections": selections, "sum_proofs": sum_proofs}


def encrypt_ballot(manifest: dict[str, Any], choices: Mapping[str, Sequence[int]]) -> dict:
    """Encrypt a voter's choice ({contest key: [0/1 per selection]}) with fresh nonces.

    Neither the choice nor the nonces leave this function: nothing is logged or cached.
    """
    election = load_election(manifest)
    _check_choices(election, choices)
    return {
        "election": election.base_hash,
        "contests": [
            _encrypt_contest(election, contest, choices[contest.key])
            for contest in election.contests
        ],
    }


def _require_fields(value: object, fields: set[str], where: str) -> dict:
    if not isinstance(value, dict) or set(value) != fields:
        raise BallotRejected(f"{where}: expected exactly the fields {sorted(fields)}")
    return value


def _read_selection(contest: ContestSpec, position: int, data: object) -> Ciphertext:
    where = f"contest {contest.key!r} selection {position + 1}"
    selection = _require_fields(data, _SELECTION_FIELDS, where)
    if selection["selection"] != contest.selections[position]:
        raise BallotRejected(
            f"{where}: expected {contest.selections[position]!r}, "
            f"found {selection['selection']!r} (missing, extra or reordered selection)"
        )
    try:
        # Validation finishes in the selection's proof check (see `range_proof_holds`).
        return Ciphertext(
            group.canonical_point_from_hex(selection["alpha"]),
            group.canonical_point_from_hex(selection["beta"]),
        )
    except InvalidEncoding as error:
        raise BallotRejected(f"{where}: invalid point: {error}") from None


def _read_contest(contest: ContestSpec, data: object, position: int) -> list[Ciphertext]:
    fields = _require_fields(data, _CONTEST_FIELDS, f"contest {position + 1}")
    if fields["key"] != contest.key:
        raise BallotRejected(
            f"contest {position + 1}: expected {contest.key!r}, found {fields['key']!r} "
            "(missing, extra or reordered contest)"
        )
    selections = fields["selections"]
    if not isinstance(selections, list) or len(selections) != len(contest.selections):
        raise BallotRejected(
            f"contest {contest.key!r}: expected {len(contest.selections)} selections"
        )
    return [_read_selection(contest, n, item) for n, item in enumerate(selections)]


def read_ballot(election: Election, ballot: object) -> list[list[Ciphertext]]:
    """Check the shape and election of a ballot; return its ciphertexts.

    Points are only checked for canonical encoding here; `check_ballot_against` completes
    their validation while it checks the selection proofs.
    """
    fields = _require_fields(ballot, _BALLOT_FIELDS, "ballot")
    if fields["election"] != election.base_hash:
        raise BallotRejected("ballot is for another election (base hash differs)")
    contests = fields["contests"]
    if not isinstance(contests, list) or len(contests) != len(election.contests):
        raise BallotRejected(f"ballot must hold exactly {len(election.contests)} contests")
    return [
        _read_contest(spec, data, n)
        for n, (spec, data) in enumerate(zip(election.contests, contests, strict=True))
    ]


def _check_contest_proofs(
    election: Election, spec: ContestSpec, data: dict, ciphertexts: list[Ciphertext]
) -> None:
    context = election.context
    for n, (selection, ciphertext) in enumerate(zip(data["selections"], ciphertexts, strict=True)):
        where = f"contest {spec.key!r} selection {n + 1}"
        try:
            proof = range_proof_from_json(selection["proof"], 2)
        except InvalidEncoding as error:
            raise BallotRejected(f"{where}: malformed proof: {error}") from None
        try:
            valid = range_proof_holds(
                context, TAG_SELECTION, ciphertext, 0, 1, proof, finish_validation=True
            )
        except InvalidEncoding as error:
            raise BallotRejected(f"{where}: invalid point: {error}") from None
        if not valid:
            raise BallotRejected(f"{where}: proof does not verify")
    sum_proofs = data["sum_proofs"]
    if not isinstance(sum_proofs, list) or len(sum_proofs) != len(spec.ranges):
        raise BallotRejected(f"contest {spec.key!r}: expected {len(spec.ranges)} sum proofs")
    for n, (span, raw) in enumerate(zip(spec.ranges, sum_proofs, strict=True)):
        where = f"contest {spec.key!r} sum proof {n + 1}"
        total = sum_ciphertexts([ciphertexts[i] for i in span.indices])
        try:
            valid = _sum_proof_holds(context, span, total, raw)
        except InvalidEncoding as error:
            raise BallotRejected(f"{where}: malformed proof: {error}") from None
        if not valid:
            raise BallotRejected(f"{where}: proof does not verify")


def check_ballot_against(election: Election, ballot: object) -> list[list[Ciphertext]]:
    """Full check of one ballot against a loaded election; returns its ciphertexts."""
    ciphertexts = read_ballot(election, ballot)
    for spec, data, contest_ciphertexts in zip(
        election.contests,
        ballot["contests"],  # type: ignore[index]
        ciphertexts,
        strict=True,
    ):
        _check_contest_proofs(election, spec, data, contest_ciphertexts)
    return ciphertexts


def check_ballot(manifest: dict[str, Any], ballot: object) -> None:
    """Raise `BallotRejected` unless `ballot` is a well-formed ballot of this election."""
    election = load_election(manifest)
    try:
        check_ballot_against(election, ballot)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        if isinstance(error, BallotRejected):
            raise
        raise BallotRejected(f"malformed ballot: {error!r}") from None

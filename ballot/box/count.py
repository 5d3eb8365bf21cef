"""The count: add up ciphertexts, trustees' partial decryptions, and their combination.

Only sums are ever decrypted. Each trustee i contributes M_i = s_i·A per selection with a
Chaum–Pedersen proof; `combine` checks every proof against the public share K_i that the
Feldman commitments give, then forms Σ λ_i·M_i with Lagrange coefficients at 0 over
exactly the participating indices, so the secret s is never rebuilt.
"""

from collections.abc import Sequence
from typing import Any

from . import group
from .ceremony import TrusteeShare, _public_share
from .decryption_proof import decryption_proof_holds, prove_decryption
from .dlog import SmallDiscreteLog
from .elgamal import ZERO, Ciphertext, ciphertext_from_json
from .errors import BoxError, CountError, InvalidEncoding
from .manifest import Election, load_election
from .parallel import map_chunks
from .proof_context import challenge_response_from_json
from .schnorr import key_proof_holds, prove_key

Sums = list[list[Ciphertext]]


def _ballot_points(election: Election, ballot: dict[str, Any]) -> bytes:
    """The α and β of every selection of a ballot that passed `check_ballot` when cast,
    concatenated in manifest order (64 bytes per selection).

    Points are not re-validated here (that costs more than the sum); libsodium's addition
    still refuses anything off the curve, and `verify_record` re-checks every ballot.
    Compact bytes are also what we send to worker processes: far cheaper than the dicts.
    """
    if not isinstance(ballot, dict) or ballot.get("election") != election.base_hash:
        raise CountError("a ballot of another election cannot be counted")
    contests = ballot["contests"]
    if [c["key"] for c in contests] != [spec.key for spec in election.contests]:
        raise CountError("a ballot does not list the election's contests")
    hex_points = []
    for spec, contest in zip(election.contests, contests, strict=True):
        if len(contest["selections"]) != len(spec.selections):
            raise CountError(f"a ballot has the wrong number of selections in {spec.key!r}")
        for selection in contest["selections"]:
            hex_points += (selection["alpha"], selection["beta"])
    if not all(isinstance(text, str) and len(text) == 64 for text in hex_points):
        raise CountError("a ballot holds a malformed point")
    try:
        return bytes.fromhex("".join(hex_points))
    except ValueError:
        raise CountError("a ballot holds a malformed point") from None


def empty_sums(election: Election) -> Sums:
    return [[ZERO] * len(spec.selections) for spec in election.contests]


def add_sums(left: Sums, right: Sums) -> Sums:
    return [
        [a + b for a, b in zip(row_a, row_b, strict=True)]
        for row_a, row_b in zip(left, right, strict=True)
    ]


def _sum_chunk(start: int, points: Sequence[bytes], manifest: dict) -> Sums:
    election = load_election(manifest)
    shape = [len(spec.selections) for spec in election.contests]
    alphas = [group.IDENTITY] * sum(shape)
    betas = [group.IDENTITY] * sum(shape)
    for packed in points:
        for n in range(len(alphas)):
            offset = 64 * n
            alphas[n] = group.add(alphas[n], packed[offset : offset + 32])
            betas[n] = group.add(betas[n], packed[offset + 32 : offset + 64])
    sums, n = [], 0
    for size in shape:
        sums.append([Ciphertext(alphas[n + k], betas[n + k]) for k in range(size)])
        n += size
    return sums


def sums_to_json(election: Election, sums: Sums, ballot_count: int) -> dict[str, Any]:
    return {
        "election": election.base_hash,
        "ballot_count": ballot_count,
        "contests": [
            {"key": spec.key, "selections": [c.to_json() for c in row]}
            for spec, row in zip(election.contests, sums, strict=True)
        ],
    }


def aggregate(
    manifest: dict[str, Any], ballots: Sequence[dict[str, Any]], *, workers: int | None = None
) -> dict[str, Any]:
    """Per selection, the sum of all ballots' ciphertexts (JSON)."""
    election = load_election(manifest)
    points = [_ballot_points(election, ballot) for ballot in ballots]
    total = empty_sums(election)
    for part in map_chunks(_sum_chunk, points, manifest, workers=workers):
        total = add_sums(total, part)
    return sums_to_json(election, total, len(ballots))


def _contest_keys(contests: object) -> list[object] | None:
    """The keys of a list of contest objects; None for anything else."""
    if not isinstance(contests, list) or not all(isinstance(c, dict) for c in contests):
        return None
    return [contest.get("key") for contest in contests]


def read_aggregate(election: Election, data: object) -> tuple[Sums, int]:
    """Parse and validate an aggregate; the identity is allowed (e.g. no ballots at all)."""
    if not isinstance(data, dict) or set(data) != {"election", "ballot_count", "contests"}:
        raise CountError("an aggregate has exactly the fields election, ballot_count, contests")
    if data["election"] != election.base_hash:
        raise CountError("the aggregate belongs to another election")
    count, contests = data["ballot_count"], data["contests"]
    if type(count) is not int or count < 0:
        raise CountError("the aggregate's ballot_count must be a non-negative integer")
    if _contest_keys(contests) != [spec.key for spec in election.contests]:
        raise CountError("the aggregate does not list the election's contests in order")
    sums = []
    for spec, contest in zip(election.contests, contests, strict=True):
        selections = contest.get("selections")
        if not isinstance(selections, list) or len(selections) != len(spec.selections):
            raise CountError(f"aggregate contest {spec.key!r} has the wrong number of selections")
        try:
            sums.append([ciphertext_from_json(s, allow_identity=True) for s in selections])
        except InvalidEncoding as error:
            raise CountError(f"aggregate contest {spec.key!r}: {error}") from None
    return sums, count


def partial_decrypt(
    share: TrusteeShare, aggregate: dict[str, Any], manifest: dict[str, Any]
) -> dict[str, Any]:
    """Trustee `share.index`'s s_i·A for every selection, each with its proof (JSON)."""
    election = load_election(manifest)
    sums, _ = read_aggregate(election, aggregate)
    base_hash = election.context.base_hash
    contests = []
    for spec, row in zip(election.contests, sums, strict=True):
        selections = []
        for ciphertext in row:
            partial = group.mul(share.secret, ciphertext.alpha)
            proof = prove_decryption(
                base_hash, share.index, share.secret, share.public_share, ciphertext.alpha, partial
            )
            selections.append({"partial": partial.hex(), "proof": proof.to_json()})
        contests.append({"key": spec.key, "selections": selections})
    return {
        "trustee": share.index,
        "public_share": share.public_share.hex(),
        "key_proof": prove_key(base_hash, share.index, share.secret).to_json(),
        "contests": contests,
    }


def _partial_index(election: Election, data: object) -> int:
    """Check the outline of a partial decryption; return the trustee index it names."""
    if not isinstance(data, dict) or set(data) != {
        "trustee",
        "public_share",
        "key_proof",
        "contests",
    }:
        raise CountError("a partial decryption has the wrong fields")
    index = data["trustee"]
    if type(index) is not int or not 1 <= index <= election.trustee_count:
        raise CountError(f"partial decryption names no trustee of this election: {index!r}")
    contests = data["contests"]
    if _contest_keys(contests) != [spec.key for spec in election.contests]:
        raise CountError(f"trustee {index}: contests missing or out of order")
    return index


def check_partial(
    election: Election, sums: Sums, data: dict[str, Any]
) -> tuple[int, list[list[bytes]]]:
    """Verify a partial decryption against the trustee's public share from the commitments."""
    index = _partial_index(election, data)
    base_hash = election.context.base_hash
    expected_share = _public_share(election.commitments, index)
    if data["public_share"] != expected_share.hex():
        raise CountError(f"trustee {index}: public share does not follow from the commitments")
    try:
        key_proof = challenge_response_from_json(data["key_proof"])
    except InvalidEncoding as error:
        raise CountError(f"trustee {index}: malformed key proof: {error}") from None
    if not key_proof_holds(base_hash, index, expected_share, key_proof):
        raise CountError(f"trustee {index}: key proof does not verify")
    partials = []
    for spec, row, contest in zip(election.contests, sums, data["contests"], strict=True):
        selections = contest.get("selections")
        if not isinstance(selections, list) or len(selections) != len(row):
            raise CountError(f"trustee {index}, contest {spec.key!r}: wrong number of selections")
        partials.append(
            [
                _check_partial_selection(base_hash, index, expected_share, ciphertext, item, where)
                for n, (ciphertext, item) in enumerate(zip(row, selections, strict=True))
                for where in [f"trustee {index}, contest {spec.key!r}, selection {n + 1}"]
            ]
        )
    return index, partials


def _check_partial_selection(
    base_hash: bytes,
    index: int,
    public_share: bytes,
    ciphertext: Ciphertext,
    item: object,
    where: str,
) -> bytes:
    if not isinstance(item, dict) or set(item) != {"partial", "proof"}:
        raise CountError(f"{where}: expected the fields partial and proof")
    try:
        partial = group.point_from_hex(item["partial"], allow_identity=True)
        proof = challenge_response_from_json(item["proof"])
    except InvalidEncoding as error:
        raise CountError(f"{where}: {error}") from None
    if not decryption_proof_holds(base_hash, index, public_share, ciphertext.alpha, partial, proof):
        raise CountError(f"{where}: decryption proof does not verify")
    return partial


def lagrange_at_zero(indices: Sequence[int]) -> dict[int, int]:
    """λ_i = Π_{j≠i} j / (j − i) mod ℓ, over exactly the given indices."""
    coefficients = {}
    for i in indices:
        numerator, denominator = 1, 1
        for j in indices:
            if j != i:
                numerator = numerator * j % group.ORDER
                denominator = denominator * (j - i) % group.ORDER
        coefficients[i] = numerator * pow(denominator, -1, group.ORDER) % group.ORDER
    return coefficients


def decrypt_sums(
    election: Election, sums: Sums, partials: dict[int, list[list[bytes]]], max_count: int
) -> dict[str, list[int]]:
    """Combine checked partial decryptions and solve for each selection's count."""
    if len(partials) < election.threshold:
        raise CountError(
            f"{len(partials)} trustee(s) took part; opening the count needs {election.threshold}"
        )
    weights = lagrange_at_zero(sorted(partials))
    solver = SmallDiscreteLog(max_count)
    counts: dict[str, list[int]] = {}
    for c, (spec, row) in enumerate(zip(election.contests, sums, strict=True)):
        counts[spec.key] = []
        for s, ciphertext in enumerate(row):
            shared = group.IDENTITY
            for index, weight in weights.items():
                shared = group.add(shared, group.mul(weight, partials[index][c][s]))
            value = solver.solve(group.sub(ciphertext.beta, shared))
            if value is None:
                raise CountError(
                    f"contest {spec.key!r}, selection {s + 1}: "
                    f"does not decrypt to a count from 0 to {max_count}"
                )
            counts[spec.key].append(value)
    return counts


def combine(
    manifest: dict[str, Any],
    aggregate: dict[str, Any],
    partials: Sequence[dict[str, Any]],
    max_count: int,
) -> dict[str, list[int]]:
    """Verify every partial decryption, then combine them into {contest key: [counts]}."""
    election = load_election(manifest)
    sums, _ = read_aggregate(election, aggregate)
    checked: dict[int, list[list[bytes]]] = {}
    for data in partials:
        try:
            index, points = check_partial(election, sums, data)
        except (BoxError, KeyError, TypeError, AttributeError) as error:
            raise CountError(str(error)) from None
        if index in checked:
            raise CountError(f"trustee {index} took part twice")
        checked[index] = points
    return decrypt_sums(election, sums, checked, max_count)

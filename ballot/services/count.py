"""Closing checks, the count with the committee, the signed record, the result and publishing.

No count exists before `threshold` trustees have handed in their shares: partial decryptions
are stored (they are public, with proofs) but combined only when enough are in.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ballot import box, tally
from ballot.box.record import ROLL_FIELDS
from ballot.canonical import canonical_json
from ballot.models import (
    CLOSED,
    COUNTED,
    PUBLISHED,
    USED,
    CodeLetter,
    CountOutput,
    Election,
    PartialDecryption,
    RollEntry,
    StoredBallot,
    Trustee,
)
from ballot.services.actor import Actor
from ballot.services.audit import find_audit_breaks, write_audit
from ballot.services.ceremony import counting_rules, election_manifest, signing_purpose
from ballot.services.elections import hold_election
from ballot.services.errors import InvalidInput, Msg, WrongState, state_name
from ballot.services.letters import letter_figures
from ballot.services.permissions import require_committee_member, require_election_officer
from ballot.services.report import german_check_text, render_count_report
from ballot.services.sealing import unseal


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: Msg


def stored_ballots(session: Session, election: Election) -> list[dict]:
    query = select(StoredBallot.content).where(StoredBallot.election_id == election.id)
    return list(session.scalars(query.order_by(StoredBallot.tracker)))


def _voted(session: Session, election: Election, electorates=None) -> int:
    query = select(func.count()).where(
        RollEntry.election_id == election.id, RollEntry.has_voted.is_(True)
    )
    if electorates is not None:
        query = query.where(RollEntry.electorate_key.in_(electorates))
    return session.scalar(query) or 0


def pre_count_checks(session: Session, election: Election) -> list[Check]:
    """The integrity checks run, shown and recorded before the count of a closed election."""
    require_closed(election)
    ballots = stored_ballots(session, election)
    used = session.scalar(
        select(func.count()).where(CodeLetter.election_id == election.id, CodeLetter.state == USED)
    )
    voted = _voted(session, election)
    manifest = election_manifest(election)
    checks = [
        Check(
            "ballots-match-codes",
            len(ballots) == used == voted,
            Msg(
                "{ballots} ballots, {used} codes used, {voted} marked voted",
                ballots=len(ballots),
                used=used,
                voted=voted,
            ),
        ),
        _check_ballots(manifest, ballots),
        _check_audit_chain(session),
        Check(
            "election-unchanged",
            box.base_hash(manifest) == election.manifest_hash,
            Msg("base hash {hash}", hash=election.manifest_hash),
        ),
    ]
    return checks


def _check_audit_chain(session: Session) -> Check:
    breaks = find_audit_breaks(session)
    if breaks:
        return Check("audit-chain", False, Msg("broken: {breaks}", breaks="; ".join(breaks)))
    return Check("audit-chain", True, Msg("intact"))


def _check_ballots(manifest: dict, ballots: list[dict]) -> Check:
    trackers = [box.tracker(b) for b in ballots]
    if len(set(trackers)) != len(trackers):
        return Check("ballots-verify", False, Msg("a tracker appears twice"))
    for number, ballot in enumerate(ballots, start=1):
        try:
            box.check_ballot(manifest, ballot)
        except box.BoxError as error:
            return Check(
                "ballots-verify",
                False,
                Msg("ballot {number}: {reason}", number=number, reason=str(error)),
            )
    return Check("ballots-verify", True, Msg("all {n} ballots carry valid proofs", n=len(ballots)))


def require_closed(election: Election) -> None:
    """The count is for a closed election, once."""
    if election.state in (COUNTED, PUBLISHED):
        raise WrongState(Msg("The election has been counted already."))
    if election.state != CLOSED:
        raise WrongState(
            Msg(
                "The count starts after the election is closed; it is {state}.",
                state=state_name(election.state),
            )
        )


def hand_in_share(
    session: Session,
    *,
    election: Election,
    share_file: bytes,
    passphrase: str,
    actor: Actor,
    now: datetime,
) -> tuple[Trustee, int]:
    """A trustee's share partially decrypts the sums; returns the seat and how many are in.

    Signed-in members may hand in only their own share; the operator's CLI any share."""
    require_committee_member(session, actor, election)
    hold_election(session, election)
    require_closed(election)
    manifest = election_manifest(election)
    try:
        share = box.open_share_file(share_file, passphrase, manifest)
    except box.BoxError as error:
        raise InvalidInput(_share_refused(share_file, error)) from None
    trustee = session.scalars(
        select(Trustee).where(Trustee.election_id == election.id, Trustee.index == share.index)
    ).one()
    if not actor.is_operator and trustee.account_id != actor.account_id:
        raise InvalidInput(Msg("This share file belongs to another committee member."))
    aggregate = box.aggregate(manifest, stored_ballots(session, election))
    partial = box.partial_decrypt(share, aggregate, manifest)
    del share
    _store_partial(session, election, trustee.index, partial)
    write_audit(
        session,
        actor=actor,
        action="count.share",
        obj=f"election:{election.slug}",
        now=now,
        details={"trustee": trustee.index},
        area_id=election.area_id,
    )
    return trustee, len(_partials(session, election))


def _share_refused(share_file: bytes, error: box.BoxError) -> Msg:
    """Name the trustee whose file was refused: the count takes several files at once. The
    reason is shown in the trustee's language (box.ShareRejected keeps its template)."""
    reason = error.reason if isinstance(error, box.ShareRejected) else str(error)
    index = box.share_file_trustee(share_file)
    if index is None:
        return Msg("The share file was refused: {reason}", reason=reason)
    return Msg(
        "The share file of trustee {index} was refused: {reason}", index=index, reason=reason
    )


def _store_partial(session: Session, election: Election, index: int, partial: dict) -> None:
    existing = session.scalars(
        select(PartialDecryption).where(
            PartialDecryption.election_id == election.id, PartialDecryption.trustee_index == index
        )
    ).first()
    if existing is not None:
        existing.content = partial
    else:
        session.add(
            PartialDecryption(election_id=election.id, trustee_index=index, content=partial)
        )
    session.flush()


def _partials(session: Session, election: Election) -> list[dict]:
    query = select(PartialDecryption).where(PartialDecryption.election_id == election.id)
    return [p.content for p in session.scalars(query.order_by(PartialDecryption.trustee_index))]


def shares_handed_in(session: Session, election: Election) -> list[int]:
    query = select(PartialDecryption.trustee_index).where(
        PartialDecryption.election_id == election.id
    )
    return sorted(session.scalars(query))


class LotNeeded(InvalidInput):
    """A tie decides something: the committee must enter the public input for the lot."""

    code = "lot_needed"

    def __init__(self, ties: list[str]):
        super().__init__(
            Msg("A tie decides a seat or a rank: enter the public input for the lot."),
            problems=ties,
        )


def roll_figures(session: Session, election: Election) -> dict:
    letters = letter_figures(session, election)
    figures = {
        "eligible": session.scalar(
            select(func.count()).where(RollEntry.election_id == election.id)
        ),
        "letters_issued": letters["issued"],
        "revoked": letters["revoked"],
        "reissued": letters["reissued"],
        "voted": _voted(session, election),
        "ballots": len(stored_ballots(session, election)),
    }
    for electorate in election.electorates:
        figures[f"voted:{electorate.key}"] = _voted(session, election, [electorate.key])
    return figures


def allocation_request(contest, manifest_contest: dict, counts: list[int], figures: dict) -> dict:
    """The `ballot allocate` request of one contest: the same engine decides the count."""
    ballots_cast = sum(figures[f"voted:{key}"] for key in contest.electorate_keys)
    return {
        "method": contest.method,
        "seats": contest.seats,
        "ballots_cast": ballots_cast,
        "votes": box.allocation_votes(manifest_contest, counts),
        **counting_rules(contest),
    }


def _results(election, manifest, counts, figures, lot_input, counts_hash) -> dict:
    results, ties = {}, []
    for contest, spec in zip(election.contests, manifest["contests"], strict=True):
        request = allocation_request(contest, spec, counts[contest.key], figures)
        if lot_input:
            request["lot_input"] = lot_input
        outcome = tally.allocate(request, counts_hash=counts_hash)
        if not outcome.get("complete", True):
            ties += [_tie_text(contest.title, t) for t in outcome.get("ties", [])]
        results[contest.key] = {"request": request, "outcome": outcome}
    if ties:
        raise LotNeeded(ties)
    return results


def _tie_text(contest_title: str, tie: dict) -> Msg:
    """A tie the committee must break by lot, in words (the console shows them all)."""
    facts = {
        "contest": contest_title,
        "names": ", ".join(tie["candidates"]),
        "votes": tie["votes"],
    }
    if tie["decides"] == "seat":
        return Msg(
            "{contest}: a lot decides a seat between {names} (equal votes: {votes}).", **facts
        )
    if tie["decides"] == "substitute-rank":
        return Msg(
            "{contest}: a lot decides the substitutes' ranks among {names} (equal votes: {votes}).",
            **facts,
        )
    return Msg("{contest}: a lot decides between {names} (equal votes: {votes}).", **facts)


def composition_after_count(election: Election, results: dict) -> dict:
    return tally.check_composition(
        [{"key": c.key, "seats": c.seats, "resident": c.is_resident} for c in election.contests],
        {key: len(r["outcome"]["elected"]) for key, r in results.items()},
    )


def finish_count(
    session: Session,
    *,
    election: Election,
    secret_key: str,
    lot_input: str | None,
    actor: Actor,
    now: datetime,
    committee: list[str],
) -> CountOutput:
    """Combine the partial decryptions, allocate the seats, sign the record, render the report."""
    require_committee_member(session, actor, election)
    hold_election(session, election)  # a second press waits, then finds the election counted
    require_closed(election)
    checks = pre_count_checks(session, election)
    failed = [check for check in checks if not check.ok]
    if failed:
        raise WrongState(
            Msg("An integrity check failed; the count does not start."),
            problems=[f"{check.name}: {check.detail}" for check in failed],
        )
    manifest = election_manifest(election)
    ballots, partials = stored_ballots(session, election), _partials(session, election)
    if len(partials) < election.threshold:
        raise WrongState(
            Msg(
                "{n} of {t} trustees have handed in their share; the count needs {t}.",
                n=len(partials),
                t=election.threshold,
            )
        )
    aggregate = box.aggregate(manifest, ballots)
    counts = box.combine(manifest, aggregate, partials, max_count=len(ballots))
    figures = roll_figures(session, election)
    counts_hash = box.counts_hash({"manifest": manifest, "ballots": ballots, "counts": counts})
    results = _results(election, manifest, counts, figures, (lot_input or "").strip(), counts_hash)
    signing_key = unseal(secret_key, signing_purpose(election), election.signing_key_sealed)
    record_figures = {name: figures[name] for name in ROLL_FIELDS}
    record = box.build_record(
        manifest, ballots, aggregate, partials, counts, record_figures, results, signing_key
    )
    result = result_document(election, results, composition_after_count(election, results))
    checks = [german_check_text(check.name, check.detail) for check in checks]
    output = _store_output(session, election, record, result, figures, committee, checks, now)
    election.state = COUNTED
    write_audit(
        session,
        actor=actor,
        action="count.finish",
        obj=f"election:{election.slug}",
        now=now,
        details={"record_sha256": output.record_sha256},
        area_id=election.area_id,
    )
    return output


def result_document(election: Election, results: dict, composition: dict) -> dict:
    """result.json: what was decided, per contest, with every tie, lot and event."""
    return {
        "format": "ballot-result/1",
        "election": election.slug,
        "title": election.title,
        "contests": {
            key: {
                "votes": r["request"]["votes"],
                "ballots_cast": r["request"]["ballots_cast"],
                **r["outcome"],
            }
            for key, r in results.items()
        },
        "composition": composition,
    }


def _store_output(session, election, record, result, figures, committee, checks, now):
    record_bytes = canonical_json(record)
    result_bytes = canonical_json(result)
    record_sha = hashlib.sha256(record_bytes).hexdigest()
    pdf = render_count_report(
        election, record, result, record_bytes, result_bytes, figures, committee, checks, now
    )
    output = session.scalars(
        select(CountOutput).where(CountOutput.election_id == election.id)
    ).first() or CountOutput(election_id=election.id)
    output.record_json = record_bytes.decode()
    output.result_json = result_bytes.decode()
    output.report_pdf = pdf
    output.record_sha256 = record_sha
    session.add(output)
    session.flush()
    return output


def publish_result(session: Session, *, election: Election, actor: Actor, now: datetime) -> None:
    require_election_officer(session, actor, election)
    hold_election(session, election)
    if election.state != COUNTED:
        raise WrongState(
            Msg(
                "Only a counted election can be published; it is {state}.",
                state=state_name(election.state),
            )
        )
    election.state = PUBLISHED
    write_audit(
        session,
        actor=actor,
        action="election.publish",
        obj=f"election:{election.slug}",
        now=now,
        area_id=election.area_id,
    )


def count_output(session: Session, election: Election) -> CountOutput | None:
    return session.scalars(
        select(CountOutput).where(CountOutput.election_id == election.id)
    ).first()


def published_result(session: Session, election: Election) -> dict | None:
    """The result document of a published election, for the public page."""
    output = count_output(session, election) if election.state == PUBLISHED else None
    return json.loads(output.result_json) if output else None

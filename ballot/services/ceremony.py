"""The key ceremony: committee members choose passphrases, the server splits a fresh election
secret among them and forgets it. Only public keys and sealed shares are stored.

1. An officer names the committee seats and the threshold (`set_up_trustees`).
2. Each member, signed in, chooses a passphrase (`register_passphrase`); the server keeps the
   public key derived from it and its salt, never the passphrase.
3. When every seat has a key, `complete_ceremony` draws the secret, seals each share to its
   member's key, stores the public key, the commitments and the election's signing key (sealed
   under BALLOT_SECRET_KEY) and freezes the ballot: contests and candidates no longer change.
4. Each member downloads their own share file (`share_file`).
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ballot import box
from ballot.models import DRAFT, Election, Trustee
from ballot.services.actor import Actor
from ballot.services.audit import write_audit
from ballot.services.election_spec import check_election, election_to_data
from ballot.services.elections import hold_election
from ballot.services.errors import InvalidInput, Msg, NotFound, PermissionDenied, WrongState
from ballot.services.permissions import require_election_officer
from ballot.services.sealing import seal

MIN_PASSPHRASE = 12


def signing_purpose(election: Election) -> str:
    return f"signing:{election.slug}"


def manifest_contests(election: Election) -> list[dict]:
    with_rules = election.record_format in box.FORMATS_WITH_RULES
    return [
        {
            "key": c.key,
            "title": c.title,
            "method": c.method,
            "seats": c.seats,
            "min_choices": 0 if c.method == "yes-no" else c.min_choices,
            "max_choices": len(c.candidates) if c.method == "yes-no" else c.max_choices,
            "candidates": [cand.name for cand in c.candidates],
            **({"rules": counting_rules(c)} if with_rules else {}),
        }
        for c in election.contests
    ]


def counting_rules(contest) -> dict:
    """A contest's hurdle, quotas and candidates' attributes, as the count's request states them."""
    return {
        "hurdle_percent": contest.hurdle_percent,
        "quotas": [dict(q) for q in contest.quotas],
        "attributes": {c.name: dict(c.attributes) for c in contest.candidates if c.attributes},
    }


def election_manifest(election: Election) -> dict:
    """The manifest of an election whose ceremony is done (the base of every proof)."""
    if not election.public_key:
        raise WrongState(Msg("The key ceremony has not been held yet."))
    return box.build_manifest(
        election.slug,
        election.title,
        manifest_contests(election),
        election.public_key,
        election.commitments,
        election.threshold,
        len(election_trustees_of(election)),
        record_format=election.record_format,
    )


def election_trustees_of(election: Election) -> list[Trustee]:
    session = object_session(election)
    query = select(Trustee).where(Trustee.election_id == election.id).order_by(Trustee.index)
    return list(session.scalars(query))


def set_up_trustees(
    session: Session,
    *,
    election: Election,
    members: list[tuple[str, int | None]],
    threshold: int,
    actor: Actor,
    now: datetime,
) -> list[Trustee]:
    """Create the committee's seats: `members` lists (name, account id or None)."""
    require_election_officer(session, actor, election)
    hold_election(session, election)
    _require_ceremony_possible(election)
    if not 1 <= threshold <= len(members):
        raise InvalidInput(
            Msg(
                "The threshold must be between 1 and the number of trustees ({n}).", n=len(members)
            ),
            problems=[Msg("threshold: {t}", t=threshold)],
        )
    for old in election_trustees_of(election):
        session.delete(old)
    session.flush()
    trustees = [
        Trustee(election_id=election.id, index=n, name=name, account_id=account_id)
        for n, (name, account_id) in enumerate(members, start=1)
    ]
    session.add_all(trustees)
    election.threshold = threshold
    session.flush()
    write_audit(
        session,
        actor=actor,
        action="ceremony.setup",
        obj=f"election:{election.slug}",
        now=now,
        details={"trustees": len(members), "threshold": threshold},
        area_id=election.area_id,
    )
    return trustees


def _require_ceremony_possible(election: Election) -> None:
    if election.state != DRAFT:
        raise WrongState(Msg("The key ceremony is held while the election is in draft."))
    if election.public_key:
        raise WrongState(Msg("The key ceremony has been held already."))
    check_election(election_to_data(election), complete=True)


def trustee_seat(session: Session, election: Election, actor: Actor) -> Trustee:
    """The seat of the signed-in committee member (the operator may act for any)."""
    for trustee in election_trustees_of(election):
        if actor.account is not None and trustee.account_id == actor.account.id:
            return trustee
    raise PermissionDenied("Not found.")


def register_passphrase(
    session: Session,
    *,
    election: Election,
    trustee: Trustee,
    passphrase: str,
    actor: Actor,
    now: datetime,
) -> None:
    if not actor.is_operator and (actor.account is None or trustee.account_id != actor.account.id):
        raise PermissionDenied("Not found.")
    seat = (trustee.index, trustee.name, trustee.account_id)
    hold_election(session, election)
    _require_ceremony_possible(election)
    # The seat as it is now: an officer who saved the trustees meanwhile made new seats.
    trustee = session.get(Trustee, trustee.id, populate_existing=True)
    if trustee is None or (trustee.index, trustee.name, trustee.account_id) != seat:
        raise WrongState(Msg("The trustees were changed meanwhile. Please open the page again."))
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(
            Msg("The passphrase must have at least {n} characters.", n=MIN_PASSPHRASE),
            problems=[Msg("passphrase: too short")],
        )
    salt = box.new_sealing_salt()
    trustee.sealing_salt = salt
    trustee.sealing_public_key = box.trustee_sealing_key(passphrase, salt)
    write_audit(
        session,
        actor=actor,
        action="ceremony.passphrase",
        obj=f"election:{election.slug}",
        now=now,
        details={"trustee": trustee.index},
        area_id=election.area_id,
    )


def complete_ceremony(
    session: Session, *, election: Election, secret_key: str, actor: Actor, now: datetime
) -> dict:
    """Draw the secret, seal the shares, store the public parts; return the manifest."""
    hold_election(session, election)  # a second press waits, then finds the ceremony held
    trustees = election_trustees_of(election)
    if not trustees:
        raise WrongState(Msg("Name the trustees first."))
    _require_ceremony_possible(election)
    waiting = [t.name for t in trustees if not t.sealing_public_key]
    if waiting:
        raise WrongState(
            Msg("Still waiting for the passphrases of: {names}", names=", ".join(waiting))
        )
    ceremony = box.run_key_ceremony(
        election.threshold, [(t.index, t.sealing_public_key, t.sealing_salt) for t in trustees]
    )
    election.public_key = ceremony.public_key
    election.commitments = list(ceremony.commitments)
    election.record_format = box.RECORD_FORMAT
    manifest = election_manifest(election)
    shares = box.seal_share_files(ceremony, manifest)
    for trustee in trustees:
        trustee.sealed_share = shares[trustee.index].decode()
    private, public = box.new_signing_key()
    election.signing_public_key = public
    election.signing_key_sealed = seal(secret_key, signing_purpose(election), private)
    election.manifest_hash = box.base_hash(manifest)
    write_audit(
        session,
        actor=actor,
        action="ceremony.complete",
        obj=f"election:{election.slug}",
        now=now,
        details={"base_hash": election.manifest_hash, "public_key": election.public_key},
        area_id=election.area_id,
    )
    return manifest


def share_file(session: Session, *, election: Election, trustee: Trustee, actor: Actor) -> bytes:
    """A trustee's own sealed share file; nobody else may download it."""
    if not actor.is_operator and (actor.account is None or trustee.account_id != actor.account.id):
        raise PermissionDenied("Not found.")
    if not trustee.sealed_share:
        raise NotFound(
            Msg("The share file is not ready: the ceremony is not complete."), safe_to_show=True
        )
    return trustee.sealed_share.encode()

"""The two-person rule: opening, closing early and publishing need a second person.

With the rule on (the default for every election), an officer's request waits until another
person confirms it: an officer of the same area or a committee member of the election. The
operator at the shell acts alone; the demo switches the rule off.
"""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ballot.models import COUNTED, DRAFT, OPEN, Account, Election, PendingAction
from ballot.services import count as count_service
from ballot.services import elections as election_service
from ballot.services.actor import Actor
from ballot.services.audit import write_audit
from ballot.services.errors import Msg, NotFound, WrongState
from ballot.services.permissions import require_election_officer, require_officer_or_committee

ACTIONS: dict[str, Callable] = {
    "open": election_service.open_election,
    "close": election_service.close_election,
    "publish": count_service.publish_result,
}


def needs_second_person(election: Election, action: str, actor: Actor, now: datetime) -> bool:
    if actor.is_operator or not election.two_person_rule:
        return False
    # Closing at the set time is the clock's job; only closing early needs two people.
    return not (action == "close" and now >= election.closes)


# The state in which a request can still be confirmed. Once the action is done some other way
# (alone at the closing time, or at the shell), its request no longer waits.
WAITS_IN = {"open": DRAFT, "close": OPEN, "publish": COUNTED}


def pending_actions(session: Session, election: Election) -> list[PendingAction]:
    query = select(PendingAction).where(PendingAction.election_id == election.id)
    waiting = session.scalars(query.order_by(PendingAction.id))
    return [p for p in waiting if WAITS_IN[p.action] == election.state]


def may_confirm(pending: PendingAction, actor: Actor) -> bool:
    """Anyone who may see the election confirms a request, except the person who made it."""
    return pending.requested_by != actor.account_id


def request_action(
    session: Session, *, election: Election, action: str, actor: Actor, now: datetime
) -> bool:
    """Do `action` now, or record it for a second person; True if it was done."""
    require_election_officer(session, actor, election)
    election_service.hold_election(session, election)  # a second press waits, then finds one
    perform = ACTIONS[action]
    if not needs_second_person(election, action, actor, now):
        perform(session, election=election, actor=actor, now=now)
        return True
    _check_possible(session, election, action, actor, now)
    if _pending(session, election, action) is None:
        session.add(
            PendingAction(
                election_id=election.id,
                action=action,
                requested_by=actor.account_id,
                requested_at=now,
            )
        )
        write_audit(
            session,
            actor=actor,
            action=f"request.{action}",
            obj=f"election:{election.slug}",
            now=now,
            area_id=election.area_id,
        )
    return False


def _check_possible(session, election, action, actor, now) -> None:
    """Refuse a request at once when the action itself would be refused."""
    with session.begin_nested() as savepoint:
        ACTIONS[action](session, election=election, actor=actor, now=now)
        savepoint.rollback()
    session.expire(election)


def _pending(session: Session, election: Election, action: str) -> PendingAction | None:
    if WAITS_IN[action] != election.state:
        return None
    return session.scalars(
        select(PendingAction).where(
            PendingAction.election_id == election.id, PendingAction.action == action
        )
    ).first()


def confirm_action(
    session: Session, *, election: Election, action: str, actor: Actor, now: datetime
) -> None:
    """A second person confirms: the action is done, and both names are in the audit log."""
    require_officer_or_committee(session, actor, election)
    election_service.hold_election(session, election)  # a second press waits, then finds none
    pending = _pending(session, election, action)
    if pending is None:
        raise NotFound(Msg("Nothing is waiting for confirmation."), safe_to_show=True)
    if not may_confirm(pending, actor):
        raise WrongState(Msg("A second person must confirm; you made the request yourself."))
    requester = session.get(Account, pending.requested_by)
    session.delete(pending)
    write_audit(
        session,
        actor=actor,
        action=f"confirm.{action}",
        obj=f"election:{election.slug}",
        now=now,
        details={"requested_by": requester.email},
        area_id=election.area_id,
    )
    ACTIONS[action](session, election=election, actor=_as_officer(actor, requester), now=now)


def _as_officer(actor: Actor, requester: Account) -> Actor:
    """The confirmed action runs with the requesting officer's rights."""
    return Actor(label=f"{actor.label} confirming {requester.email}", account=requester)

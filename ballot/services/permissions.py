"""Who may do what. Every service calls one of these before it acts.

A refusal raises PermissionDenied, which the web answers with 404: an officer of one area
learns nothing about the objects of another, whatever id they guess.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ballot.models import ROLE_COMMITTEE, ROLE_OFFICER, Election, RoleGrant
from ballot.services.actor import Actor
from ballot.services.errors import PermissionDenied


def _grants(session: Session, actor: Actor, role: str):
    if actor.account is None or not actor.account.is_active:
        return []
    query = select(RoleGrant).where(
        RoleGrant.account_id == actor.account.id, RoleGrant.role == role
    )
    return list(session.scalars(query))


def officer_area_ids(session: Session, actor: Actor) -> set[int]:
    return {grant.area_id for grant in _grants(session, actor, ROLE_OFFICER)}


def committee_election_ids(session: Session, actor: Actor) -> set[int]:
    return {grant.election_id for grant in _grants(session, actor, ROLE_COMMITTEE)}


def is_area_officer(session: Session, actor: Actor, area_id: int) -> bool:
    return actor.is_operator or area_id in officer_area_ids(session, actor)


def is_committee_member(session: Session, actor: Actor, election: Election) -> bool:
    return actor.is_operator or election.id in committee_election_ids(session, actor)


def require_area_officer(session: Session, actor: Actor, area_id: int) -> None:
    if not is_area_officer(session, actor, area_id):
        raise PermissionDenied("Not found.")


def require_election_officer(session: Session, actor: Actor, election: Election) -> None:
    require_area_officer(session, actor, election.area_id)


def require_committee_member(session: Session, actor: Actor, election: Election) -> None:
    if not is_committee_member(session, actor, election):
        raise PermissionDenied("Not found.")


def require_officer_or_committee(session: Session, actor: Actor, election: Election) -> None:
    if not (
        is_area_officer(session, actor, election.area_id)
        or is_committee_member(session, actor, election)
    ):
        raise PermissionDenied("Not found.")


def require_platform_admin(actor: Actor) -> None:
    if actor.is_operator:
        return
    if actor.account is None or not actor.account.is_active or not actor.account.is_platform_admin:
        raise PermissionDenied("Not found.")

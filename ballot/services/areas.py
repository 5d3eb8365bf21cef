"""Areas (QM areas): created by the platform admin, or from an election file by the operator."""

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ballot.models import Area
from ballot.services.actor import Actor
from ballot.services.audit import write_audit
from ballot.services.errors import InvalidInput, Msg, NotFound
from ballot.services.permissions import require_platform_admin

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug_for(name: str) -> str:
    text = name.lower().translate(_UMLAUTS)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80] or "area"


def find_area(session: Session, name: str) -> Area | None:
    return session.scalars(select(Area).where(Area.name == name)).first()


def find_area_by_name_or_slug(session: Session, text: str) -> Area | None:
    """The area someone names at the command line: by its name, or by the slug that
    `ballot area add` printed."""
    return (
        find_area(session, text) or session.scalars(select(Area).where(Area.slug == text)).first()
    )


def get_area(session: Session, area_id: int) -> Area:
    area = session.get(Area, area_id)
    if area is None:
        raise NotFound("No such area.")
    return area


def create_area(
    session: Session,
    *,
    name: str,
    district: str = "",
    office_address: str = "",
    help_contact: str = "",
    actor: Actor,
    now: datetime,
) -> Area:
    require_platform_admin(actor)
    name = name.strip()
    if not name:
        raise InvalidInput(Msg("An area needs a name."))
    if find_area(session, name) is not None:
        raise InvalidInput(Msg("The area {name} exists already.", name=repr(name)))
    slug = slug_for(name)
    if session.scalars(select(Area).where(Area.slug == slug)).first() is not None:
        slug = f"{slug}-{len(session.scalars(select(Area.id)).all()) + 1}"
    area = Area(
        slug=slug,
        name=name,
        district=district.strip(),
        office_address=office_address.strip(),
        help_contact=help_contact.strip(),
    )
    session.add(area)
    session.flush()
    write_audit(
        session,
        actor=actor,
        action="area.create",
        obj=f"area:{area.id}",
        now=now,
        details={"name": name},
        area_id=area.id,
    )
    return area


def list_areas(session: Session) -> list[Area]:
    return list(session.scalars(select(Area).order_by(Area.name)))

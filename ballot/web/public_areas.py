"""The public page of one QM area: its office, help contact and elections."""

from flask import abort, render_template
from sqlalchemy import select

from ballot.models import DRAFT, Area
from ballot.services.elections import list_elections
from ballot.web.context import db
from ballot.web.public import bp


@bp.route("/<area_slug>/")
def area(area_slug: str):
    found = db().scalars(select(Area).where(Area.slug == area_slug)).first()
    if found is None:
        abort(404)
    elections = [e for e in list_elections(db(), {found.id}) if e.state != DRAFT]
    return render_template("public/area.html", area=found, elections=elections)

"""The console's start page: what this person may work on."""

from flask import render_template

from ballot.models import Election
from ballot.services import permissions
from ballot.services.areas import list_areas
from ballot.services.elections import list_elections
from ballot.web.admin import bp
from ballot.web.auth import current_account, current_actor, login_required
from ballot.web.context import db


@bp.route("/")
@login_required
def dashboard():
    actor = current_actor()
    area_ids = permissions.officer_area_ids(db(), actor)
    committee_ids = permissions.committee_election_ids(db(), actor)
    officer_elections = list_elections(db(), area_ids) if area_ids else []
    committee_elections = [db().get(Election, i) for i in sorted(committee_ids)]
    areas = [a for a in list_areas(db()) if a.id in area_ids]
    return render_template(
        "admin/dashboard.html",
        account=current_account(),
        areas=areas,
        officer_elections=officer_elections,
        committee_elections=committee_elections,
    )

"""Console: failed code attempts on an election, for the officers of its area."""

from flask import render_template

from ballot.web.admin import bp
from ballot.web.admin.common import officer_election
from ballot.web.auth import login_required
from ballot.web.context import now
from ballot.web.vote import guard


@bp.route("/elections/<slug>/attempts")
@login_required
def code_attempts(slug: str):
    election = officer_election(slug)
    return render_template(
        "admin/attempts.html",
        election=election,
        windows=guard.failed_attempts(election.id, now()),
        unattributed=guard.failed_attempts(None, now()),
        per_election=guard.PER_ELECTION.hits,
        per_address=guard.PER_ADDRESS.hits,
        minutes=guard.WINDOW_SECONDS // 60,
    )

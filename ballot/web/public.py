"""Public pages: areas, elections, results and the tracker look-up."""

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from ballot import box
from ballot.models import DRAFT, Election
from ballot.services.areas import list_areas
from ballot.services.count import count_output, published_result
from ballot.services.elections import election_figures, get_election, list_elections
from ballot.services.errors import NotFound
from ballot.services.voting import find_tracker, is_voting_code
from ballot.web.context import db, now
from ballot.web.i18n import LANGUAGES, switch_language
from ballot.web.targets import is_same_site_path

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    areas = list_areas(db())
    elections = [e for e in list_elections(db()) if e.state != DRAFT]
    by_area = {area.id: [e for e in elections if e.area_id == area.id] for area in areas}
    return render_template("public/index.html", areas=areas, by_area=by_area, now=now())


@bp.route("/lang/<code>")
def set_language(code: str):
    if code not in LANGUAGES:
        abort(404)
    session["lang"] = code
    target = request.args.get("next", "/")
    return redirect(target if is_same_site_path(target) else "/")


def public_election(area_slug: str, slug: str):
    """An election that the public may see: not a draft, and under its own area."""
    try:
        election = get_election(db(), slug)
    except NotFound:
        abort(404)
    if election.state == DRAFT or election.area.slug != area_slug:
        abort(404)
    return election


@bp.route("/<area_slug>/<slug>/")
def election(area_slug: str, slug: str):
    election = public_election(area_slug, slug)
    figures = election_figures(db(), election) if election.state != "open" else None
    result = published_result(db(), election)
    return render_template(
        "public/election.html",
        election=election,
        figures=figures,
        result=result,
        record_sha256=count_output(db(), election).record_sha256 if result else None,
    )


@bp.route("/e/<slug>/")
def election_short(slug: str):
    try:
        found = get_election(db(), slug)
    except NotFound:
        abort(404)
    if found.state == DRAFT:
        abort(404)
    return redirect(url_for("public.election", area_slug=found.area.slug, slug=slug))


@bp.route("/tracker", methods=["GET", "POST"], strict_slashes=False)
def tracker():
    """Look a tracker up: is this encrypted ballot in the ballot box?

    The form posts what was typed, so that it stays out of access logs: people mix up the
    tracker and the voting code, and a tracker with an address would tie it to a ballot. A
    link with `?t=` still works (bookmarks, observers)."""
    typed = request.form.get("t", "") if request.method == "POST" else request.args.get("t", "")
    text = typed.strip()[:100]
    switch_language(request.form.get("lang"))  # the language buttons send the form along
    if not text:
        return render_template("public/tracker.html", text="", outcome=None)
    if is_voting_code(text):  # not shown again: a code is kept out of pages too
        return render_template("public/tracker.html", text="", outcome="code"), 400
    try:
        found = find_tracker(db(), text)
    except box.TrackerFormatError:
        return render_template("public/tracker.html", text=text, outcome="format"), 400
    election = db().get(Election, found.election_id) if found else None
    return render_template(
        "public/tracker.html",
        text=box.normalise_tracker_display(text),
        outcome="found" if found else "missing",
        election=election,
    )

"""Console: contests and candidates of a draft election."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ballot.services import elections as election_service
from ballot.services.election_spec import check_election, election_to_data
from ballot.services.errors import BallotError
from ballot.web.admin import bp
from ballot.web.admin.common import flash_error, officer_election
from ballot.web.admin.edit import (
    FormInputError,
    format_attributes,
    format_quotas,
    parse_attributes,
    parse_quotas,
)
from ballot.web.auth import current_actor, login_required
from ballot.web.context import db, now
from ballot.web.forms import ActionForm, CandidateForm, ContestForm


def _store(election, data: dict) -> bool:
    """Check the changed election and save it; flash every problem and return False if any."""
    try:
        spec = check_election(data, complete=False)
        election_service.update_election(
            db(), election=election, spec=spec, actor=current_actor(), now=now()
        )
    except BallotError as error:
        db().rollback()
        flash_error(error)
        return False
    return True


def _contest_data(data: dict, key: str) -> dict:
    for contest in data["contest"]:
        if contest["key"] == key:
            return contest
    abort(404)


def _contest_from_form(form: ContestForm, base: dict) -> dict:
    contest = dict(base)
    contest.update(
        key=form.key.data.strip(),
        title=form.title.data.strip(),
        description=form.description.data or "",
        method=form.method.data,
        seats=form.seats.data,
        max_choices=form.max_choices.data,
        min_choices=form.min_choices.data or 0,
        hurdle_percent=(form.hurdle_percent.data or "0").strip(),
        electorates=list(form.electorate.data),
    )
    try:
        contest["quotas"] = parse_quotas(form.quotas.data)
    except FormInputError as error:
        form.quotas.errors.append(_("Please write each quota as %(form)s.", form=error))
    return contest


def _set_resident(data: dict, key: str, old_key: str, resident: bool) -> None:
    residents = [k for k in data["election"]["resident_contests"] if k not in (key, old_key)]
    data["election"]["resident_contests"] = residents + ([key] if resident else [])


def _contest_form(election, contest=None):
    form = ContestForm(data=None)
    form.electorate.choices = [(e.key, e.title) for e in election.electorates]
    if request.method == "GET" and contest is None:
        form.electorate.data = [key for key, _title in form.electorate.choices[:1]]
    if request.method == "GET" and contest is not None:
        form.process(
            data={
                **contest,
                "quotas": format_quotas(contest["quotas"]),
                "electorate": contest["electorates"],
            }
        )
        form.resident.data = (
            contest["key"] in election_to_data(election)["election"]["resident_contests"]
        )
    return form


@bp.route("/elections/<slug>/contests/new", methods=["GET", "POST"])
@bp.route("/elections/<slug>/contests/<key>/edit", methods=["GET", "POST"], endpoint="contest_edit")
@login_required
def contest_new(slug: str, key: str | None = None):
    election = officer_election(slug)
    data = election_to_data(election)
    existing = _contest_data(data, key) if key else {"candidate": [], "quotas": []}
    form = _contest_form(election, existing if key else None)
    if form.validate_on_submit():
        contest = _contest_from_form(form, existing)
        if not form.errors:
            if key:
                data["contest"][data["contest"].index(existing)] = contest
            else:
                data["contest"].append(contest)
            _set_resident(data, contest["key"], key or "", form.resident.data)
            if _store(election, data):
                flash(_("Saved."), "success")
                return redirect(url_for("admin.election_detail", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/contest.html", form=form, election=election, editing=key), status


@bp.route("/elections/<slug>/contests/<key>/delete", methods=["POST"])
@login_required
def contest_delete(slug: str, key: str):
    election = officer_election(slug)
    data = election_to_data(election)
    if ActionForm().validate_on_submit():
        data["contest"].remove(_contest_data(data, key))
        _set_resident(data, key, key, False)
        if _store(election, data):
            flash(_("The contest was removed."), "success")
    return redirect(url_for("admin.election_detail", slug=slug))


@bp.route("/elections/<slug>/contests/<key>/candidates", methods=["GET", "POST"])
@login_required
def candidates(slug: str, key: str):
    election = officer_election(slug)
    data = election_to_data(election)
    contest = _contest_data(data, key)
    form = CandidateForm()
    if form.validate_on_submit():
        try:
            attributes = parse_attributes(form.attributes.data)
        except FormInputError as error:
            form.attributes.errors.append(_("Please write attributes as %(form)s.", form=error))
        else:
            contest["candidate"].append(
                {
                    "name": form.name.data.strip(),
                    "attributes": attributes,
                    "description": form.description.data or "",
                }
            )
            if _store(election, data):
                flash(_("Candidate added."), "success")
                return redirect(url_for("admin.candidates", slug=slug, key=key))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "admin/candidates.html",
        form=form,
        election=election,
        contest=contest,
        action=ActionForm(),
        format_attributes=format_attributes,
    ), status


@bp.route("/elections/<slug>/contests/<key>/candidates/<int:number>/delete", methods=["POST"])
@login_required
def candidate_delete(slug: str, key: str, number: int):
    election = officer_election(slug)
    data = election_to_data(election)
    contest = _contest_data(data, key)
    if not 0 <= number < len(contest["candidate"]):
        abort(404)
    if ActionForm().validate_on_submit():
        del contest["candidate"][number]
        if _store(election, data):
            flash(_("Candidate removed."), "success")
    return redirect(url_for("admin.candidates", slug=slug, key=key))

"""Console: create, edit, open and close elections; upload the roll."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ballot.services import elections as election_service
from ballot.services import roll as roll_service
from ballot.services import two_person
from ballot.services.areas import list_areas
from ballot.services.election_spec import (
    check_election,
    decode_election_file,
    election_to_data,
    parse_election_file,
)
from ballot.services.errors import BallotError
from ballot.services.permissions import is_committee_member, officer_area_ids
from ballot.web.admin import bp
from ballot.web.admin.common import flash_error, officer_election, visible_election
from ballot.web.admin.edit import FormInputError, format_berlin_time, parse_berlin_time
from ballot.web.auth import current_actor, login_required
from ballot.web.context import db, now
from ballot.web.forms import (
    ActionForm,
    ElectionFileForm,
    ElectionForm,
    RollUploadForm,
    VotingPeriodForm,
)


def _area_choices():
    ids = officer_area_ids(db(), current_actor())
    return [(a.name, a.name) for a in list_areas(db()) if a.id in ids]


def _basics_from_form(form: ElectionForm, data: dict) -> dict:
    head = data.setdefault("election", {})
    head.update(
        slug=form.slug.data.strip(),
        title=form.title.data.strip(),
        area=form.area.data,
        min_age=form.min_age.data,
        languages=["de"] + [x for x in form.languages.data if x != "de"],
        help_contact=form.help_contact.data or "",
        two_person_rule=form.two_person_rule.data,
    )
    head.update(_period_from_form(form))
    return data


def _period_from_form(form) -> dict:
    """The form's opening and closing times; a time that cannot be read becomes a field error."""
    period = {}
    for name in ("opens", "closes"):
        try:
            period[name] = parse_berlin_time(getattr(form, name).data)
        except FormInputError as error:
            getattr(form, name).errors.append(_("Please write the time as %(form)s.", form=error))
    return period


def _save(form_or_none, build, template: str, **context):
    """Run `build()` (which calls a service); on a domain error show the form again."""
    try:
        result = build()
    except BallotError as error:
        flash_error(error)
        db().rollback()
        return None, (render_template(template, **context), 400)
    return result, None


@bp.route("/elections/new", methods=["GET", "POST"])
@login_required
def election_new():
    form, file_form = ElectionForm(prefix="e"), ElectionFileForm(prefix="f")
    form.area.choices = _area_choices()
    if not form.area.choices:
        abort(404)
    context = {"form": form, "file_form": file_form}
    if file_form.file.data and file_form.validate_on_submit():
        data = file_form.file.data.read()
        election, page = _save(
            None,
            lambda: election_service.create_election(
                db(),
                spec=parse_election_file(decode_election_file(data)),
                actor=current_actor(),
                now=now(),
            ),
            "admin/election_new.html",
            **context,
        )
        return page or redirect(url_for("admin.election_detail", slug=election.slug))
    if form.slug.data is not None and form.validate_on_submit():
        data = _basics_from_form(
            form, {"electorate": [{"key": "residents", "title": "Bewohnerinnen und Bewohner"}]}
        )
        if not form.errors:
            election, page = _save(
                None,
                lambda: election_service.create_election(
                    db(),
                    spec=check_election(data, complete=False),
                    actor=current_actor(),
                    now=now(),
                ),
                "admin/election_new.html",
                **context,
            )
            return page or redirect(url_for("admin.election_detail", slug=election.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/election_new.html", **context), status


@bp.route("/elections/<slug>/")
@login_required
def election_detail(slug: str):
    election = visible_election(slug)
    figures = election_service.election_figures(db(), election)
    return render_template(
        "admin/election.html",
        election=election,
        figures=figures,
        action=ActionForm(),
        can_edit=_is_officer(election),
        is_committee=is_committee_member(db(), current_actor(), election),
        pending=_pending(election),
    )


def _pending(election) -> list[tuple]:
    """The requests waiting for a second person, each with whether this person may confirm."""
    return [
        (p, two_person.may_confirm(p, current_actor()))
        for p in two_person.pending_actions(db(), election)
    ]


def _is_officer(election) -> bool:
    return election.area_id in officer_area_ids(db(), current_actor())


@bp.route("/elections/<slug>/edit", methods=["GET", "POST"])
@login_required
def election_edit(slug: str):
    election = officer_election(slug)
    if election.public_key:
        return _period_edit(election)
    form = ElectionForm(obj=None if request.method == "POST" else election)
    form.area.choices = [(election.area.name, election.area.name)]
    if request.method == "GET":
        form.area.data = election.area.name
        form.opens.data = format_berlin_time(election.opens)
        form.closes.data = format_berlin_time(election.closes)
    if form.validate_on_submit():
        data = _basics_from_form(form, election_to_data(election))
        if not form.errors:
            _done, page = _save(
                form,
                lambda: election_service.update_election(
                    db(),
                    election=election,
                    spec=check_election(data, complete=False),
                    actor=current_actor(),
                    now=now(),
                ),
                "admin/election_edit.html",
                form=form,
                election=election,
            )
            if page:
                return page
            flash(_("Saved."), "success")
            return redirect(url_for("admin.election_detail", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/election_edit.html", form=form, election=election), status


def _period_edit(election):
    """After the key ceremony the ballot is fixed; the voting period is not part of it."""
    form = VotingPeriodForm()
    if request.method == "GET":
        form.opens.data = format_berlin_time(election.opens)
        form.closes.data = format_berlin_time(election.closes)
    context = {"form": form, "election": election}
    if form.validate_on_submit():
        period = _period_from_form(form)
        if not form.errors:
            _done, page = _save(
                form,
                lambda: election_service.change_voting_period(
                    db(), election=election, **period, actor=current_actor(), now=now()
                ),
                "admin/election_period.html",
                **context,
            )
            if page:
                return page
            flash(_("Saved."), "success")
            return redirect(url_for("admin.election_detail", slug=election.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/election_period.html", **context), status


@bp.route("/elections/<slug>/<any(open,close,publish):action>", methods=["POST"])
@login_required
def election_action(slug: str, action: str):
    """Open, close or publish; with the two-person rule the action waits for a second person."""
    election = officer_election(slug)
    if ActionForm().validate_on_submit():
        done = two_person.request_action(
            db(), election=election, action=action, actor=current_actor(), now=now()
        )
        flash(_DONE[action]() if done else _("Waiting for a second person to confirm."), "success")
    return redirect(url_for("admin.election_detail", slug=slug))


_DONE = {
    "open": lambda: _("The election is open."),
    "close": lambda: _("The election is closed."),
    "publish": lambda: _("The result is published."),
}


@bp.route("/elections/<slug>/confirm/<any(open,close,publish):action>", methods=["POST"])
@login_required
def election_confirm(slug: str, action: str):
    election = visible_election(slug)
    if ActionForm().validate_on_submit():
        two_person.confirm_action(
            db(), election=election, action=action, actor=current_actor(), now=now()
        )
        flash(_DONE[action](), "success")
    return redirect(url_for("admin.election_detail", slug=slug))


@bp.route("/elections/<slug>/roll", methods=["GET", "POST"])
@login_required
def roll_upload(slug: str):
    election = officer_election(slug)
    form = RollUploadForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        result, page = _save(
            form,
            lambda: roll_service.import_roll(
                db(), election=election, data=data, actor=current_actor(), now=now()
            ),
            "admin/roll.html",
            form=form,
            election=election,
        )
        if page:
            return page
        flash(
            _(
                "Roll imported: %(added)s new, %(updated)s updated, %(unchanged)s unchanged.",
                added=result.added,
                updated=result.updated,
                unchanged=result.unchanged,
            ),
            "success",
        )
        return redirect(url_for("admin.election_detail", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/roll.html", form=form, election=election), status

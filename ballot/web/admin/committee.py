"""Console: the committee's key ceremony and the count, each member under their own name."""

from dataclasses import replace

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ballot.models import ROLE_COMMITTEE, Account, RoleGrant
from ballot.services import ceremony
from ballot.services import count as count_service
from ballot.services.errors import BallotError
from ballot.services.permissions import is_committee_member
from ballot.web.admin import bp
from ballot.web.admin.common import flash_error, officer_election, visible_election
from ballot.web.auth import current_actor, login_required
from ballot.web.context import db, now, settings
from ballot.web.forms import ActionForm, LotForm, PassphraseForm, ShareForm, TrusteesForm
from ballot.web.i18n import translated


def _committee_accounts(election) -> list[Account]:
    query = (
        select(Account)
        .join(RoleGrant)
        .where(RoleGrant.role == ROLE_COMMITTEE, RoleGrant.election_id == election.id)
        .order_by(Account.name)
    )
    return list(db().scalars(query))


def _my_seat(election):
    try:
        return ceremony.trustee_seat(db(), election, current_actor())
    except BallotError:
        return None


@bp.route("/elections/<slug>/trustees", methods=["GET", "POST"])
@login_required
def trustees(slug: str):
    election = officer_election(slug)
    form = TrusteesForm()
    members = _committee_accounts(election)
    form.members.choices = [(a.id, f"{a.name} <{a.email}>") for a in members]
    if form.validate_on_submit():
        chosen = [a for a in members if a.id in set(form.members.data)]
        try:
            ceremony.set_up_trustees(
                db(),
                election=election,
                threshold=form.threshold.data,
                members=[(a.name, a.id) for a in chosen],
                actor=current_actor(),
                now=now(),
            )
        except BallotError as error:
            db().rollback()
            flash_error(error)
        else:
            flash(
                _("The committee's seats are set. Each member now chooses a passphrase."), "success"
            )
            return redirect(url_for("admin.key_ceremony", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/trustees.html", election=election, form=form), status


@bp.route("/elections/<slug>/ceremony", methods=["GET", "POST"])
@login_required
def key_ceremony(slug: str):
    election = visible_election(slug)
    seat, form = _my_seat(election), PassphraseForm()
    if seat is not None and form.validate_on_submit():
        if form.passphrase.data != form.confirm.data:
            form.confirm.errors.append(_("The two passphrases differ."))
        else:
            ceremony.register_passphrase(
                db(),
                election=election,
                trustee=seat,
                passphrase=form.passphrase.data,
                actor=current_actor(),
                now=now(),
            )
            flash(_("Your passphrase is set. Keep it safe: nobody can recover it."), "success")
            return redirect(url_for("admin.key_ceremony", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "admin/ceremony.html",
        election=election,
        seat=seat,
        form=form,
        seats=ceremony.election_trustees_of(election),
        action=ActionForm(),
    ), status


@bp.route("/elections/<slug>/ceremony/complete", methods=["POST"])
@login_required
def ceremony_complete(slug: str):
    election = visible_election(slug)
    if not is_committee_member(db(), current_actor(), election):
        officer_election(slug)
    if ActionForm().validate_on_submit():
        ceremony.complete_ceremony(
            db(),
            election=election,
            secret_key=settings().secret_key,
            actor=current_actor(),
            now=now(),
        )
        flash(
            _("The key ceremony is complete. Each member downloads their share file now."),
            "success",
        )
    return redirect(url_for("admin.key_ceremony", slug=slug))


@bp.route("/elections/<slug>/ceremony/share", methods=["POST"])
@login_required
def share_download(slug: str):
    election = visible_election(slug)
    seat = _my_seat(election)
    if seat is None or not ActionForm().validate_on_submit():
        abort(404)
    data = ceremony.share_file(db(), election=election, trustee=seat, actor=current_actor())
    name = f"{election.slug}-trustee-{seat.index}.json"
    return Response(
        data,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/elections/<slug>/count", methods=["GET", "POST"])
@login_required
def count(slug: str):
    election = visible_election(slug)
    if not is_committee_member(db(), current_actor(), election):
        abort(404)
    form, lot_form, ties = ShareForm(), LotForm(prefix="lot"), []
    if form.validate_on_submit():
        _hand_in(election, form)
        return redirect(url_for("admin.count", slug=slug))
    if lot_form.lot_input.data is not None and lot_form.validate_on_submit():
        ties = _finish(election, lot_form.lot_input.data)
        if ties is None:
            return redirect(url_for("admin.election_detail", slug=slug))
    checks = (
        [
            replace(check, detail=translated(check.detail))
            for check in count_service.pre_count_checks(db(), election)
        ]
        if election.state == "closed"
        else []
    )
    return render_template(
        "admin/count.html",
        election=election,
        form=form,
        lot_form=lot_form,
        ties=ties,
        checks=checks,
        handed_in=count_service.shares_handed_in(db(), election),
        seat=_my_seat(election),
    )


def _hand_in(election, form: ShareForm) -> None:
    try:
        _trustee, number = count_service.hand_in_share(
            db(),
            election=election,
            share_file=form.share.data.read(),
            passphrase=form.passphrase.data,
            actor=current_actor(),
            now=now(),
        )
    except BallotError as error:
        db().rollback()
        flash_error(error)
        return
    db().commit()
    flash(_("Your share was accepted (%(n)s of %(t)s).", n=number, t=election.threshold), "success")


def _finish(election, lot_input: str):
    names = [
        t.name
        for t in ceremony.election_trustees_of(election)
        if t.index in count_service.shares_handed_in(db(), election)
    ]
    try:
        count_service.finish_count(
            db(),
            election=election,
            secret_key=settings().secret_key,
            lot_input=lot_input,
            actor=current_actor(),
            now=now(),
            committee=names,
        )
    except count_service.LotNeeded as needed:
        db().rollback()
        return [translated(problem) for problem in needed.problems]
    except BallotError as error:
        db().rollback()
        flash_error(error)
        return []
    flash(_("The count is complete. The officer can now publish the result."), "success")
    return None


@bp.route("/elections/<slug>/outputs/<any('record.json','result.json','report.pdf'):name>")
@login_required
def count_file(slug: str, name: str):
    election = visible_election(slug)
    output = count_service.count_output(db(), election)
    if output is None:
        abort(404)
    return file_response(output, name)


def file_response(output, name: str) -> Response:
    if name == "report.pdf":
        return Response(
            output.report_pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": 'inline; filename="report.pdf"'},
        )
    text = output.record_json if name == "record.json" else output.result_json
    return Response(
        text,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

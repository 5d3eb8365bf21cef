"""Console: areas (platform admin) and accounts with their roles (admin and area officers)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ballot.models import Account, Election, RoleGrant
from ballot.services import accounts as account_service
from ballot.services import permissions
from ballot.services.areas import create_area, list_areas
from ballot.services.errors import BallotError
from ballot.web.admin import bp
from ballot.web.admin.common import flash_error
from ballot.web.auth import current_account, current_actor, login_required
from ballot.web.context import db, now, settings
from ballot.web.forms import ActionForm, AreaForm, InviteForm


@bp.route("/areas", methods=["GET", "POST"])
@login_required
def areas():
    permissions.require_platform_admin(current_actor())
    form = AreaForm()
    if form.validate_on_submit():
        try:
            create_area(
                db(),
                name=form.name.data,
                district=form.district.data or "",
                office_address=form.office_address.data or "",
                help_contact=form.help_contact.data or "",
                actor=current_actor(),
                now=now(),
            )
        except BallotError as error:
            flash_error(error)
            return render_template("admin/areas.html", form=form, areas=list_areas(db())), 400
        flash(_("Area created."), "success")
        return redirect(url_for("admin.areas"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/areas.html", form=form, areas=list_areas(db())), status


def _manageable_area_ids() -> set[int]:
    if current_account().is_platform_admin:
        return {a.id for a in list_areas(db())}
    return permissions.officer_area_ids(db(), current_actor())


def _visible_accounts(area_ids: set[int]) -> list[Account]:
    if current_account().is_platform_admin:
        return list(db().scalars(select(Account).order_by(Account.email)))
    query = (
        select(Account)
        .join(RoleGrant)
        .where(RoleGrant.area_id.in_(area_ids))
        .distinct()
        .order_by(Account.email)
    )
    return list(db().scalars(query))


def _invite_form(area_ids: set[int]) -> InviteForm:
    form = InviteForm()
    form.area.choices = [(str(a.id), a.name) for a in list_areas(db()) if a.id in area_ids]
    elections = db().scalars(select(Election).where(Election.area_id.in_(area_ids))).all()
    form.election.choices = [("", "—")] + [(str(e.id), e.title) for e in elections]
    return form


@bp.route("/accounts", methods=["GET", "POST"])
@login_required
def accounts():
    area_ids = _manageable_area_ids()
    if not area_ids and not current_account().is_platform_admin:
        abort(404)
    form, link, invited = _invite_form(area_ids), None, False
    if form.validate_on_submit():
        invited, link = _invite(form, area_ids)
        if invited and link is None:  # an existing account: only the role was added
            return redirect(url_for("admin.accounts"))
    status = 400 if request.method == "POST" and not invited else 200
    visible = _visible_accounts(area_ids)
    return render_template(
        "admin/accounts.html",
        form=form,
        link=link,
        action=ActionForm(),
        accounts=visible,
        manageable={
            a.id for a in visible if account_service.may_manage_account(db(), current_actor(), a)
        },
        area_ids=area_ids,
    ), status


def _invite(form: InviteForm, area_ids: set[int]) -> tuple[bool, str | None]:
    """Invite the person or add the role to their account: (done, one-time link or None)."""
    area_id = int(form.area.data)
    election_id = int(form.election.data) if form.election.data else None
    if area_id not in area_ids:
        abort(404)
    if form.role.data == "committee":
        election = db().get(Election, election_id) if election_id else None
        if election is None or election.area_id != area_id:
            form.election.errors.append(_("Choose the election of this area."))
            return False, None
    else:
        election_id = None
    try:
        account, token = account_service.invite_account(
            db(),
            email=form.email.data,
            name=form.name.data,
            secret_key=settings().secret_key,
            actor=current_actor(),
            now=now(),
        )
        account_service.grant_role(
            db(),
            account=account,
            role=form.role.data,
            area_id=area_id,
            election_id=election_id,
            actor=current_actor(),
            now=now(),
        )
    except BallotError as error:
        db().rollback()
        flash_error(error)
        return False, None
    if token is None:
        flash(
            _("%(email)s has an account already; the role was added.", email=account.email),
            "success",
        )
        return True, None
    # The site's own address, not the request's Host header, which the client chooses.
    path = url_for("auth.accept_invitation", token=token)
    if not settings().public_url:  # unset (see ballot.settings): the address asked for
        return True, url_for("auth.accept_invitation", token=token, _external=True)
    return True, settings().public_url + path


@bp.route("/accounts/<int:account_id>/<any(activate,deactivate):change>", methods=["POST"])
@login_required
def account_active(account_id: int, change: str):
    area_ids = _manageable_area_ids()
    account = db().get(Account, account_id)
    if account is None or account not in _visible_accounts(area_ids):
        abort(404)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.accounts"))
    shared = [g.area_id for g in account.roles if g.area_id in area_ids]
    area_id = shared[0] if shared else min(area_ids, default=None)
    try:
        account_service.set_account_active(
            db(),
            account=account,
            active=change == "activate",
            area_id=area_id,
            actor=current_actor(),
            now=now(),
        )
    except BallotError as error:
        flash_error(error)
        return redirect(url_for("admin.accounts"))
    flash(_("Saved."), "success")
    return redirect(url_for("admin.accounts"))

"""Signing in and out, invitations, and who the current person is."""

from functools import wraps

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ballot.models import Account
from ballot.ratelimit import Attempt, Limit
from ballot.services import accounts
from ballot.services.actor import Actor, account_actor
from ballot.services.errors import AuthenticationFailed, BallotError, Msg, RateLimited
from ballot.web.context import after_transaction, client_address, db, limiter, now, settings
from ballot.web.forms import InvitationForm, LoginForm
from ballot.web.i18n import translated
from ballot.web.targets import is_same_site_path

bp = Blueprint("auth", __name__, url_prefix="/console")

LOGIN_PER_ADDRESS = Limit("login-address", hits=20, seconds=900)
LOGIN_PER_ACCOUNT = Limit("login-account", hits=5, seconds=900)


def current_account() -> Account | None:
    if "account" not in g:
        account_id = session.get("account_id")
        account = db().get(Account, account_id) if account_id else None
        if account is not None and not _session_is_current(account):
            session.clear()
            account = None
        g.account = account
    return g.account


def _session_is_current(account: Account) -> bool:
    """Active, and signed in since the account last signed out (see `accounts.sign_out`)."""
    return account.is_active and session.get("epoch") == account.session_epoch


def _start_session(account: Account) -> None:
    """A new session on every sign-in: nothing from before carries over (no fixation) but
    the language the person chose."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    session["account_id"] = account.id
    session["epoch"] = account.session_epoch
    session.permanent = True


def current_actor() -> Actor:
    account = current_account()
    return account_actor(account) if account else Actor(label="anonymous")


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_account() is None:
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapper


def _begin_sign_in(email: str) -> Attempt:
    """Count the sign-in as failed before checking it (see `ballot.ratelimit`); refuse it
    unchecked if a limit is full."""
    places = [(LOGIN_PER_ADDRESS, client_address()), (LOGIN_PER_ACCOUNT, email)]
    attempt = limiter().begin_attempt(places, now().timestamp())
    if attempt.blocked:
        retry = limiter().retry_after(attempt.blocked, attempt.moment)
        raise RateLimited(Msg("Too many failed sign-ins."), retry_after=retry)
    return attempt


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        attempt = _begin_sign_in(email)
        try:
            account = accounts.authenticate(
                db(),
                email=email,
                password=form.password.data,
                totp_code=form.totp.data,
                secret_key=settings().secret_key,
                now=now(),
            )
        except AuthenticationFailed:
            db().rollback()  # keep nothing of a refused sign-in; its place stays counted
            error = _("E-mail, password or code is wrong.")
        except Exception:
            db().rollback()  # a failure on our side (the database gone) is no guess
            attempt.give_back()
            raise
        else:
            after_transaction(attempt.give_back)
            _start_session(account)
            return redirect(_safe_next(request.args.get("next")))
    status = 400 if (form.is_submitted() and (error or form.errors)) else 200
    return render_template("auth/login.html", form=form, error=error, demo=_demo_hint()), status


def _demo_hint() -> dict | None:
    """Only in the demo: the demo officer's current second-factor code, to try the console."""
    if not settings().demo:
        return None
    from ballot.demo import OFFICER_EMAIL  # noqa: PLC0415  (the demo module is demo-only)

    officer = accounts.find_account(db(), OFFICER_EMAIL)
    if officer is None:
        return None
    return {
        "email": OFFICER_EMAIL,
        "code": accounts.current_totp(officer, settings().secret_key, now()),
    }


def _safe_next(target: str | None) -> str:
    if is_same_site_path(target) and target.startswith("/console") and "//" not in target:
        return target
    return url_for("admin.dashboard")


@bp.route("/logout", methods=["POST"])
def logout():
    accounts.sign_out(db(), actor=current_actor(), now=now())
    session.clear()
    return redirect(url_for("public.index"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = accounts.find_invitation(db(), token, now())
    account = db().get(Account, invitation.account_id)
    form = InvitationForm()
    error = None
    if form.validate_on_submit():
        try:
            accounts.accept_invitation(
                db(),
                token=token,
                password=form.password.data,
                totp_code=form.totp.data,
                secret_key=settings().secret_key,
                now=now(),
            )
        except BallotError as failure:
            error = translated(failure.message)
        else:
            _start_session(account)
            return redirect(url_for("admin.dashboard"))
    uri = accounts.totp_uri(account, settings().secret_key)
    status = 400 if (form.is_submitted() and (error or form.errors)) else 200
    return render_template(
        "auth/invitation.html", form=form, account=account, totp_uri=uri, error=error
    ), status

"""Accounts: passwords (argon2id), TOTP second factor, roles and invitations."""

import hashlib
import secrets
from datetime import datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ballot.models import ROLES, Account, Invitation, RoleGrant
from ballot.services.actor import Actor
from ballot.services.audit import write_audit
from ballot.services.errors import (
    AuthenticationFailed,
    InvalidInput,
    Msg,
    NotFound,
    PermissionDenied,
)
from ballot.services.permissions import (
    officer_area_ids,
    require_area_officer,
    require_platform_admin,
)
from ballot.services.sealing import seal, unseal

HASHER = PasswordHasher()  # argon2id with the library's recommended parameters
TOTP_PURPOSE = "totp"
MIN_PASSWORD = 12
INVITATION_DAYS = 7
# Verifying against a fixed hash keeps unknown e-mail addresses as slow as known ones.
_DUMMY_HASH = HASHER.hash("not a password of anyone")


def _check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(Msg("The password must have at least {n} characters.", n=MIN_PASSWORD))


def _check_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or " " in email or len(email) > 254:
        raise InvalidInput(Msg("That is not an e-mail address."))
    return email


def find_account(session: Session, email: str) -> Account | None:
    return session.scalars(select(Account).where(Account.email == email.strip().lower())).first()


def totp_uri(account: Account, secret_key: str) -> str:
    secret = unseal(secret_key, TOTP_PURPOSE, account.totp_secret_sealed).decode()
    return pyotp.TOTP(secret).provisioning_uri(name=account.email, issuer_name="ballot")


def _new_account(email: str, name: str, now: datetime, secret_key: str) -> Account:
    totp_secret = pyotp.random_base32()
    return Account(
        email=email,
        name=name.strip() or email,
        totp_secret_sealed=seal(secret_key, TOTP_PURPOSE, totp_secret.encode()),
        created_at=now,
    )


def add_account(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    is_platform_admin: bool,
    secret_key: str,
    actor: Actor,
    now: datetime,
) -> Account:
    require_platform_admin(actor)
    email = _check_email(email)
    _check_password_rules(password)
    if find_account(session, email) is not None:
        raise InvalidInput(Msg("An account for {email} exists already.", email=email))
    account = _new_account(email, name, now, secret_key)
    account.password_hash = HASHER.hash(password)
    account.is_platform_admin = is_platform_admin
    session.add(account)
    session.flush()
    write_audit(
        session,
        actor=actor,
        action="account.create",
        obj=f"account:{account.id}",
        now=now,
        details={"email": email, "admin": is_platform_admin},
    )
    return account


def grant_role(
    session: Session,
    *,
    account: Account,
    role: str,
    area_id: int,
    election_id: int | None = None,
    actor: Actor,
    now: datetime,
) -> RoleGrant:
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}.", problems=[f"role: {role!r}"])
    if not (actor.is_operator or (actor.account and actor.account.is_platform_admin)):
        require_area_officer(session, actor, area_id)
    for grant in account.roles:
        if (grant.role, grant.area_id, grant.election_id) == (role, area_id, election_id):
            return grant
    grant = RoleGrant(role=role, area_id=area_id, election_id=election_id)
    account.roles.append(grant)
    session.flush()
    write_audit(
        session,
        actor=actor,
        action="account.grant",
        obj=f"account:{account.id}",
        now=now,
        details={"role": role, "election_id": election_id},
        area_id=area_id,
    )
    return grant


def authenticate(
    session: Session, *, email: str, password: str, totp_code: str, secret_key: str, now: datetime
) -> Account:
    """Check password and TOTP; a TOTP time step that was used once is refused (no replay)."""
    account = find_account(session, email)
    if account is None or not account.is_active or not account.password_hash:
        _verify_quietly(_DUMMY_HASH, password)
        raise AuthenticationFailed("E-mail, password or code is wrong.")
    if not _verify_quietly(account.password_hash, password):
        raise AuthenticationFailed("E-mail, password or code is wrong.")
    step = _accepted_totp_step(account, totp_code, secret_key, now)
    if (
        step is None
        or step <= account.last_totp_step
        or not _claim_totp_step(session, account, step)
    ):
        raise AuthenticationFailed("E-mail, password or code is wrong.")
    if HASHER.check_needs_rehash(account.password_hash):
        account.password_hash = HASHER.hash(password)
    return account


def _claim_totp_step(session: Session, account: Account, step: int) -> bool:
    """Record `step` as used, unless this or a later step was used already.

    A conditional UPDATE, not only a comparison with what was read: two sign-ins with the same
    code at the same moment (in two workers) both read the old step, but only one moves it on.
    """
    claimed = session.execute(
        update(Account)
        .where(Account.id == account.id, Account.last_totp_step < step)
        .values(last_totp_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(account, ["last_totp_step"])
    return claimed == 1


def _verify_quietly(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _accepted_totp_step(account: Account, code: str, secret_key: str, now: datetime):
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(unseal(secret_key, TOTP_PURPOSE, account.totp_secret_sealed).decode())
    step_now = int(now.timestamp()) // totp.interval
    # One step either side allows for a phone clock that is a little off.
    for step in (step_now - 1, step_now, step_now + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def current_totp(account: Account, secret_key: str, now: datetime) -> str:
    """The code an authenticator app would show now (for tests and the demo)."""
    totp = pyotp.TOTP(unseal(secret_key, TOTP_PURPOSE, account.totp_secret_sealed).decode())
    return totp.at(now)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_manage_account(session: Session, actor: Actor, account: Account) -> bool:
    """Whether `actor` may re-invite or (de)activate `account`.

    An operator or platform admin may manage any account; an area officer only accounts that
    are not platform admins and whose every role lies in an area the officer manages, so that
    an officer cannot reach a person whose rights come from another area.
    """
    if _is_own(actor, account):
        return False
    if actor.is_operator or (actor.account and actor.account.is_platform_admin):
        return True
    if account.is_platform_admin or not account.roles:
        return False
    return {grant.area_id for grant in account.roles} <= officer_area_ids(session, actor)


def _is_own(actor: Actor, account: Account) -> bool:
    return actor.account is not None and actor.account.id == account.id


def invite_account(
    session: Session, *, email: str, name: str, secret_key: str, actor: Actor, now: datetime
) -> tuple[Account, str | None]:
    """Find or create the account for `email`; return it and a one-time token for its link.

    The token is `None` when the person already has an account that the actor may not reset:
    an account that is set up (it has a password) is never given a new invitation, because the
    invitation page shows the second-factor secret and sets the password; a pending one only
    when the actor may manage it. The caller then only grants the role.
    """
    email = _check_email(email)
    account = find_account(session, email)
    if account is None:
        account = _new_account(email, name, now, secret_key)
        session.add(account)
        session.flush()
    elif account.password_hash or not may_manage_account(session, actor, account):
        return account, None
    token = secrets.token_urlsafe(32)
    session.add(
        Invitation(
            account_id=account.id,
            token_hash=_token_hash(token),
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
    )
    session.flush()
    write_audit(
        session,
        actor=actor,
        action="account.invite",
        obj=f"account:{account.id}",
        now=now,
        details={"email": email},
    )
    return account, token


def find_invitation(session: Session, token: str, now: datetime) -> Invitation:
    invitation = session.scalars(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    ).first()
    if (
        invitation is None
        or invitation.used
        or invitation.expires_at <= now
        or session.get(Account, invitation.account_id).password_hash
    ):  # a link of an account that is set up would show its second-factor secret
        raise NotFound(Msg("This invitation link is unknown, used or expired."))
    return invitation


def accept_invitation(
    session: Session, *, token: str, password: str, totp_code: str, secret_key: str, now: datetime
) -> Account:
    invitation = find_invitation(session, token, now)
    _check_password_rules(password)
    account = session.get(Account, invitation.account_id)
    step = _accepted_totp_step(account, totp_code, secret_key, now)
    if step is None:
        raise InvalidInput(Msg("The code from the app is wrong."))
    account.password_hash = HASHER.hash(password)
    account.last_totp_step = step
    for link in session.scalars(select(Invitation).where(Invitation.account_id == account.id)):
        link.used = True  # every other link of this account ends here too
    write_audit(
        session,
        actor=Actor(label=f"account:{account.id}:{account.email}"),
        action="account.activate",
        obj=f"account:{account.id}",
        now=now,
    )
    return account


def set_account_active(
    session: Session,
    *,
    account: Account,
    active: bool,
    area_id: int | None,
    actor: Actor,
    now: datetime,
) -> None:
    """An officer may (de)activate the accounts they manage (`may_manage_account`)."""
    if not (actor.is_operator or (actor.account and actor.account.is_platform_admin)):
        require_area_officer(session, actor, area_id)
    if _is_own(actor, account):
        # Nobody could undo it from this account; another officer or an admin can.
        raise InvalidInput(
            Msg(
                "You cannot change your own account here; another officer of your area or a "
                "platform admin can."
            )
        )
    if not may_manage_account(session, actor, account):
        raise PermissionDenied(Msg("You may not change this account: it has rights elsewhere."))
    account.is_active = active
    if not active:  # its sessions end for good: activating it again revives none of them
        account.session_epoch += 1
    write_audit(
        session,
        actor=actor,
        action="account.activate" if active else "account.deactivate",
        obj=f"account:{account.id}",
        now=now,
        area_id=area_id,
    )


def sign_out(session: Session, *, actor: Actor, now: datetime) -> None:
    """End every session of the acting account: cookies issued before no longer count."""
    if actor.account is None:
        return
    actor.account.session_epoch += 1
    write_audit(
        session, actor=actor, action="account.sign_out", obj=f"account:{actor.account.id}", now=now
    )

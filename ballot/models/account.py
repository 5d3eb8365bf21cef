"""People who log in: platform admins, area officers and committee members."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ballot.db import Base, UTCDateTime

ROLE_OFFICER = "officer"
ROLE_COMMITTEE = "committee"
ROLES = (ROLE_OFFICER, ROLE_COMMITTEE)


class Account(Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # argon2id hash; empty until an invited person sets a password.
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    # The TOTP secret, sealed with a key derived from BALLOT_SECRET_KEY (never stored plain).
    totp_secret_sealed: Mapped[str] = mapped_column(String(400), default="")
    last_totp_step: Mapped[int] = mapped_column(Integer, default=0)
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Written into the session cookie at sign-in; signing out counts it up, which ends every
    # session of the account, copies of the cookie included.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    roles: Mapped[list["RoleGrant"]] = relationship(
        back_populates="account", cascade="all, delete-orphan"
    )


class RoleGrant(Base):
    """An officer role in an area, or a committee role for one election."""

    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("account_id", "role", "area_id", "election_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    election_id: Mapped[int | None] = mapped_column(ForeignKey("election.id"), nullable=True)

    account: Mapped[Account] = relationship(back_populates="roles")


class Invitation(Base):
    """A one-time link that lets a new person set their password and TOTP."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used: Mapped[bool] = mapped_column(Boolean, default=False)

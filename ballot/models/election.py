"""An election with its electorates, contests and candidates."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ballot.box.manifest import RECORD_FORMAT
from ballot.db import Base, UTCDateTime

DRAFT, OPEN, CLOSED, COUNTED, PUBLISHED = "draft", "open", "closed", "counted", "published"
STATES = (DRAFT, OPEN, CLOSED, COUNTED, PUBLISHED)


class Election(Base):
    __tablename__ = "election"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    title: Mapped[str] = mapped_column(String(300))
    opens: Mapped[datetime] = mapped_column(UTCDateTime())
    closes: Mapped[datetime] = mapped_column(UTCDateTime())
    min_age: Mapped[int] = mapped_column(Integer, default=16)
    languages: Mapped[list] = mapped_column(default=list)
    help_contact: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default=DRAFT)
    two_person_rule: Mapped[bool] = mapped_column(Boolean, default=True)
    # Filled by the key ceremony and the count.
    threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)
    public_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    commitments: Mapped[list | None] = mapped_column(nullable=True)
    signing_public_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    signing_key_sealed: Mapped[str | None] = mapped_column(Text, nullable=True)
    manifest_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The record format the manifest is built in; set again at the key ceremony (it enters
    # the base hash, so it never changes after).
    record_format: Mapped[str] = mapped_column(
        String(40), default=RECORD_FORMAT, server_default=RECORD_FORMAT
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    area = relationship("Area")
    electorates: Mapped[list["Electorate"]] = relationship(
        back_populates="election", cascade="all, delete-orphan", order_by="Electorate.position"
    )
    contests: Mapped[list["Contest"]] = relationship(
        back_populates="election", cascade="all, delete-orphan", order_by="Contest.position"
    )


class Electorate(Base):
    __tablename__ = "electorate"
    __table_args__ = (UniqueConstraint("election_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)

    election: Mapped[Election] = relationship(back_populates="electorates")


class Contest(Base):
    __tablename__ = "contest"
    __table_args__ = (UniqueConstraint("election_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(20), default="most-votes")
    seats: Mapped[int] = mapped_column(Integer)
    min_choices: Mapped[int] = mapped_column(Integer, default=0)
    max_choices: Mapped[int] = mapped_column(Integer)
    # A decimal string such as "10" or "7.5", read with fractions.Fraction.
    hurdle_percent: Mapped[str] = mapped_column(String(20), default="0")
    quotas: Mapped[list] = mapped_column(default=list)
    electorate_keys: Mapped[list] = mapped_column(default=list)
    is_resident: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    election: Mapped[Election] = relationship(back_populates="contests")
    candidates: Mapped[list["Candidate"]] = relationship(
        back_populates="contest", cascade="all, delete-orphan", order_by="Candidate.position"
    )


class Candidate(Base):
    __tablename__ = "candidate"
    __table_args__ = (UniqueConstraint("contest_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    attributes: Mapped[dict] = mapped_column(default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)

    contest: Mapped[Contest] = relationship(back_populates="candidates")

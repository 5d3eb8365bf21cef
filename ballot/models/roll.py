"""The roll (Wählerverzeichnis): who may vote. Personal data lives only here."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ballot.db import Base


class RollEntry(Base):
    __tablename__ = "roll_entry"
    __table_args__ = (UniqueConstraint("election_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(80))
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200))
    house_number: Mapped[str] = mapped_column(String(20))
    postal_code: Mapped[str] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    electorate_key: Mapped[str] = mapped_column(String(80))
    # Who voted: a flag only, with no time and no order (DESIGN §3.2).
    has_voted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set by `ballot roll purge`: names and addresses are blanked, the counts stay.
    purged: Mapped[bool] = mapped_column(Boolean, default=False)

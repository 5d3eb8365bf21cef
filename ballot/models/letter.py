"""Code letters: one per issued code. Only the keyed hash of a code is kept."""

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ballot.db import Base

ISSUED, REVOKED, USED = "issued", "revoked", "used"


class CodeLetter(Base):
    __tablename__ = "code_letter"
    __table_args__ = (UniqueConstraint("election_id", "serial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    roll_entry_id: Mapped[int] = mapped_column(ForeignKey("roll_entry.id", ondelete="CASCADE"))
    serial: Mapped[int] = mapped_column(Integer)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(10), default=ISSUED)
    # The serial of the letter this one replaces, for re-issues.
    replaces_serial: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PrintBatch(Base):
    """A rendered batch of letters, offered once for download and then deleted."""

    __tablename__ = "print_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    letters: Mapped[int] = mapped_column(Integer)
    first_serial: Mapped[int] = mapped_column(Integer)
    last_serial: Mapped[int] = mapped_column(Integer)
    downloaded: Mapped[bool] = mapped_column(default=False)

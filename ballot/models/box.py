"""The ballot box: encrypted ballots, trustees and the count's outputs."""

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ballot.db import Base


class StoredBallot(Base):
    """An encrypted ballot under a random id, with no time and no link to a code or voter."""

    __tablename__ = "stored_ballot"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    tracker: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[dict] = mapped_column()


class Trustee(Base):
    """A committee member's seat in the key ceremony of one election."""

    __tablename__ = "trustee"
    __table_args__ = (UniqueConstraint("election_id", "index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    # Public half of the key derived from the trustee's passphrase, and its salt.
    sealing_public_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sealing_salt: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The share sealed to that key: useless without the passphrase.
    sealed_share: Mapped[str | None] = mapped_column(Text, nullable=True)


class CountOutput(Base):
    """What the count produced: the signed record, the result and the report."""

    __tablename__ = "count_output"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(
        ForeignKey("election.id", ondelete="CASCADE"), unique=True
    )
    record_json: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str] = mapped_column(Text)
    report_pdf: Mapped[bytes] = mapped_column()
    record_sha256: Mapped[str] = mapped_column(String(64))


class PartialDecryption(Base):
    """A trustee's partial decryption handed in at the count (public, with its proof)."""

    __tablename__ = "partial_decryption"
    __table_args__ = (UniqueConstraint("election_id", "trustee_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    trustee_index: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column()

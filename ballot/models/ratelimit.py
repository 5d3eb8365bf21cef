"""Counters for rate limits, shared by all workers through the database."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ballot.db import Base


class RateCounter(Base):
    __tablename__ = "rate_counter"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)

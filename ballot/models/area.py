"""A Quartiersmanagement area: the unit that owns elections and officers."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ballot.db import Base


class Area(Base):
    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    district: Mapped[str] = mapped_column(String(200), default="")
    office_address: Mapped[str] = mapped_column(Text, default="")
    help_contact: Mapped[str] = mapped_column(Text, default="")

"""German formatting of dates, times and numbers for official documents.

Done by hand rather than with the process locale: a print run must not depend on which locales
the server has installed, and Berlin time is what residents read on their letters.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def berlin_time(moment: datetime) -> datetime:
    """The moment on Berlin's clocks; naive datetimes are refused because they are ambiguous."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone")
    return moment.astimezone(BERLIN)


def format_date(moment: datetime) -> str:
    """`1. März 2027` in Berlin time."""
    local = berlin_time(moment)
    return f"{local.day}. {MONTHS[local.month - 1]} {local.year}"


def format_datetime(moment: datetime) -> str:
    """`1. März 2027, 08:00 Uhr` in Berlin time."""
    local = berlin_time(moment)
    return f"{format_date(local)}, {local:%H:%M} Uhr"


def format_number(number: int) -> str:
    """`10.000`: German thousands separator."""
    return f"{number:,}".replace(",", ".")


def format_percent(part: int, whole: int) -> str:
    """`12,5 %` with one decimal; `–` when there is nothing to divide by."""
    if whole == 0:
        return "–"
    tenths = (part * 1000 + whole // 2) // whole  # exact integer rounding, half up
    return f"{tenths // 10},{tenths % 10} %"

"""Turning console form input into the election-file dictionary, and back."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
# A value may hold spaces ("subarea=Nord Ost min 2"), as candidates' attributes may.
QUOTA_LINE = re.compile(
    r"^\s*(?P<attribute>[^=\s]+)\s*=\s*(?P<value>\S.*?)"
    r"(?:\s+min\s+(?P<min>\d+))?(?:\s+max\s+(?P<max>\d+))?\s*$"
)


class FormInputError(ValueError):
    """A form field that could not be read; the message names the field's expected form."""


def parse_berlin_time(text: str) -> datetime:
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise FormInputError("YYYY-MM-DD HH:MM") from None
    return moment.replace(tzinfo=BERLIN)


def format_berlin_time(moment: datetime | None) -> str:
    return moment.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M") if moment else ""


def parse_attributes(text: str) -> dict:
    attributes = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        name, sep, value = part.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise FormInputError("name=value, name=value")
        attributes[name.strip()] = value.strip()
    return attributes


def format_attributes(attributes: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in attributes.items())


def parse_quotas(text: str) -> list:
    quotas = []
    for line in filter(None, (raw.strip() for raw in (text or "").splitlines())):
        match = QUOTA_LINE.match(line)
        if not match or (match["min"] is None and match["max"] is None):
            raise FormInputError("attribute=value min N max M")
        quota = {"attribute": match["attribute"], "value": match["value"]}
        for bound in ("min", "max"):
            if match[bound] is not None:
                quota[bound] = int(match[bound])
        quotas.append(quota)
    return quotas


def format_quotas(quotas: list) -> str:
    lines = []
    for q in quotas:
        bounds = "".join(f" {b} {q[b]}" for b in ("min", "max") if b in q)
        lines.append(f"{q['attribute']}={q['value']}{bounds}")
    return "\n".join(lines)

"""Quotas on candidate attributes: `{attribute, value, min, max}`, read and described."""

from collections.abc import Mapping
from dataclasses import dataclass

from ballot.tally.numbers import LARGEST_COUNT
from ballot.template_text import TemplateText

QUOTA_FIELDS = ("attribute", "value", "min", "max")


class Reason(TemplateText):
    """What is wrong, in English, keeping its template and values, so that a front end can say
    it in the reader's language (`make messages` extracts `Reason(...)`)."""


Problem = tuple[str, Reason]
"""(field, what is wrong), e.g. ("quotas[0].min", Reason("must be at least 0"))."""


@dataclass(frozen=True)
class Quota:
    """At least `min` and at most `max` of the elected have `attribute` equal to `value`."""

    attribute: str
    value: str
    min: int | None = None
    max: int | None = None

    def matches(self, attributes: Mapping[str, str]) -> bool:
        return attributes.get(self.attribute) == self.value

    @property
    def label(self) -> str:
        return f"{self.attribute}={self.value}"

    def describe(self) -> str:
        parts = [self.label]
        if self.min is not None:
            parts.append(f"min {self.min}")
        if self.max is not None:
            parts.append(f"max {self.max}")
        return " ".join(parts)

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"attribute": self.attribute, "value": self.value}
        if self.min is not None:
            data["min"] = self.min
        if self.max is not None:
            data["max"] = self.max
        return data


def read_quotas(raw: object, field: str = "quotas") -> tuple[list[Quota], list[Problem]]:
    """Quotas from their JSON form, with every problem of form found (nothing raised)."""
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [(field, Reason("must be a list of {{attribute, value, min, max}} objects"))]
    quotas: list[Quota] = []
    problems: list[Problem] = []
    for index, item in enumerate(raw):
        quota, found = _read_quota(item, f"{field}[{index}]")
        problems.extend(found)
        if quota is None:
            continue
        if any((q.attribute, q.value) == (quota.attribute, quota.value) for q in quotas):
            problems.append(
                (f"{field}[{index}]", Reason("a second quota for {label}", label=quota.label))
            )
            continue
        quotas.append(quota)
    return quotas, problems


def _read_quota(item: object, field: str) -> tuple[Quota | None, list[Problem]]:
    if not isinstance(item, dict):
        return None, [(field, Reason("must be an object with attribute, value and min and/or max"))]
    problems = [
        (f"{field}.{key}", Reason("is not a quota field"))
        for key in item
        if key not in QUOTA_FIELDS
    ]
    attribute, value = item.get("attribute"), item.get("value")
    if not isinstance(attribute, str) or not attribute:
        problems.append((f"{field}.attribute", Reason("must be a non-empty text")))
    if not isinstance(value, str) or not value:
        problems.append((f"{field}.value", Reason("must be a non-empty text")))
    bounds = {
        name: _read_bound(item.get(name), f"{field}.{name}", problems) for name in ("min", "max")
    }
    low, high = bounds["min"], bounds["max"]
    if item.get("min") is None and item.get("max") is None:
        problems.append((field, Reason("needs a min, a max or both")))
    if low is not None and high is not None and low > high:
        problems.append((field, Reason("min {low} is more than max {high}", low=low, high=high)))
    if problems:
        return None, problems
    assert isinstance(attribute, str) and isinstance(value, str)
    return Quota(attribute, value, low, high), []


def _read_bound(value: object, field: str, problems: list[Problem]) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= LARGEST_COUNT:
        problems.append(
            (field, Reason("must be a whole number of at least 0, not {value}", value=repr(value)))
        )
        return None
    return value

"""Quota checks at set-up: refuse quotas that no count could ever meet."""

from collections import Counter
from collections.abc import Mapping, Sequence

from ballot.tally.quota_search import QuotaModel
from ballot.tally.quotas import Problem, Quota, Reason, read_quotas


def check_quotas_feasible(
    seats: int, candidates_attributes: Mapping[str, Mapping[str, str]], quotas: Sequence[object]
) -> list[str]:
    """Every reason these quotas cannot be met by these candidates; empty if they can.

    `candidates_attributes` names every candidate of the contest (`{}` for one without
    attributes); `quotas` are `{attribute, value, min?, max?}` objects or `Quota`s. A maximum
    that may leave a seat empty is allowed: that is what a maximum is for.
    """
    return [
        f"{field}: {problem}"
        for field, problem in quota_problems(seats, candidates_attributes, quotas)
    ]


def quota_problems(
    seats: object, candidates_attributes: object, raw_quotas: object
) -> list[Problem]:
    """Like `check_quotas_feasible`, as (field, problem) pairs."""
    if isinstance(raw_quotas, list | tuple):
        raw_quotas = [q.as_dict() if isinstance(q, Quota) else q for q in raw_quotas]
    quotas, problems = read_quotas(raw_quotas)
    problems += _form_problems(seats, candidates_attributes)
    if problems:
        return problems
    assert isinstance(seats, int) and isinstance(candidates_attributes, Mapping)
    for check in (_single_quota_problems, _attribute_sum_problems, _combined_problems):
        problems = check(seats, candidates_attributes, quotas)
        if problems:
            return problems
    return []


def _form_problems(seats: object, candidates_attributes: object) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        problems.append(
            (
                "seats",
                Reason("must be a whole number of at least 1, not {seats}", seats=repr(seats)),
            )
        )
    if not isinstance(candidates_attributes, Mapping):
        return [*problems, ("attributes", Reason("must map each candidate to its attributes"))]
    for name, attributes in candidates_attributes.items():
        field = f"attributes.{name}"
        if not isinstance(attributes, Mapping):
            problems.append((field, Reason("must be an object of attribute: value")))
            continue
        for attribute, value in attributes.items():
            if not isinstance(attribute, str) or not isinstance(value, str):
                problems.append(
                    (
                        f"{field}.{attribute}",
                        Reason("must be a text, not {value}", value=repr(value)),
                    )
                )
    return problems


def _single_quota_problems(
    seats: int, candidates: Mapping[str, Mapping[str, str]], quotas: list[Quota]
) -> list[Problem]:
    problems: list[Problem] = []
    for index, quota in enumerate(quotas):
        field = f"quotas[{index}]"
        if not any(quota.attribute in own for own in candidates.values()):
            problems.append(
                (field, Reason("no candidate has the attribute {name}", name=repr(quota.attribute)))
            )
            continue
        having = sum(quota.matches(own) for own in candidates.values())
        least, label = quota.min, quota.label
        if least is not None and least > seats:
            problems.append(
                (
                    field,
                    Reason(
                        "min {least} for {label} is more than the {seats} seats",
                        least=least,
                        label=label,
                        seats=seats,
                    ),
                )
            )
        elif least is not None and least > having:
            problems.append(
                (
                    field,
                    Reason(
                        "min {least} for {label}, but only {having} candidates have it",
                        least=least,
                        label=label,
                        having=having,
                    ),
                )
            )
    return problems


def _attribute_sum_problems(
    seats: int, candidates: Mapping[str, Mapping[str, str]], quotas: list[Quota]
) -> list[Problem]:
    # Different values of one attribute never overlap, so their minimums simply add up.
    totals: Counter[str] = Counter()
    for quota in quotas:
        totals[quota.attribute] += quota.min or 0
    return [
        (
            "quotas",
            Reason(
                "the minimums for {attribute} add up to {total}, more than the {seats} seats",
                attribute=attribute,
                total=total,
                seats=seats,
            ),
        )
        for attribute, total in sorted(totals.items())
        if total > seats
    ]


def _combined_problems(
    seats: int, candidates: Mapping[str, Mapping[str, str]], quotas: list[Quota]
) -> list[Problem]:
    model = QuotaModel(quotas, candidates)
    missing, _ = model.best_outcome(sorted(candidates), seats)
    if missing:
        return [
            (
                "quotas",
                Reason(
                    "these candidates cannot meet all the quotas together in {seats} seats",
                    seats=seats,
                ),
            )
        ]
    return []

"""Quota checks at set-up: check_quotas_feasible names every impossible quota."""

import pytest

from ballot.tally import check_quotas_feasible

CANDIDATES = {
    "Ayşe": {"gender": "f", "area": "north"},
    "Bernd": {"gender": "m", "area": "north"},
    "Chiara": {"gender": "f", "area": "south"},
    "Dana": {"gender": "f", "area": "north"},
    "Emre": {},
}


def test_quotas_that_can_be_met_have_no_problems():
    quotas = [
        {"attribute": "gender", "value": "f", "min": 2, "max": 3},
        {"attribute": "area", "value": "north", "max": 2},
    ]
    assert check_quotas_feasible(4, CANDIDATES, quotas) == []
    assert check_quotas_feasible(4, CANDIDATES, []) == []


def test_a_maximum_that_may_leave_a_seat_empty_is_allowed():
    quotas = [{"attribute": "gender", "value": "f", "max": 1}]
    assert check_quotas_feasible(5, CANDIDATES, quotas) == []


@pytest.mark.parametrize(
    ("seats", "quota", "problem"),
    [
        (2, {"attribute": "gender", "value": "f", "min": 3},
         "quotas[0]: min 3 for gender=f is more than the 2 seats"),
        (5, {"attribute": "gender", "value": "f", "min": 4},
         "quotas[0]: min 4 for gender=f, but only 3 candidates have it"),
        (5, {"attribute": "gender", "value": "f", "min": 3, "max": 2},
         "quotas[0]: min 3 is more than max 2"),
        (5, {"attribute": "gender", "value": "f"}, "quotas[0]: needs a min, a max or both"),
        (5, {"attribute": "gender", "value": "f", "max": -1},
         "quotas[0].max: must be a whole number of at least 0, not -1"),
        (5, {"attribute": "gender", "value": "f", "min": 1.5},
         "quotas[0].min: must be a whole number of at least 0, not 1.5"),
        (5, {"attribute": "age", "value": "young", "min": 1},
         "quotas[0]: no candidate has the attribute 'age'"),
        (5, {"attribute": "", "value": "f", "min": 1},
         "quotas[0].attribute: must be a non-empty text"),
        (5, {"attribute": "gender", "value": "f", "min": 1, "share": 50},
         "quotas[0].share: is not a quota field"),
        (5, "gender=f", "quotas[0]: must be an object with attribute, value and min and/or max"),
    ],
)  # fmt: skip
def test_each_impossible_quota_is_named(seats, quota, problem):
    assert check_quotas_feasible(seats, CANDIDATES, [quota]) == [problem]


def test_minimums_of_one_attribute_that_add_up_to_more_than_the_seats():
    quotas = [
        {"attribute": "gender", "value": "f", "min": 2},
        {"attribute": "gender", "value": "m", "min": 1},
    ]
    assert check_quotas_feasible(2, CANDIDATES, quotas) == [
        "quotas: the minimums for gender add up to 3, more than the 2 seats"
    ]


def test_quotas_that_only_fail_together():
    # Two women are needed, the north may have no seat, and only Chiara is a woman from
    # elsewhere: each quota alone can be met, not both.
    quotas = [
        {"attribute": "gender", "value": "f", "min": 2},
        {"attribute": "area", "value": "north", "max": 0},
    ]
    assert check_quotas_feasible(3, CANDIDATES, quotas) == [
        "quotas: these candidates cannot meet all the quotas together in 3 seats"
    ]


def test_two_quotas_for_the_same_value_are_refused():
    quota = {"attribute": "gender", "value": "f", "min": 1}
    assert check_quotas_feasible(3, CANDIDATES, [quota, quota]) == [
        "quotas[1]: a second quota for gender=f"
    ]


def test_bad_seats_and_attributes_are_named():
    assert check_quotas_feasible(0, CANDIDATES, []) == [
        "seats: must be a whole number of at least 1, not 0"
    ]
    assert check_quotas_feasible(3, {"A": {"gender": 1}}, []) == [
        "attributes.A.gender: must be a text, not 1"
    ]

"""The residents' majority: more than half of all seats, at set-up and after the count."""

import pytest

from ballot.tally import AllocationError, check_composition

COUNCIL = [
    {"key": "bewohner", "seats": 12, "resident": True},
    {"key": "einrichtungen", "seats": 9, "resident": False},
]


def test_set_up_with_a_residents_majority_of_configured_seats():
    assert check_composition(COUNCIL) == {
        "ok": True,
        "resident_seats": 12,
        "total_seats": 21,
        "message": "Residents hold 12 of 21 seats: more than half, as required.",
    }


def test_exactly_half_is_not_a_majority():
    council = [
        {"key": "b", "seats": 6, "resident": True},
        {"key": "e", "seats": 6, "resident": False},
    ]
    result = check_composition(council)
    assert result["ok"] is False
    assert (
        result["message"] == "Residents hold 6 of 12 seats: not more than half (at least 7 needed)."
    )


def test_after_the_count_empty_resident_seats_can_break_the_majority():
    # Only 8 of the 12 residents' seats could be filled; all 9 institutions' seats were.
    result = check_composition(COUNCIL, {"bewohner": 8, "einrichtungen": 9})
    assert result == {
        "ok": False,
        "resident_seats": 8,
        "total_seats": 17,
        "message": "Residents hold 8 of 17 filled seats: not more than half (at least 9 needed).",
    }


def test_after_the_count_with_empty_institution_seats_the_majority_holds():
    result = check_composition(COUNCIL, {"bewohner": 12, "einrichtungen": 5})
    assert result["ok"] is True
    assert (result["resident_seats"], result["total_seats"]) == (12, 17)


def test_no_seats_at_all_is_no_majority():
    result = check_composition(COUNCIL, {"bewohner": 0, "einrichtungen": 0})
    assert result["ok"] is False
    assert result["total_seats"] == 0


@pytest.mark.parametrize(
    ("contests", "counts", "field"),
    [
        ([], None, "contests"),
        ([{"key": "b", "seats": 3}], None, "contests[0].resident"),
        ([{"key": "b", "seats": -1, "resident": True}], None, "contests[0].seats"),
        ([{"key": "", "seats": 1, "resident": True}], None, "contests[0].key"),
        ([*COUNCIL, COUNCIL[0]], None, "contests[2].key"),
        (COUNCIL, {"bewohner": 13, "einrichtungen": 0}, "elected_counts.bewohner"),
        (COUNCIL, {"bewohner": 1}, "elected_counts.einrichtungen"),
        (COUNCIL, {"bewohner": 1, "einrichtungen": 1, "jury": 1}, "elected_counts.jury"),
    ],
)
def test_bad_input_names_the_field(contests, counts, field):
    with pytest.raises(AllocationError) as raised:
        check_composition(contests, counts)
    assert raised.value.field == field

"""German formatting in Berlin time."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from printing.german import format_date, format_datetime, format_number, format_percent


def test_winter_time():
    assert format_datetime(datetime(2027, 3, 1, 7, 0, tzinfo=UTC)) == "1. März 2027, 08:00 Uhr"


def test_summer_time():
    assert format_datetime(datetime(2027, 7, 1, 16, 5, tzinfo=UTC)) == "1. Juli 2027, 18:05 Uhr"


def test_other_zones_are_shown_in_berlin_time():
    new_york = timezone(timedelta(hours=-5))
    assert format_datetime(datetime(2027, 12, 31, 20, 0, tzinfo=new_york)) == (
        "1. Januar 2028, 02:00 Uhr"
    )
    assert format_date(datetime(2027, 5, 9, 12, 0, tzinfo=UTC)) == "9. Mai 2027"


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="time zone"):
        format_datetime(datetime(2027, 3, 1, 8, 0))


@pytest.mark.parametrize(
    ("number", "text"), [(0, "0"), (999, "999"), (1000, "1.000"), (1234567, "1.234.567")]
)
def test_numbers(number, text):
    assert format_number(number) == text


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [
        (1, 8, "12,5 %"),
        (2, 3, "66,7 %"),
        (1, 3, "33,3 %"),
        (0, 5, "0,0 %"),
        (5, 5, "100,0 %"),
        (1, 0, "–"),
    ],
)
def test_percentages(part, whole, text):
    assert format_percent(part, whole) == text

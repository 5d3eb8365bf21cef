"""Every bad request is refused whole with an AllocationError naming the field."""

import pytest

from ballot.tally import AllocationError, allocate

GOOD = {"method": "most-votes", "seats": 2, "votes": {"A": 3, "B": 2}}
QUOTA = {"attribute": "gender", "value": "f", "min": 1}


DROP = object()


def changed(base=GOOD, **fields):
    request = {**base, **fields}
    return {key: value for key, value in request.items() if value is not DROP}


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        ([1, 2], "request"),
        (changed(method="borda"), "method"),
        (changed(method=DROP), "method"),
        (changed(seats=0), "seats"),
        (changed(seats=DROP), "seats"),
        (changed(seats=True), "seats"),
        (changed(seats=2.0), "seats"),
        (changed(seats=10**9), "seats"),  # would take hours, one seat at a time
        (changed(method="dhondt", seats=10_001, votes={"A": 3}), "seats"),
        (changed(votes={}), "votes"),
        (changed(votes=[3, 2]), "votes"),
        (changed(votes={"A": -1}), "votes.A"),
        (changed(votes={"A": 1.5}), "votes.A"),
        (changed(votes={"A": "3"}), "votes.A"),
        (changed(votes={"A": 2**53}), "votes.A"),
        (changed(votes={"": 3}), "votes"),
        (changed(votes={"A": 5}, ballots_cast=4), "votes.A"),
        (changed(ballots_cast=-1), "ballots_cast"),
        (changed(hurdle_percent=10), "ballots_cast"),
        (changed(hurdle_percent=101, ballots_cast=9), "hurdle_percent"),
        (changed(hurdle_percent="ten", ballots_cast=9), "hurdle_percent"),
        (changed(hurdle_percent=float("nan"), ballots_cast=9), "hurdle_percent"),
        (changed(order=["A"]), "votes.B"),
        (changed(order=["A", "B", "A"]), "order"),
        (changed(order="A,B"), "order"),
        (changed(attributes={"Z": {"gender": "f"}}), "attributes.Z"),
        (changed(attributes={"A": {"gender": 1}}), "attributes.A.gender"),
        (changed(attributes={"A": "f"}), "attributes.A"),
        (changed(quotas=[QUOTA]), "quotas[0]"),  # nobody has a gender
        (changed(attributes={"A": {"gender": "f"}}, quotas=[{**QUOTA, "min": 3}]), "quotas[0]"),
        (
            changed(attributes={"A": {"gender": "f"}}, quotas=[{**QUOTA, "min": "1"}]),
            "quotas[0].min",
        ),
        (changed(quotas={"gender": "f"}), "quotas"),
        (changed(lot_input=""), "lot_input"),
        (changed(lot_input=4), "lot_input"),
        (changed(threshold_percent=5), "threshold_percent"),
        (changed(method="yes-no"), "votes.A"),
        (changed(method="yes-no", votes={"A": {"yes": 1}}), "votes.A"),
        (changed(method="yes-no", votes={"A": {"yes": 1, "no": 0, "maybe": 1}}), "votes.A.maybe"),
        (changed(method="yes-no", votes={"A": {"yes": 4, "no": 3}}, ballots_cast=6), "votes.A"),
        (changed(method="dhondt", order=["A", "B"]), "order"),
        (changed(method="dhondt", votes={"A": 0, "B": 0}), "votes"),
        (changed(method="dhondt", threshold_percent=-1), "threshold_percent"),
        (changed(method="sainte-lague", hurdle_percent=5), "hurdle_percent"),
        (changed(method="hare-niemeyer", votes={"A": 3, "B": 1}, threshold_percent=80), "votes"),
    ],
)
def test_bad_request_names_the_field(request_, field):
    with pytest.raises(AllocationError) as raised:
        allocate(request_)
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")


def test_malformed_counts_hash_is_refused_even_without_a_lot():
    with pytest.raises(AllocationError, match="counts_hash"):
        allocate(GOOD, counts_hash="not a hash")


def test_message_says_what_is_wrong():
    with pytest.raises(AllocationError) as raised:
        allocate(changed(votes={"A": 1.5}))
    assert str(raised.value) == "votes.A: must be a whole number, not 1.5"

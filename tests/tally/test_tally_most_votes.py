"""most-votes, worked by hand: order of votes, hurdle, quotas, substitutes, ties and the lot."""

import pytest

from ballot.tally import allocate, lot_permutation, lot_seed, request_hash


def most_votes(seats, votes, **extra):
    return {"method": "most-votes", "seats": seats, "votes": votes, **extra}


def test_seats_go_in_order_of_votes_and_the_rest_are_substitutes_in_order():
    result = allocate(most_votes(2, {"Dana": 40, "Ayşe": 70, "Emre": 12, "Bernd": 64}))
    assert result["elected"] == ["Ayşe", "Bernd"]
    assert result["substitutes"] == ["Dana", "Emre"]
    assert result["complete"] is True
    assert result["ties"] == []
    assert result["vacant"] == 0
    assert result["lot"] is None


def test_design_example_elects_everyone_and_needs_no_lot():
    # DESIGN §7: five seats, five candidates, three of them women, a minimum of three women.
    # Bernd and Chiara tie on 64 but both are elected, so the tie decides nothing.
    request = {
        "method": "most-votes", "seats": 5, "ballots_cast": 120, "hurdle_percent": 0,
        "votes": {"Ayşe": 70, "Bernd": 64, "Chiara": 64, "Dana": 40, "Emre": 12},
        "attributes": {"Ayşe": {"gender": "f"}, "Chiara": {"gender": "f"}, "Dana": {"gender": "f"}},
        "quotas": [{"attribute": "gender", "value": "f", "min": 3}],
        "lot_input": "4 2 6 1",
    }  # fmt: skip
    result = allocate(request)
    assert result["elected"] == ["Ayşe", "Bernd", "Chiara", "Dana", "Emre"]
    assert result["substitutes"] == []
    assert result["ties"] == []
    assert result["lot"] is None
    assert [event["kind"] for event in result["events"]] == ["lot-not-needed"]


def test_hurdle_is_a_share_of_ballots_cast_and_reaching_it_exactly_passes():
    # 10 % of 120 ballots is 12 votes: Emre with 12 passes, Femi with 11 does not.
    votes = {"Ayşe": 70, "Bernd": 64, "Emre": 12, "Femi": 11}
    result = allocate(most_votes(3, votes, ballots_cast=120, hurdle_percent=10))
    assert result["elected"] == ["Ayşe", "Bernd", "Emre"]
    assert result["substitutes"] == []
    (event,) = result["events"]
    assert event == {
        "kind": "excluded",
        "candidate": "Femi",
        "votes": 11,
        "reason": "hurdle",
        "needed": 12,
        "text": "Femi not eligible: 11 votes, below the hurdle of 10 % of 120 ballots cast"
        " (12 votes needed)",
    }


def test_a_candidate_below_the_hurdle_is_not_a_substitute_even_with_seats_left():
    result = allocate(most_votes(3, {"A": 30, "B": 4}, ballots_cast=40, hurdle_percent="12.5"))
    # 12.5 % of 40 is exactly 5: B with 4 is out, and two of the three seats stay empty.
    assert result["elected"] == ["A"]
    assert result["substitutes"] == []
    assert result["vacant"] == 2
    assert result["events"][-1]["kind"] == "vacant"


@pytest.mark.parametrize("hurdle", [12.5, "12.5", 25 / 2])
def test_hurdle_given_as_float_or_decimal_text_is_read_exactly(hurdle):
    # 12.5 % of 120 = 15 votes exactly.
    votes = {"A": 15, "B": 14}
    result = allocate(most_votes(2, votes, ballots_cast=120, hurdle_percent=hurdle))
    assert result["elected"] == ["A"]
    assert result["events"][0]["needed"] == 15


def test_hurdle_below_one_vote_is_compared_exactly():
    # 0.4 % of 300 ballots is 1.2 votes (1 is too few); 0.3 % is 0.9 votes (1 is enough).
    votes = {"A": 1, "B": 0}
    result = allocate(most_votes(2, votes, ballots_cast=300, hurdle_percent="0.4"))
    assert result["elected"] == []
    result = allocate(most_votes(2, votes, ballots_cast=300, hurdle_percent="0.3"))
    assert result["elected"] == ["A"]


def test_candidates_without_votes_are_neither_elected_nor_substitutes():
    result = allocate(most_votes(3, {"A": 5, "B": 0}, order=["B", "A", "C"]))
    assert result["elected"] == ["A"]
    assert result["substitutes"] == []
    assert result["vacant"] == 2
    kinds = [(event["kind"], event.get("candidate")) for event in result["events"]]
    assert kinds == [("excluded", "B"), ("excluded", "C"), ("vacant", None)]


GENDER_F = {"C": {"gender": "f"}, "D": {"gender": "f"}}


def test_quota_minimum_skips_a_candidate_whose_seat_the_quota_needs():
    # Three seats, at least two women. A (50) is taken. Taking B (40) would leave one seat for
    # the two women the quota needs, so B is skipped; C and D fill the seats.
    votes = {"A": 50, "B": 40, "C": 30, "D": 20, "E": 10}
    quotas = [{"attribute": "gender", "value": "f", "min": 2}]
    result = allocate(most_votes(3, votes, attributes=GENDER_F, quotas=quotas))
    assert result["elected"] == ["A", "C", "D"]
    assert result["substitutes"] == ["B", "E"]  # plain vote order
    (skip,) = result["events"]
    assert skip["kind"] == "quota-skip"
    assert skip["candidate"] == "B"
    assert skip["text"] == "B skipped: taking them would leave too few seats for gender=f min 2"


def test_quota_maximum_skips_and_the_next_candidate_takes_the_seat():
    votes = {"C": 50, "D": 40, "A": 30, "B": 20}
    quotas = [{"attribute": "gender", "value": "f", "max": 1}]
    result = allocate(most_votes(2, votes, attributes=GENDER_F, quotas=quotas))
    assert result["elected"] == ["C", "A"]
    assert result["substitutes"] == ["D", "B"]
    (skip,) = result["events"]
    assert skip["text"] == "D skipped: taking them would exceed gender=f max 1"


def test_a_maximum_may_leave_a_seat_empty():
    votes = {"C": 50, "D": 40, "A": 30}
    quotas = [{"attribute": "gender", "value": "f", "max": 1}]
    result = allocate(most_votes(3, votes, attributes=GENDER_F, quotas=quotas))
    assert result["elected"] == ["C", "A"]
    assert result["substitutes"] == ["D"]
    assert result["vacant"] == 1
    assert result["events"][-1]["text"] == (
        "1 seat(s) stay empty: no further candidate can be elected"
        " without exceeding a quota maximum"
    )


def test_two_attributes_minimum_and_maximum_together():
    # Four seats; at least two women; at most two from the north.
    # A(m,north) taken; B(f,north) taken; C(m,north) would be a third northerner: skipped;
    # D(m,south) taken (F can still be the second woman); E(f,north) skipped; F(f,south) taken.
    attributes = {
        "A": {"gender": "m", "area": "north"},
        "B": {"gender": "f", "area": "north"},
        "C": {"gender": "m", "area": "north"},
        "D": {"gender": "m", "area": "south"},
        "E": {"gender": "f", "area": "north"},
        "F": {"gender": "f", "area": "south"},
    }
    votes = {"A": 90, "B": 80, "C": 70, "D": 60, "E": 50, "F": 40}
    quotas = [
        {"attribute": "gender", "value": "f", "min": 2},
        {"attribute": "area", "value": "north", "max": 2},
    ]
    result = allocate(most_votes(4, votes, attributes=attributes, quotas=quotas))
    assert result["elected"] == ["A", "B", "D", "F"]
    assert result["substitutes"] == ["C", "E"]
    assert [event["candidate"] for event in result["events"]] == ["C", "E"]


def test_a_minimum_that_the_hurdle_made_impossible_is_met_as_far_as_it_can_be():
    # At set-up two women could meet the minimum; at the count D falls below the hurdle.
    votes = {"A": 50, "B": 40, "C": 30, "D": 2}
    quotas = [{"attribute": "gender", "value": "f", "min": 2}]
    request = most_votes(
        3, votes, attributes=GENDER_F, quotas=quotas, ballots_cast=50, hurdle_percent=10
    )
    result = allocate(request)
    assert result["elected"] == ["A", "B", "C"]
    unmet = result["events"][-1]
    assert unmet["kind"] == "quota-unmet"
    assert (unmet["elected"], unmet["eligible"]) == (1, 1)


def test_tie_at_the_last_seat_without_lot_is_reported_and_nothing_is_decided():
    votes = {"Ayşe": 70, "Bernd": 64, "Chiara": 64, "Dana": 40}
    result = allocate(most_votes(2, votes))
    assert result["complete"] is False
    assert result["elected"] == ["Ayşe"]
    assert result["substitutes"] == [None, "Dana"]
    assert result["ties"] == [
        {"decides": "seat", "votes": 64, "seats": 1, "candidates": ["Bernd", "Chiara"],
         "decided_by": None},
        {"decides": "substitute-rank", "votes": 64, "ranks": [1], "candidates": ["Bernd", "Chiara"],
         "decided_by": None},
    ]  # fmt: skip
    assert result["lot"] is None


def test_tie_at_the_last_seat_with_lot_is_decided_and_anyone_can_redraw_it():
    votes = {"Ayşe": 70, "Bernd": 64, "Chiara": 64, "Dana": 40}
    request = most_votes(2, votes, lot_input="3 5 1 6")
    result = allocate(request)
    assert result["complete"] is True
    lot = result["lot"]
    # Redraw from the published inputs alone.
    assert lot["counts_hash"] == request_hash(
        {k: v for k, v in request.items() if k != "lot_input"}
    )
    seed = lot_seed(lot["counts_hash"], lot["public_input"])
    assert lot["seed"] == seed.hex()
    assert lot["permutation"] == lot_permutation(seed, ["Dana", "Chiara", "Bernd", "Ayşe"])
    first = min(("Bernd", "Chiara"), key=lot["permutation"].index)
    second = ({"Bernd", "Chiara"} - {first}).pop()
    assert result["elected"] == ["Ayşe", first]
    assert result["substitutes"] == [second, "Dana"]
    seat_tie, rank_tie = result["ties"]
    assert seat_tie["winners"] == [first] and seat_tie["decided_by"] == "lot"
    assert rank_tie["order"] == [second]


def test_other_public_input_can_decide_the_other_way():
    votes = {"Ayşe": 70, "Bernd": 64, "Chiara": 64}
    winners = {
        allocate(most_votes(2, votes, lot_input=str(dice)))["ties"][0]["winners"][0]
        for dice in range(1, 13)
    }
    assert winners == {"Bernd", "Chiara"}


def test_counts_hash_given_by_the_count_seeds_the_lot():
    votes = {"A": 5, "B": 5}
    counts_hash = "ab" * 32
    result = allocate(most_votes(1, votes, lot_input="6"), counts_hash=counts_hash)
    assert result["lot"]["counts_hash"] == counts_hash
    assert result["lot"]["seed"] == lot_seed(counts_hash, "6").hex()


def test_tie_between_substitutes_is_a_tie_for_rank():
    votes = {"A": 50, "B": 30, "C": 20, "D": 20, "E": 20, "F": 5}
    result = allocate(most_votes(2, votes))
    assert result["elected"] == ["A", "B"]
    assert result["substitutes"] == [None, None, None, "F"]
    assert result["ties"] == [
        {"decides": "substitute-rank", "votes": 20, "ranks": [1, 2, 3],
         "candidates": ["C", "D", "E"], "decided_by": None},
    ]  # fmt: skip
    decided = allocate(most_votes(2, votes, lot_input="2 2 5"))
    order = [name for name in decided["lot"]["permutation"] if name in "CDE"]
    assert decided["substitutes"] == [*order, "F"]
    assert decided["ties"][0]["order"] == order


def test_tie_among_the_elected_decides_nothing():
    result = allocate(most_votes(3, {"A": 9, "B": 9, "C": 9, "D": 1}, lot_input="1"))
    assert result["complete"] is True
    assert result["elected"] == ["A", "B", "C"]
    assert result["ties"] == []
    assert result["lot"] is None


def test_tie_that_a_quota_decides_needs_no_lot():
    # Bernd and Chiara tie on 64 for the last seat, but Chiara would be a second woman.
    votes = {"Ayşe": 70, "Bernd": 64, "Chiara": 64}
    attributes = {"Ayşe": {"gender": "f"}, "Chiara": {"gender": "f"}}
    quotas = [{"attribute": "gender", "value": "f", "max": 1}]
    result = allocate(most_votes(2, votes, attributes=attributes, quotas=quotas))
    assert result["complete"] is True
    assert result["elected"] == ["Ayşe", "Bernd"]
    assert result["ties"] == []
    assert result["events"][0]["text"] == "Chiara skipped: taking them would exceed gender=f max 1"


def test_tie_for_a_quota_seat_is_only_among_those_the_quota_allows():
    # One seat and at least one woman: A, B and C tie, but only A and C can take the seat.
    # B is a substitute either way, tied for rank with whichever of A and C loses.
    votes = {"A": 10, "B": 10, "C": 10}
    attributes = {"A": {"gender": "f"}, "C": {"gender": "f"}}
    quotas = [{"attribute": "gender", "value": "f", "min": 1}]
    result = allocate(most_votes(1, votes, attributes=attributes, quotas=quotas))
    assert result["complete"] is False
    assert result["elected"] == []
    assert result["ties"] == [
        {"decides": "seat", "votes": 10, "seats": 1, "candidates": ["A", "C"], "decided_by": None},
        {"decides": "substitute-rank", "votes": 10, "ranks": [1, 2], "candidates": ["A", "B", "C"],
         "decided_by": None},
    ]  # fmt: skip
    decided = allocate(most_votes(1, votes, attributes=attributes, quotas=quotas, lot_input="4"))
    assert decided["elected"][0] in {"A", "C"}
    assert sorted(decided["substitutes"]) == sorted({"A", "B", "C"} - set(decided["elected"]))


def test_seat_tie_with_certain_and_undecided_members_of_one_level():
    # Two seats, at least one man: A (the only man) is certain, B and C tie for the other seat.
    votes = {"A": 7, "B": 7, "C": 7}
    attributes = {"A": {"gender": "m"}, "B": {"gender": "f"}, "C": {"gender": "f"}}
    quotas = [{"attribute": "gender", "value": "m", "min": 1}]
    result = allocate(most_votes(2, votes, attributes=attributes, quotas=quotas))
    assert result["elected"] == ["A"]
    assert result["ties"][0] == {
        "decides": "seat", "votes": 7, "seats": 1, "candidates": ["B", "C"], "decided_by": None,
    }  # fmt: skip


def test_order_of_the_votes_object_changes_nothing():
    votes = {"A": 9, "B": 9, "C": 3, "D": 3}
    backwards = dict(reversed(list(votes.items())))
    for lot in (None, "x"):
        extra = {} if lot is None else {"lot_input": lot}
        assert allocate(most_votes(1, votes, **extra)) == allocate(
            most_votes(1, backwards, **extra)
        )

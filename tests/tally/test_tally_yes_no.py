"""yes-no, worked by hand: more yes than no, the hurdle, most yes-votes, ties."""

from ballot.tally import allocate


def yes_no(seats, votes, **extra):
    return {"method": "yes-no", "seats": seats, "votes": votes, **extra}


def test_elected_need_more_yes_than_no_and_then_the_most_yes_votes_win():
    votes = {
        "Ayşe": {"yes": 60, "no": 20},
        "Bernd": {"yes": 50, "no": 10, "abstain": 5},
        "Chiara": {"yes": 30, "no": 30},  # as many no as yes: fails
        "Dana": {"yes": 40, "no": 41},  # more no: fails
        "Emre": {"yes": 45, "no": 5},
    }
    result = allocate(yes_no(2, votes, ballots_cast=100))
    assert result["elected"] == ["Ayşe", "Bernd"]
    # Emre passed but won no seat: a substitute. Chiara and Dana failed: not substitutes.
    assert result["substitutes"] == ["Emre"]
    failed = [(e["candidate"], e["reason"]) for e in result["events"]]
    assert failed == [("Dana", "not-more-yes-than-no"), ("Chiara", "not-more-yes-than-no")]
    assert result["events"][1]["text"] == (
        "Chiara not elected: 30 yes, 30 no (needs more yes than no)"
    )


def test_hurdle_counts_yes_votes_against_ballots_cast():
    # 20 % of 50 ballots = 10 yes-votes needed. B has more yes than no but only 9 yes.
    votes = {"A": {"yes": 10, "no": 0}, "B": {"yes": 9, "no": 1}}
    result = allocate(yes_no(2, votes, ballots_cast=50, hurdle_percent=20))
    assert result["elected"] == ["A"]
    assert result["substitutes"] == []
    assert result["vacant"] == 1
    assert result["events"][0]["reason"] == "hurdle"
    assert result["events"][0]["needed"] == 10


def test_tie_on_yes_votes_for_the_last_seat():
    votes = {"A": {"yes": 9, "no": 1}, "B": {"yes": 7, "no": 0}, "C": {"yes": 7, "no": 6}}
    # B and C tie on yes-votes; their no-votes do not break the tie.
    result = allocate(yes_no(2, votes))
    assert result["complete"] is False
    assert result["elected"] == ["A"]
    assert result["ties"][0]["candidates"] == ["B", "C"]
    assert result["ties"][0]["votes"] == 7
    decided = allocate(yes_no(2, votes, lot_input="5 5 2"))
    assert decided["complete"] is True
    winner = decided["ties"][0]["winners"][0]
    assert decided["elected"] == ["A", winner]
    assert decided["substitutes"] == [({"B", "C"} - {winner}).pop()]


def test_tie_between_yes_no_substitutes():
    votes = {
        "A": {"yes": 9, "no": 0},
        "B": {"yes": 4, "no": 0},
        "C": {"yes": 4, "no": 3},
        "D": {"yes": 2, "no": 2},
    }
    result = allocate(yes_no(1, votes))
    assert result["elected"] == ["A"]
    assert result["substitutes"] == [None, None]
    assert result["ties"] == [
        {"decides": "substitute-rank", "votes": 4, "ranks": [1, 2], "candidates": ["B", "C"],
         "decided_by": None},
    ]  # fmt: skip


def test_quotas_apply_to_yes_no_as_well():
    votes = {"A": {"yes": 9, "no": 0}, "B": {"yes": 8, "no": 0}, "C": {"yes": 3, "no": 1}}
    attributes = {"C": {"gender": "f"}}
    quotas = [{"attribute": "gender", "value": "f", "min": 1}]
    result = allocate(yes_no(2, votes, attributes=attributes, quotas=quotas))
    assert result["elected"] == ["A", "C"]
    assert result["substitutes"] == ["B"]

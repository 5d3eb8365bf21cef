"""Apportionment against official seat distributions, and worked by hand."""

import pytest

from ballot.tally import allocate


def lists(method, seats, votes, **extra):
    return {"method": method, "seats": seats, "votes": votes, **extra}


def test_bundestag_2025_sainte_lague_schepers():
    # Bundestag election of 23 February 2025, final result (Bundeswahlausschuss, 14 March 2025).
    # Second votes of the parties taking part in the seat distribution, from the Federal
    # Returning Officer's open data (bundeswahlleiterin.de, btw25 kerg2.csv, "Bund" rows);
    # BSW and FDP stayed below 5 %, the SSW is exempt as a minority party.
    # Seats: https://www.bundestag.de/dokumente/textarchiv/2025/kw11-bundeswahlausschuss-1056272
    # "CDU 164, AfD 152, SPD 120, Grüne 85, Die Linke 64, CSU 44, SSW 1" by Sainte-Laguë/Schepers.
    votes = {
        "CDU": 11_196_374, "AfD": 10_328_780, "SPD": 8_149_124, "GRÜNE": 5_762_380,
        "Die Linke": 4_356_532, "CSU": 2_964_028, "SSW": 76_138,
    }  # fmt: skip
    result = allocate(lists("sainte-lague", 630, votes))
    assert result["seats"] == {
        "CDU": 164, "AfD": 152, "SPD": 120, "GRÜNE": 85, "Die Linke": 64, "CSU": 44, "SSW": 1,
    }  # fmt: skip
    assert result["complete"] is True


def test_bundestag_2002_hare_niemeyer():
    # Bundestag election of 22 September 2002, final result of the Federal Returning Officer.
    # The PDS (1,916,702 votes, 4.0 %) won two constituencies but no list seats, so the
    # 598 - 2 = 596 seats went to the other parties by Hare/Niemeyer. Official totals
    # (press release 23 Sept 2002, presseportal.de/pm/32102/382490): SPD 251 incl. 4 overhang
    # seats, CDU 190 incl. 1 overhang seat, CSU 58, GRÜNE 55, FDP 47.
    votes = {
        "SPD": 18_488_668, "CDU": 14_167_561, "CSU": 4_315_080, "GRÜNE": 4_110_355,
        "FDP": 3_538_815,
    }  # fmt: skip
    result = allocate(lists("hare-niemeyer", 596, votes))
    assert result["seats"] == {"SPD": 247, "CDU": 189, "CSU": 58, "GRÜNE": 55, "FDP": 47}


def test_bundestag_2005_hare_niemeyer():
    # Bundestag election of 18 September 2005 with the by-election in Dresden I, final result
    # (press release of 7 Oct 2005, presseportal.de/pm/32102/733928): 598 seats plus 16
    # overhang seats; SPD 222 (9 overhang), CDU 180 (7 overhang), CSU 46, GRÜNE 51, FDP 61,
    # Die Linke. 54. Second votes from the Federal Returning Officer's final result.
    votes = {
        "SPD": 16_194_665, "CDU": 13_136_740, "CSU": 3_494_309, "GRÜNE": 3_838_326,
        "FDP": 4_648_144, "Die Linke.": 4_118_194,
    }  # fmt: skip
    result = allocate(lists("hare-niemeyer", 598, votes))
    assert result["seats"] == {
        "SPD": 213, "CDU": 173, "CSU": 46, "GRÜNE": 51, "FDP": 61, "Die Linke.": 54,
    }  # fmt: skip


def test_european_parliament_2019_austria_dhondt_with_four_percent_threshold():
    # Austria, European Parliament election of 26 May 2019, result announced by the Federal
    # Ministry of the Interior (OTS press release OTS_20190526_OTS0034, ots.at): 3,197,676 valid
    # votes; "ÖVP 7 Mandate, SPÖ 5 Mandate, FPÖ 3 Mandate, GRÜNE 2 Mandate, NEOS 1 Mandat" of 18.
    # The European election law (EuWO) uses D'Hondt and a 4 % threshold (KPÖ and EUROPA fail).
    votes = {
        "ÖVP": 1_130_527, "SPÖ": 754_347, "FPÖ": 578_454, "GRÜNE": 417_226, "NEOS": 260_547,
        "KPÖ": 24_444, "EUROPA": 32_131,
    }  # fmt: skip
    result = allocate(lists("dhondt", 18, votes, threshold_percent=4))
    assert result["seats"] == {
        "ÖVP": 7, "SPÖ": 5, "FPÖ": 3, "GRÜNE": 2, "NEOS": 1, "KPÖ": 0, "EUROPA": 0,
    }  # fmt: skip
    below = [(event["list"], event["needed"]) for event in result["events"]]
    assert below == [("EUROPA", 127_908), ("KPÖ", 127_908)]  # 4 % of 3,197,676 = 127,907.04


# 10 seats for A 5200, B 2500, C 1300, D 1000 votes (10,000 in all):
#   Hare-Niemeyer: shares 5.2, 2.5, 1.3, 1.0 -> 5, 2, 1, 1 and the largest remainder (B, .5)
#   D'Hondt: 5200 2600 2500 1733 1300 1300 1250 1040 1000 866.7(A) beat B's 833.3
#   Sainte-Laguë (÷ 0.5, 1.5, …): 10400 5000 3466.7 2600 2080 2000 1666.7 1485.7 1155.6 1000(B)
#   beat A's 945.5
HAND_VOTES = {"A": 5200, "B": 2500, "C": 1300, "D": 1000}


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("hare-niemeyer", {"A": 5, "B": 3, "C": 1, "D": 1}),
        ("dhondt", {"A": 6, "B": 2, "C": 1, "D": 1}),
        ("sainte-lague", {"A": 5, "B": 3, "C": 1, "D": 1}),
    ],
)
def test_hand_worked_ten_seats(method, expected):
    assert allocate(lists(method, 10, HAND_VOTES))["seats"] == expected


def test_dhondt_tie_for_the_last_seats_is_reported_without_lot():
    # Quotients: A 6, 3, 2; B 3; C 3. After A's first seat, three quotients of 3 tie for two.
    result = allocate(lists("dhondt", 3, {"A": 6, "B": 3, "C": 3}))
    assert result["complete"] is False
    assert result["seats"] == {"A": 1, "B": 0, "C": 0}
    assert result["ties"] == [
        {"decides": "seat", "seats": 2, "candidates": ["A", "B", "C"], "quotient": "3",
         "decided_by": None},
    ]  # fmt: skip


def test_dhondt_tie_with_lot_goes_to_the_first_in_the_permutation():
    result = allocate(lists("dhondt", 3, {"A": 6, "B": 3, "C": 3}, lot_input="1 6"))
    permutation = result["lot"]["permutation"]
    winners = permutation[:2]
    assert result["ties"][0]["winners"] == winners
    expected = {"A": 1, "B": 0, "C": 0}
    for name in winners:
        expected[name] += 1
    assert result["seats"] == expected
    assert sum(result["seats"].values()) == 3


def test_sainte_lague_tie_at_half_a_seat():
    # Shares 6.0, 2.5, 1.5 of 10 seats: B and C both stand exactly at a half.
    result = allocate(lists("sainte-lague", 10, {"A": 720, "B": 300, "C": 180}))
    assert result["seats"] == {"A": 6, "B": 2, "C": 1}
    assert result["ties"][0]["candidates"] == ["B", "C"]
    assert result["ties"][0]["quotient"] == "120"


def test_hare_niemeyer_tie_on_equal_remainders():
    result = allocate(lists("hare-niemeyer", 10, {"A": 720, "B": 300, "C": 180}))
    assert result["seats"] == {"A": 6, "B": 2, "C": 1}
    assert result["ties"][0] == {
        "decides": "seat", "seats": 1, "candidates": ["B", "C"], "remainder": "1/2",
        "decided_by": None,
    }  # fmt: skip


def test_hare_niemeyer_alabama_paradox_is_reproduced_not_hidden():
    # Votes 1, 3, 3: with 3 seats the shares are 3/7, 9/7, 9/7 -> 1, 1, 1; with 4 seats they are
    # 4/7, 12/7, 12/7 -> 0, 2, 2. One more seat in the house costs A its seat.
    votes = {"A": 1, "B": 3, "C": 3}
    assert allocate(lists("hare-niemeyer", 3, votes))["seats"] == {"A": 1, "B": 1, "C": 1}
    assert allocate(lists("hare-niemeyer", 4, votes))["seats"] == {"A": 0, "B": 2, "C": 2}


def test_threshold_reached_exactly_counts():
    # 5 % of 200 votes is exactly 10: C with 10 takes part and wins 1 of 20 seats.
    result = allocate(lists("hare-niemeyer", 20, {"A": 150, "B": 40, "C": 10}, threshold_percent=5))
    assert result["seats"] == {"A": 15, "B": 4, "C": 1}
    assert result["events"] == []
    # With 9 C is out; the 20 seats go by the 191 votes left: A 15.81, B 4.19 -> 16 and 4.
    result = allocate(lists("hare-niemeyer", 20, {"A": 151, "B": 40, "C": 9}, threshold_percent=5))
    assert result["seats"] == {"A": 16, "B": 4, "C": 0}
    assert result["events"][0]["text"] == (
        "C gets no seats: 9 votes, below the threshold of 5 % of 200 votes (10 needed)"
    )


def test_lists_without_votes_get_no_seats():
    result = allocate(lists("sainte-lague", 3, {"A": 10, "B": 0}))
    assert result["seats"] == {"A": 3, "B": 0}


def test_lot_input_without_a_tie_draws_nothing():
    result = allocate(lists("dhondt", 10, HAND_VOTES, lot_input="3"))
    assert result["lot"] is None
    assert result["events"] == [
        {"kind": "lot-not-needed", "text": "No tie decided anything, so no lot was drawn."}
    ]

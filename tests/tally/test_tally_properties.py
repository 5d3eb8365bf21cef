"""Properties of the counting rules over many generated counts (hypothesis)."""

from fractions import Fraction
from itertools import combinations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ballot.canonical import canonical_json
from ballot.tally import allocate, check_quotas_feasible

NAMES = ["Ayşe", "Bernd", "Chiara", "Dana", "Emre", "Femi", "Gül"]
QUOTA_CHOICES = [
    {"attribute": "gender", "value": "f", "min": 1},
    {"attribute": "gender", "value": "f", "min": 2},
    {"attribute": "gender", "value": "f", "max": 2},
    {"attribute": "gender", "value": "m", "max": 1},
    {"attribute": "area", "value": "north", "max": 1},
    {"attribute": "area", "value": "north", "min": 1, "max": 2},
]

LOT_INPUTS = st.text(min_size=1).filter(str.strip)


@st.composite
def candidate_requests(draw, method="most-votes"):
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=7, unique=True))
    votes = {name: draw(st.integers(0, 5)) for name in names}
    if method == "yes-no":
        votes = {
            name: {"yes": count, "no": draw(st.integers(0, 3))} for name, count in votes.items()
        }
    attributes = {
        name: {
            "gender": draw(st.sampled_from("fm")),
            "area": draw(st.sampled_from(["north", "south"])),
        }
        for name in names
    }
    seats = draw(st.integers(1, len(names) + 1))
    quotas = draw(
        st.lists(st.sampled_from(QUOTA_CHOICES), max_size=2, unique_by=lambda q: q["attribute"])
    )
    assume(check_quotas_feasible(seats, attributes, quotas) == [])
    request = {"method": method, "seats": seats, "votes": votes, "attributes": attributes}
    if quotas:
        request["quotas"] = quotas
    return request


def with_lot(request, text="3 1 4"):
    return {**request, "lot_input": text}


def eligible(request):
    votes = request["votes"]
    if request["method"] == "yes-no":
        return [name for name, v in votes.items() if v["yes"] > v["no"]]
    return [name for name, count in votes.items() if count > 0]


def score(request, name):
    vote = request["votes"][name]
    return vote["yes"] if request["method"] == "yes-no" else vote


def matches(request, quota, name):
    return request["attributes"][name].get(quota["attribute"]) == quota["value"]


def brute_force_best(request, order):
    """The best set by trying every set: maxima kept, fewest missing minimum places,
    fewest empty seats, the most votes (compared from the best-voted down), then the
    earliest places in `order`."""
    quotas = request.get("quotas", [])
    best = None
    for size in range(request["seats"] + 1):
        for chosen in combinations(order, size):
            counts = [sum(matches(request, q, name) for name in chosen) for q in quotas]
            if any("max" in q and c > q["max"] for q, c in zip(quotas, counts, strict=True)):
                continue
            missing = sum(max(0, q.get("min", 0) - c) for q, c in zip(quotas, counts, strict=True))
            profile = sorted(-score(request, name) for name in chosen)
            places = sorted(order.index(name) for name in chosen)
            key = (missing, request["seats"] - size, profile, places)
            if best is None or key < best[0]:
                best = (key, set(chosen))
    return best[1]


@settings(deadline=None)
@given(st.sampled_from(["most-votes", "yes-no"]).flatmap(candidate_requests))
def test_elected_set_is_the_best_feasible_set_in_vote_order(request):
    result = allocate(with_lot(request))
    assert result["complete"] is True
    lot = result["lot"]
    tiebreak = lot["permutation"].index if lot else (lambda name: name)
    order = sorted(eligible(request), key=lambda name: (-score(request, name), tiebreak(name)))
    assert set(result["elected"]) == brute_force_best(request, order)


@settings(deadline=None)
@given(st.sampled_from(["most-votes", "yes-no"]).flatmap(candidate_requests))
def test_elected_and_substitutes_share_out_the_eligible_in_vote_order(request):
    result = allocate(with_lot(request))
    elected, substitutes = result["elected"], result["substitutes"]
    assert sorted(elected + substitutes) == sorted(eligible(request))
    assert len(elected) + result["vacant"] == request["seats"]
    scores = [score(request, name) for name in substitutes]
    assert scores == sorted(scores, reverse=True)
    for quota in request.get("quotas", []):
        count = sum(matches(request, quota, name) for name in elected)
        assert count <= quota.get("max", count)
        unmet = [e for e in result["events"] if e["kind"] == "quota-unmet" and e["quota"] == quota]
        assert (count < quota.get("min", 0)) == bool(unmet)


@settings(deadline=None)
@given(st.sampled_from(["most-votes", "yes-no"]).flatmap(candidate_requests), LOT_INPUTS)
def test_the_lot_only_decides_what_the_undecided_result_left_open(request, lot_input):
    open_result = allocate(request)
    decided = allocate(with_lot(request, lot_input))
    assert open_result["complete"] == (open_result["ties"] == [])
    assert decided["complete"] is True
    assert (decided["lot"] is None) == (open_result["ties"] == [])
    certain = set(open_result["elected"])
    tied = {
        name
        for tie in open_result["ties"]
        if tie["decides"] == "seat"
        for name in tie["candidates"]
    }
    open_seats = sum(tie["seats"] for tie in open_result["ties"] if tie["decides"] == "seat")
    assert certain <= set(decided["elected"]) <= certain | tied
    assert len(decided["elected"]) == len(certain) + open_seats
    for rank, name in enumerate(open_result["substitutes"]):
        if name is not None:
            assert decided["substitutes"][rank] == name
    undecided = [tie["candidates"] for tie in decided["ties"]]
    assert [tie["candidates"] for tie in open_result["ties"]] == undecided


@settings(deadline=None)
@given(candidate_requests(), st.randoms(use_true_random=False))
def test_same_counts_give_byte_identical_results_whatever_the_order_of_the_input(request, shuffle):
    names = list(request["votes"])
    shuffle.shuffle(names)
    reordered = {**request, "votes": {name: request["votes"][name] for name in names}}
    reordered = dict(reversed(list(reordered.items())))
    for lot_input in (None, "6 6"):
        one = request if lot_input is None else with_lot(request, lot_input)
        two = reordered if lot_input is None else with_lot(reordered, lot_input)
        assert canonical_json(allocate(one)) == canonical_json(allocate(two))


@settings(deadline=None)
@given(candidate_requests(), st.data())
def test_more_votes_never_cost_an_elected_candidate_the_seat_without_quotas(request, data):
    request = {key: value for key, value in request.items() if key != "quotas"}
    elected = allocate(with_lot(request))["elected"]
    assume(elected)
    name = data.draw(st.sampled_from(elected))
    more = {
        **request,
        "votes": {**request["votes"], name: request["votes"][name] + data.draw(st.integers(1, 3))},
    }
    assert name in allocate(with_lot(more))["elected"]


list_votes = st.dictionaries(
    st.sampled_from(["A", "B", "C", "D", "E", "F"]), st.integers(0, 10_000), min_size=1, max_size=6
).filter(lambda votes: sum(votes.values()) > 0)
list_methods = st.sampled_from(["dhondt", "sainte-lague", "hare-niemeyer"])


@given(list_methods, list_votes, st.integers(1, 60))
def test_every_seat_is_given_once_the_lot_breaks_ties(method, votes, seats):
    result = allocate({"method": method, "seats": seats, "votes": votes, "lot_input": "1"})
    assert result["complete"] is True
    assert sum(result["seats"].values()) == seats
    unbroken = allocate({"method": method, "seats": seats, "votes": votes})
    open_seats = sum(tie["seats"] for tie in unbroken["ties"])
    assert sum(unbroken["seats"].values()) + open_seats == seats


@given(list_votes, st.integers(1, 60))
def test_hare_niemeyer_gives_each_list_its_share_rounded_down_or_up(votes, seats):
    result = allocate({"method": "hare-niemeyer", "seats": seats, "votes": votes, "lot_input": "1"})
    total = sum(votes.values())
    for name, count in votes.items():
        share = Fraction(count * seats, total)
        assert share - 1 < result["seats"][name] < share + 1


@given(list_votes, st.integers(1, 60))
def test_dhondt_never_gives_a_list_less_than_its_share_rounded_down(votes, seats):
    result = allocate({"method": "dhondt", "seats": seats, "votes": votes, "lot_input": "1"})
    total = sum(votes.values())
    for name, count in votes.items():
        assert result["seats"][name] >= count * seats // total


@given(st.sampled_from(["dhondt", "sainte-lague"]), list_votes, st.integers(1, 59))
def test_divisor_methods_never_take_a_seat_away_when_the_house_grows(method, votes, seats):
    smaller = allocate({"method": method, "seats": seats, "votes": votes})
    larger = allocate({"method": method, "seats": seats + 1, "votes": votes})
    assume(smaller["complete"] and larger["complete"])
    for name in votes:
        assert larger["seats"][name] >= smaller["seats"][name]


@given(st.sampled_from(["dhondt", "sainte-lague"]), list_votes, st.integers(1, 60), st.data())
def test_divisor_methods_never_take_a_seat_away_for_more_votes(method, votes, seats, data):
    name = data.draw(st.sampled_from(sorted(votes)))
    more = {**votes, name: votes[name] + data.draw(st.integers(1, 5_000))}
    before = allocate({"method": method, "seats": seats, "votes": votes})
    after = allocate({"method": method, "seats": seats, "votes": more})
    assume(before["complete"] and after["complete"])
    assert after["seats"][name] >= before["seats"][name]


@given(list_methods, list_votes, st.integers(1, 60), st.integers(0, 20))
def test_lists_below_the_threshold_get_no_seats(method, votes, seats, threshold):
    total = sum(votes.values())
    assume(max(votes.values()) * 100 >= threshold * total)  # someone passes
    request = {"method": method, "seats": seats, "votes": votes, "threshold_percent": threshold}
    result = allocate({**request, "lot_input": "2"})
    for name, count in votes.items():
        if count * 100 < threshold * total:
            assert result["seats"][name] == 0

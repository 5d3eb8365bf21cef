"""The report words the count's events in German, from the events the counting rules emit."""

from ballot.services.report_events import german_event_text
from ballot.tally import allocate

QUOTA_REQUEST = {
    "method": "most-votes",
    "seats": 2,
    "ballots_cast": 10,
    "hurdle_percent": "20",
    "votes": {"Anna": 3, "Bernd": 6, "Can": 5, "Dora": 1},
    "attributes": {"Anna": {"gender": "f"}, "Dora": {"gender": "f"}},
    "quotas": [{"attribute": "gender", "value": "f", "min": 1}],
}


def _texts(request: dict) -> list[str]:
    return [german_event_text(event) for event in allocate(request)["events"]]


def test_quota_hurdle_and_lot_events_are_worded_in_german():
    texts = _texts(QUOTA_REQUEST)
    assert "Can übersprungen wegen der Quote gender=f (mindestens 1)." in texts
    assert "Dora liegt mit 1 Stimme unter der Hürde (2 nötig)." in texts
    assert not any("skipped" in text or "hurdle" in text for text in texts)
    with_lot = _texts({**QUOTA_REQUEST, "lot_input": "4 2 6 1"})
    assert "Kein Gleichstand war entscheidend, daher wurde nicht gelost." in with_lot


def test_a_yes_no_candidate_without_more_yes_than_no_is_worded_in_german():
    request = {"method": "yes-no", "seats": 1, "votes": {"Emre": {"yes": 2, "no": 3}}}
    assert "Emre ist nicht gewählt: 2 Ja, 3 Nein (mehr Ja als Nein nötig)." in _texts(request)


def test_an_unknown_event_keeps_its_own_sentence():
    assert german_event_text({"kind": "new-kind", "text": "Something new."}) == "Something new."
    assert german_event_text({"kind": "vacant", "text": "1 seat(s) stay empty"}) == (
        "1 seat(s) stay empty"
    )

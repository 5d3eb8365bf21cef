"""The count's events (ballot.tally) in the German of the report.

The counting rules describe each decision as data with an English sentence; the report is
German, so it words the events it knows itself and falls back to the English sentence.
"""


def _quota(quota: dict) -> str:
    words = {"min": "mindestens", "max": "höchstens"}
    bounds = [f"{word} {quota[key]}" for key, word in words.items() if key in quota]
    return f"{quota['attribute']}={quota['value']} ({', '.join(bounds)})"


def _quota_skip(event: dict) -> str:
    quotas = "; ".join(_quota(q) for q in event.get("quotas", []))
    if not quotas:
        return f"{event['candidate']} übersprungen: sonst bliebe ein Sitz leer."
    return f"{event['candidate']} übersprungen wegen der Quote {quotas}."


def _excluded(event: dict) -> str:
    name, reason = event["candidate"], event.get("reason")
    if reason == "no-votes":
        return f"{name} ist nicht wählbar: keine Stimmen."
    if reason == "not-more-yes-than-no":
        yes, no = event["yes"], event["no"]
        return f"{name} ist nicht gewählt: {yes} Ja, {no} Nein (mehr Ja als Nein nötig)."
    if reason == "hurdle":
        votes = event.get("yes", event.get("votes"))
        noun = "Stimme" if votes == 1 else "Stimmen"
        return f"{name} liegt mit {votes} {noun} unter der Hürde ({event['needed']} nötig)."
    return str(event.get("text", ""))


_WORDING = {
    "lot-not-needed": lambda e: "Kein Gleichstand war entscheidend, daher wurde nicht gelost.",
    "vacant": lambda e: f"{e['seats']} Sitz(e) bleiben unbesetzt.",
    "quota-skip": _quota_skip,
    "quota-unmet": lambda e: (
        f"Quote {_quota(e['quota'])} nicht erfüllt: {e['elected']} gewählt, "
        f"{e['eligible']} wählbare Kandidierende erfüllen sie."
    ),
    "excluded": _excluded,
}


def german_event_text(event: dict) -> str:
    wording = _WORDING.get(str(event.get("kind")))
    try:
        return wording(event) if wording else str(event.get("text", ""))
    except KeyError:  # an event of another shape: its own sentence is better than none
        return str(event.get("text", ""))

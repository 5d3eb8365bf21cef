"""The resident's visit in the Flask session: the admission and the time of the last activity.

After the cast the admission is gone and only the tracker stays, so that a reload or a second
press shows the same done page. The plain choice and the code are never kept here.
"""

from datetime import datetime

from flask import session

from ballot.services.voting import Admission

IDLE_SECONDS = 15 * 60
ADMISSION = "vote"
CAST = "voted"


class VisitExpired(Exception):
    """The admission lapsed after IDLE_SECONDS without activity; it has been forgotten."""


class NotAdmitted(Exception):
    """There is no admission in this session (never given, cast already, or forgotten)."""


def _stamp(now: datetime) -> int:
    return int(now.timestamp())


def _fresh(data: dict, now: datetime) -> bool:
    return _stamp(now) - data.get("seen", 0) <= IDLE_SECONDS


def begin(admission: Admission, now: datetime) -> None:
    """Start a visit; whatever an earlier visit in this browser left is dropped."""
    session.pop(CAST, None)
    session[ADMISSION] = {
        "letter": admission.letter_id,
        "election": admission.election_id,
        "electorate": admission.electorate,
        "seen": _stamp(now),
    }


def admission(now: datetime) -> Admission:
    """The current admission, its activity time renewed; raise NotAdmitted or VisitExpired."""
    data = session.get(ADMISSION)
    if not data:
        raise NotAdmitted
    if not _fresh(data, now):
        session.pop(ADMISSION, None)
        raise VisitExpired
    session[ADMISSION] = {**data, "seen": _stamp(now)}
    return Admission(
        letter_id=data["letter"], election_id=data["election"], electorate=data["electorate"]
    )


def forget() -> None:
    session.pop(ADMISSION, None)


def finish(tracker: str, election_id: int, now: datetime) -> None:
    """The ballot is stored: drop the admission, keep the tracker to show."""
    session.pop(ADMISSION, None)
    session[CAST] = {"tracker": tracker, "election": election_id, "seen": _stamp(now)}


def cast_result(now: datetime) -> dict | None:
    """{"tracker", "election"} of this visit's cast ballot, while it is fresh; else None."""
    data = session.get(CAST)
    if data and not _fresh(data, now):
        session.pop(CAST, None)
        return None
    return data

"""The resident's visit in the Flask session: the admission and the time of the last activity.

After the cast the admission is gone and only the tracker stays, so that a reload or a second
press shows the same done page. The plain choice and the code are never kept here.

Each admission gets a random id that the ballot and review forms echo in a hidden field. A
browser holds one session for all its tabs: when a second code is entered in another tab, the
forms still open in the first tab belong to the earlier admission, and their posts are refused
rather than cast under the newer code. The id is drawn afresh and says nothing about the code.
"""

import secrets
from datetime import datetime

from flask import session

from ballot.services.voting import Admission

IDLE_SECONDS = 15 * 60
ADMISSION = "vote"
CAST = "voted"
# The hidden form field that names the admission a ballot or review page was rendered for.
FORM_FIELD = "visit"


class VisitExpired(Exception):
    """The admission lapsed after IDLE_SECONDS without activity; it has been forgotten."""


class NotAdmitted(Exception):
    """There is no admission in this session (never given, cast already, or forgotten)."""


class OtherAdmission(Exception):
    """A posted form belongs to another admission than the session's current one: a code was
    entered in another tab of this browser since the form was shown."""


def _stamp(now: datetime) -> int:
    return int(now.timestamp())


def _fresh(data: dict, now: datetime) -> bool:
    return _stamp(now) - data.get("seen", 0) <= IDLE_SECONDS


def begin(admission: Admission, now: datetime) -> None:
    """Start a visit; whatever an earlier visit in this browser left is dropped. The same code
    entered again (the QR code scanned twice, a second tab) keeps its admission's id, so that
    the forms open for it still work: they belong to no other code."""
    session.pop(CAST, None)
    earlier = session.get(ADMISSION) or {}
    same = earlier.get("letter") == admission.letter_id and isinstance(earlier.get("id"), str)
    session[ADMISSION] = {
        "letter": admission.letter_id,
        "election": admission.election_id,
        "electorate": admission.electorate,
        "seen": _stamp(now),
        "id": earlier["id"] if same else secrets.token_urlsafe(16),
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


def current_id() -> str:
    """The id of the current admission, for the hidden field of the forms."""
    return session.get(ADMISSION, {}).get("id", "")


def check_form(posted) -> None:
    """Raise OtherAdmission unless `posted` (the form's hidden field) names the admission of
    this session, or, after the cast, the admission that cast. Without either there is nothing
    to mix up: the step itself leads back to the start."""
    data = session.get(ADMISSION) or session.get(CAST)
    if data is not None and (not isinstance(posted, str) or posted != data.get("id")):
        raise OtherAdmission


def forget() -> None:
    session.pop(ADMISSION, None)


def finish(tracker: str, election_id: int, now: datetime) -> None:
    """The ballot is stored: drop the admission, keep the tracker (and the admission's id, so
    that only a second press of the same form is shown the done page) to show."""
    cast_id = current_id()
    session.pop(ADMISSION, None)
    session[CAST] = {
        "tracker": tracker,
        "election": election_id,
        "seen": _stamp(now),
        "id": cast_id,
    }


def cast_result(now: datetime) -> dict | None:
    """{"tracker", "election"} of this visit's cast ballot, while it is fresh; else None."""
    data = session.get(CAST)
    if data and not _fresh(data, now):
        session.pop(CAST, None)
        return None
    return data

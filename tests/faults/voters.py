"""Residents voting against a live server, and what the ballot box holds afterwards."""

import http.client
import random
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from ballot.db import make_engine, make_session_factory, utcnow
from ballot.models import USED, CodeLetter, Election, RollEntry, StoredBallot
from ballot.services.actor import operator_actor
from ballot.services.elections import open_election
from ballot.services.roll import import_roll
from ballot.services.voting import find_tracker
from tests.conftest import TEST_SECRET
from tests.faults.web import Browser
from tests.helpers import (
    csrf_token,
    example_election,
    quick_ceremony,
    small_roll,
    store_codes,
    visit_id,
)

TRACKER = re.compile(r'id="tracker">([0-9A-Z-]+)<')
BROKEN = -1  # the status we note when the connection broke (a killed worker, a restart)


@dataclass
class Attempt:
    ref: str
    statuses: list[int] = field(default_factory=list)
    tracker: str | None = None  # set when the cast got its 303 and the done page its 200
    failures: list = field(default_factory=list)  # the Page of every 5xx answer


def live_election(database_url: str, residents: int) -> dict[str, str]:
    """The example election, open from an hour ago for two hours, with a code per resident.
    Returns {roll ref: code}."""
    now = utcnow().replace(microsecond=0)
    opens, closes = (now - timedelta(hours=1)).isoformat(), (now + timedelta(hours=2)).isoformat()
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        times = {"2027-03-01T08:00:00+01:00": opens, "2027-03-14T18:00:00+01:00": closes}
        election = example_election(session, now, **times)
        actor = operator_actor("test")
        roll = small_roll(residents, 0)
        import_roll(session, election=election, data=roll, actor=actor, now=now)
        quick_ceremony(session, election, now, secret_key=TEST_SECRET)
        codes = store_codes(session, election, secret_key=TEST_SECRET)
        open_election(session, election=election, actor=actor, now=now)
        session.commit()
    engine.dispose()
    return codes


def _marks(ref: str) -> dict:
    choices = random.Random(ref).sample(range(8), k=random.Random(ref).randint(0, 6))
    return {"cross.bewohner": [str(p) for p in choices]}


def _step(attempt: Attempt, page, expected: int) -> bool:
    attempt.statuses.append(page.status)
    if page.status >= 500:
        attempt.failures.append(page)
    return page.status == expected


def vote(port: int, ref: str, code: str) -> Attempt:
    """One resident's visit: code, ballot, cast, done. Stops at the first answer that is not
    the expected one (a refusal, a 503, a broken connection)."""
    attempt, browser = Attempt(ref), Browser(port)
    try:
        if not _step(attempt, browser.submit("/vote", {"code": code}, page="/vote"), 303):
            return attempt
        ballot = browser.get("/vote/ballot")
        if not _step(attempt, ballot, 200):
            return attempt
        fields = {"csrf_token": csrf_token(ballot.text), "visit": visit_id(ballot.text)}
        fields.update(_marks(ref))
        if not _step(attempt, browser.post("/vote/cast", fields), 303):
            return attempt
        done = browser.get("/vote/done")
        if _step(attempt, done, 200):
            attempt.tracker = TRACKER.search(done.text).group(1)
    except (OSError, http.client.HTTPException):
        attempt.statuses.append(BROKEN)
    return attempt


def vote_all(port: int, codes: dict[str, str], threads: int, on_each=None) -> list[Attempt]:
    """Every resident votes once, `threads` at a time; `on_each(done_so_far)` after each."""
    done, lock = [], threading.Lock()

    def one(ref: str) -> Attempt:
        attempt = vote(port, ref, codes[ref])
        with lock:
            done.append(attempt)
            count = len(done)
        if on_each:
            on_each(count)
        return attempt

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(one, sorted(codes)))


@dataclass
class BoxFigures:
    ballots: int
    codes_used: int
    marked_voted: int
    voted_refs: set[str]
    trackers_found: int


def box_figures(database_url: str, trackers: list[str]) -> BoxFigures:
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        election_id = session.scalar(select(Election.id))

        def count(model, *where) -> int:
            query = select(func.count()).select_from(model).where(*where)
            return session.scalar(query.where(model.election_id == election_id))

        voted = session.scalars(select(RollEntry.ref).where(RollEntry.has_voted.is_(True)))
        figures = BoxFigures(
            ballots=count(StoredBallot),
            codes_used=count(CodeLetter, CodeLetter.state == USED),
            marked_voted=count(RollEntry, RollEntry.has_voted.is_(True)),
            voted_refs=set(voted),
            trackers_found=sum(find_tracker(session, t) is not None for t in trackers),
        )
    engine.dispose()
    return figures

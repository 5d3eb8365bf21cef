"""kill -9 of a gunicorn worker in the middle of a load run loses and duplicates no ballot.

200 residents vote through 2 gunicorn workers on PostgreSQL, 8 at a time; a worker is killed
three times while they do. A resident whose request broke tries again, as a person would.
Afterwards: ballots in the box = codes used = roll entries marked voted = 200, and every
tracker a resident was shown is in the box."""

import threading
import time

import pytest

from tests.faults.voters import BROKEN, box_figures, live_election, vote, vote_all

RESIDENTS, THREADS, KILLS = 200, 8, 3


@pytest.mark.slow
def test_a_killed_worker_loses_and_duplicates_no_ballot(fault_database, serve):
    codes = live_election(fault_database, RESIDENTS)
    server = serve(fault_database, workers=2)
    killed, lock = [], threading.Lock()

    def kill_now_and_then(done: int) -> None:
        with lock:
            if len(killed) < KILLS and done >= (len(killed) + 1) * RESIDENTS // (KILLS + 1):
                killed.append(server.kill_worker())

    started = time.monotonic()
    first = vote_all(server.port, codes, THREADS, on_each=kill_now_and_then)
    broken = [a for a in first if BROKEN in a.statuses]
    retried = [vote(server.port, a.ref, codes[a.ref]) for a in first if a.tracker is None]
    elapsed = time.monotonic() - started

    assert len(killed) == KILLS
    assert broken, "no request was cut off: the kills hit nothing"
    attempts = first + retried
    assert not [a.failures for a in attempts if a.failures], "a page answered with a 5xx"
    shown = [a.tracker for a in attempts if a.tracker]
    figures = box_figures(fault_database, shown)
    assert figures.ballots == figures.codes_used == figures.marked_voted == RESIDENTS
    assert figures.voted_refs == set(codes)
    assert figures.trackers_found == len(shown) == len(set(shown))
    already_in = sum(1 for a in retried if a.statuses[:1] == [400])
    print(f"{RESIDENTS} residents in {elapsed:.1f} s; {KILLS} kills cut off {len(broken)} "
          f"visits; on retry {already_in} found their code used, {len(retried) - already_in} "
          "voted")  # fmt: skip

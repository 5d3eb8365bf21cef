"""A PostgreSQL restart in the middle of a load run: while the database is down every request
fails cleanly (503, "try again", Retry-After, no traceback, nothing half-written); when it is
back, requests succeed at once (pool_pre_ping replaces the dead connections).

This test stops and starts the machine's PostgreSQL cluster (pg_ctlcluster): it must run alone
(`make test-faults`, sequential) and it leaves PostgreSQL running whatever happens."""

import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.faults.voters import BROKEN, box_figures, live_election, vote, vote_all
from tests.faults.web import Browser

RESIDENTS, THREADS, DOWN_SECONDS = 120, 6, 3
CLUSTER = [sorted(p.name for p in Path("/etc/postgresql").glob("*"))[-1], "main"]


def _pg_ctl(action: str) -> None:
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", *CLUSTER, action]
    subprocess.run(command, check=True, timeout=120, capture_output=True)


def _pg_ready() -> bool:
    probe = ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]
    return subprocess.run(probe, check=False, timeout=30).returncode == 0


@contextmanager
def postgres_stopped():
    _pg_ctl("stop")  # fast mode: open transactions are cut off
    try:
        yield
    finally:
        if not _pg_ready():
            _pg_ctl("start")
        deadline = time.monotonic() + 60
        while not _pg_ready() and time.monotonic() < deadline:
            time.sleep(0.5)


def _probe(port: int, rounds: int) -> list:
    pages = []
    for _ in range(rounds):
        for path in ("/", "/e/lindenhof-qr-2027/", "/tracker?t=ABCD-EFGH-JKMN-PQRS-TVWX"):
            pages.append(Browser(port).get(path))
        time.sleep(DOWN_SECONDS / rounds)
    return pages


def _clean_503(page) -> bool:
    return (
        page.status == 503
        and page.retry_after.isdigit()
        and "Traceback" not in page.text
        and 'lang="' in page.text
    )


@pytest.mark.slow
def test_a_database_restart_fails_cleanly_and_recovers(fault_database, serve):
    codes = live_election(fault_database, RESIDENTS)
    server = serve(fault_database, workers=2)
    probes, once = {}, threading.Lock()

    def restart_once(done: int) -> None:
        # One voter thread restarts the database; the others keep voting meanwhile.
        if done < RESIDENTS // 3 or not once.acquire(blocking=False):
            return
        with postgres_stopped():
            probes["down"] = _probe(server.port, rounds=4)
        probes["up"] = _probe(server.port, rounds=2)

    first = vote_all(server.port, codes, THREADS, on_each=restart_once)
    retried = [vote(server.port, a.ref, codes[a.ref]) for a in first if a.tracker is None]

    assert probes["down"] and all(_clean_503(p) for p in probes["down"]), probes["down"]
    assert all(p.status in (200, 302) for p in probes["up"]), [p.status for p in probes["up"]]
    hit = [a for a in first if 503 in a.statuses or BROKEN in a.statuses]
    assert hit, "no resident's visit met the restart"
    failures = [p for a in first + retried for p in a.failures]
    assert all(_clean_503(p) for p in failures), [p.status for p in failures]
    assert "Traceback" not in server.log()
    shown = [a.tracker for a in first + retried if a.tracker]
    figures = box_figures(fault_database, shown)
    assert figures.ballots == figures.codes_used == figures.marked_voted == RESIDENTS
    assert figures.voted_refs == set(codes)
    assert figures.trackers_found == len(shown)
    print(f"{len(hit)} visits met the restart ({len(failures)} clean 503 answers), "
          f"{len(retried)} retried")  # fmt: skip

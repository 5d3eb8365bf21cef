"""Casting under load: gunicorn on PostgreSQL, simulated residents doing the whole flow over HTTP.

Each resident opens the start page, sends the code, loads the ballot, sends it to the review,
casts and loads the done page: six requests, with real CSRF tokens and session cookies. The
residents stop by themselves when their codes are used up or the time of a run is over. We
report casts per second sustained over a run and the p50 / p95 latency of the cast request
(medians over the runs); target on the 2-core reference machine, load generator included:
at least 40 casts/s with p95 under 300 ms.

The election is set up with the services; its codes are drawn here and stored hashed as
`ballot.services.letters` stores them, without rendering thousands of letters. All traffic
goes to 127.0.0.1.

    .venv/bin/python bench/cast.py [--residents 600] [--runs 3] [--concurrency 8]
                                   [--workers 2] [--threads 1] [--seconds 60] [--write]

BALLOT_BENCH_DATABASE_URL names the PostgreSQL database to (re)create; BENCH_GUNICORN_CONFIG=FILE
hands gunicorn a config file (for instance with hooks that profile a worker).
"""

import argparse
import os
import platform
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402

from ballot.db import make_engine, make_session_factory  # noqa: E402
from ballot.demo import demo_roll_csv  # noqa: E402
from ballot.models import ISSUED, CodeLetter, RollEntry, StoredBallot  # noqa: E402
from ballot.services import ceremony  # noqa: E402
from ballot.services.actor import operator_actor  # noqa: E402
from ballot.services.election_spec import parse_election_file  # noqa: E402
from ballot.services.elections import create_election, open_election  # noqa: E402
from ballot.services.letters import code_key_for  # noqa: E402
from ballot.services.roll import import_roll  # noqa: E402
from ballot.tokens import generate_code, hash_code  # noqa: E402

BIN = Path(sys.executable).parent
DATABASE = os.environ.get(
    "BALLOT_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/ballot_bench_cast"
)
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
VISIT = re.compile(r'name="visit" value="([^"]+)"')
TARGET_RATE, TARGET_P95 = 40.0, 0.300


# --- the database and the election --------------------------------------------------------


def fresh_database(url: str) -> None:
    base = make_engine(url)
    name = base.url.database
    admin = make_engine(base.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base.dispose()


def server_environment(url: str, secret: str, instance: Path, port: int) -> dict:
    return {
        **os.environ,
        "BALLOT_DATABASE_URL": url,
        "BALLOT_SECRET_KEY": secret,
        "BALLOT_INSTANCE_PATH": str(instance),
        "BALLOT_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }


def upgrade(env: dict) -> None:
    subprocess.run([str(BIN / "ballot"), "db", "upgrade"], env=env, check=True)


def election_text(now: datetime) -> str:
    """The example Quartiersrat election, open from an hour ago until tomorrow."""
    text = (ROOT / "examples" / "quartiersrat.toml").read_text()
    text = text.replace("2027-03-01T08:00:00+01:00", (now - timedelta(hours=1)).isoformat())
    return text.replace("2027-03-14T18:00:00+01:00", (now + timedelta(days=1)).isoformat())


def store_codes(session, election, secret: str) -> list[str]:
    """One code per roll entry, stored as its keyed hash only (as issuing letters does)."""
    key = code_key_for(election, secret)
    entries = session.scalars(
        select(RollEntry.id).where(RollEntry.election_id == election.id).order_by(RollEntry.id)
    ).all()
    codes = [generate_code() for _ in entries]
    rows = [
        {
            "election_id": election.id,
            "roll_entry_id": entry,
            "serial": serial,
            "code_hash": hash_code(key, code),
            "state": ISSUED,
        }
        for serial, (entry, code) in enumerate(zip(entries, codes, strict=True), start=1)
    ]
    session.execute(insert(CodeLetter), rows)
    return codes


def prepare_election(url: str, secret: str, residents: int) -> list[str]:
    """An open election whose key ceremony is held (three trustees, two needed)."""
    now, actor = datetime.now(UTC), operator_actor("bench")
    sessions = make_session_factory(make_engine(url))
    with sessions() as session:
        election = create_election(
            session, spec=parse_election_file(election_text(now)), actor=actor, now=now
        )
        roll = demo_roll_csv(residents, 0)
        import_roll(session, election=election, data=roll, actor=actor, now=now)
        seats = ceremony.set_up_trustees(
            session,
            election=election,
            members=[(f"Trustee {n}", None) for n in (1, 2, 3)],
            threshold=2,
            actor=actor,
            now=now,
        )
        for seat in seats:
            ceremony.register_passphrase(
                session,
                election=election,
                trustee=seat,
                passphrase=secrets.token_urlsafe(16),
                actor=actor,
                now=now,
            )
        ceremony.complete_ceremony(
            session, election=election, secret_key=secret, actor=actor, now=now
        )
        codes = store_codes(session, election, secret)
        open_election(session, election=election, actor=actor, now=now)
        session.commit()
    return codes


def stored_ballots(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(StoredBallot))
    engine.dispose()
    return count


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn serving ballot.wsgi:app on 127.0.0.1, stopped when the block ends."""

    def __init__(self, env: dict, port: int, workers: int, threads: int, log: Path):
        self.env, self.port, self.workers, self.threads, self.log = env, port, workers, threads, log

    def __enter__(self) -> "Gunicorn":
        command = [
            str(BIN / "gunicorn"),
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--access-logfile",
            "-",
            "ballot.wsgi:app",
        ] + (
            ["--config", os.environ["BENCH_GUNICORN_CONFIG"]]
            if os.environ.get("BENCH_GUNICORN_CONFIG")
            else []
        )
        self._log = self.log.open("w")
        self.process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=self._log, cwd=ROOT
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start; see {self.log}")

    def __exit__(self, *_exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._log.close()


# --- CPU time of the parts -----------------------------------------------------------------


def _processes() -> list[tuple[int, int, str, float]]:
    """(pid, parent pid, command line, CPU seconds) of every process we can read."""
    tick = os.sysconf("SC_CLK_TCK")
    found = []
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            raw = (folder / "stat").read_text()
            command = (folder / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        cpu = (int(fields[11]) + int(fields[12])) / tick
        found.append((int(folder.name), int(fields[1]), command, cpu))
    return found


def cpu_seconds(server_pid: int, database_name: str) -> dict:
    """CPU seconds used so far by gunicorn (master and workers), the PostgreSQL backends
    serving the bench database, and this process (the load generator)."""
    processes = _processes()
    server = sum(cpu for pid, parent, _c, cpu in processes if server_pid in (pid, parent))
    backend = f": postgres {database_name} "  # "postgres: 15/main: postgres NAME 127.0.0.1(…)"
    database = sum(
        cpu
        for _p, _pp, command, cpu in processes
        if command.startswith("postgres:") and backend in command
    )
    mine = os.times()
    return {"server": server, "database": database, "generator": mine.user + mine.system}


def machine_busy_seconds() -> float:
    """CPU seconds all processes on this machine have used since boot (from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and waiting for I/O
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def cpu_seconds_all(server_pid: int, database_name: str) -> dict:
    return {**cpu_seconds(server_pid, database_name), "machine": machine_busy_seconds()}


def cpu_used(before: dict, after: dict) -> dict:
    """CPU seconds per part between two snapshots; "other" is what the rest of the machine
    (work that is not this bench) used meanwhile."""
    used = {part: after[part] - before[part] for part in before}
    machine = used.pop("machine")
    used["other"] = max(0.0, machine - sum(used.values()))
    return used


# --- a resident ---------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: str
    cookies: dict


_connections = threading.local()


def _connection(port: int) -> HTTPConnection:
    """Each resident (thread) keeps its connection open, as a browser does."""
    conn = getattr(_connections, "conn", None)
    if conn is None or conn.port != port:
        conn = _connections.conn = HTTPConnection("127.0.0.1", port, timeout=60)
    return conn


def request(port: int, method: str, path: str, form=None, cookies=None) -> Reply:
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = _connection(port)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read().decode()
    except (OSError, HTTPException):
        conn.close()  # the server closed a kept connection; try once on a new one
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read().decode()
    if response.will_close:
        conn.close()
    set_cookies = response.headers.get_all("Set-Cookie") or []
    jar = dict(cookies or {})
    for line in set_cookies:
        name, _, rest = line.partition("=")
        jar[name] = rest.split(";", 1)[0]
    return Reply(response.status, data, jar)


class FlowError(RuntimeError):
    pass


def expect(reply: Reply, status: int, step: str) -> Reply:
    if reply.status != status:
        raise FlowError(f"{step}: HTTP {reply.status}, expected {status}")
    return reply


def vote(port: int, code: str, chooser) -> float:
    """One resident's whole flow; returns the seconds the cast request took."""
    start = expect(request(port, "GET", "/vote"), 200, "start")
    token, jar = CSRF.search(start.body).group(1), start.cookies
    form = {"csrf_token": token, "code": code}
    jar = expect(request(port, "POST", "/vote", form, jar), 303, "code").cookies
    ballot = expect(request(port, "GET", "/vote/ballot", None, jar), 200, "ballot")
    jar, visit = ballot.cookies, VISIT.search(ballot.body).group(1)
    marks = {"csrf_token": token, "visit": visit, "cross.bewohner": [str(p) for p in chooser()]}
    jar = expect(request(port, "POST", "/vote/review", marks, jar), 200, "review").cookies
    began = time.perf_counter()
    cast = expect(request(port, "POST", "/vote/cast", marks, jar), 303, "cast")
    seconds = time.perf_counter() - began
    done = expect(request(port, "GET", "/vote/done", None, cast.cookies), 200, "done")
    if 'class="tracker"' not in done.body:
        raise FlowError("done: no tracker shown")
    return seconds


# --- a run --------------------------------------------------------------------------------


@dataclass
class Run:
    casts: int = 0
    errors: list = field(default_factory=list)
    latencies: list = field(default_factory=list)
    seconds: float = 0.0
    cpu: dict = field(default_factory=dict)

    def cpu_per_cast(self, part: str | None = None) -> float:
        ours = ("server", "database", "generator")
        used = self.cpu[part] if part else sum(self.cpu[p] for p in ours)
        return used / self.casts if self.casts else 0.0

    @property
    def other_cores(self) -> float:
        """Cores that other work on the machine kept busy, on average, during the run."""
        return self.cpu.get("other", 0.0) / self.seconds if self.seconds else 0.0

    @property
    def rate(self) -> float:
        return self.casts / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def run_load(port: int, codes: list[str], concurrency: int, seconds: float, seed: int) -> Run:
    """`concurrency` residents vote one after another until the codes or the time run out."""
    queue, lock, run = list(codes), threading.Lock(), Run()
    deadline = time.monotonic() + seconds
    import random  # noqa: PLC0415  (fictional choices only; never for anything secret)

    chooser_random = random.Random(seed)

    def chooser():
        with lock:
            return chooser_random.sample(range(8), chooser_random.randint(0, 6))

    def resident():
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                code = queue.pop()
            try:
                latency = vote(port, code, chooser)
            except (FlowError, OSError) as error:
                with lock:
                    run.errors.append(str(error))
                continue
            with lock:
                run.casts += 1
                run.latencies.append(latency)

    began = time.perf_counter()
    threads = [threading.Thread(target=resident) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    return run


# --- the report ---------------------------------------------------------------------------


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_text(run: Run) -> str:
    parts = {"server": "server", "database": "PostgreSQL", "generator": "generator"}
    return ", ".join(f"{parts[k]} {run.cpu_per_cast(k) * 1000:.1f} ms" for k in parts)


def other_text(run: Run) -> str:
    return f"{run.other_cores:.2f}"


def summary(runs: list[Run]) -> dict:
    return {
        "cpu": statistics.median(r.cpu_per_cast() for r in runs),
        "rate": statistics.median(r.rate for r in runs),
        "p50": statistics.median(r.percentile(0.50) for r in runs),
        "p95": statistics.median(r.percentile(0.95) for r in runs),
        "casts": sum(r.casts for r in runs),
        "errors": sum(len(r.errors) for r in runs),
    }


def table(runs: list[Run], figures: dict) -> list[str]:
    lines = [
        "| run | casts | seconds | casts/s | cast p50 | cast p95 | errors | CPU per cast "
        "| other work (cores) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, run in enumerate(runs, start=1):
        lines.append(
            f"| {n} | {run.casts} | {run.seconds:.1f} | {run.rate:.1f} | "
            f"{run.percentile(0.5) * 1000:.0f} ms | {run.percentile(0.95) * 1000:.0f} ms | "
            f"{len(run.errors)} | {cpu_text(run)} | {other_text(run)} |"
        )
    lines.append(
        f"| **median** | | | **{figures['rate']:.1f}** | **{figures['p50'] * 1000:.0f} ms** | "
        f"**{figures['p95'] * 1000:.0f} ms** | {figures['errors']} | | |"
    )
    return lines


def section(args, runs: list[Run], figures: dict, context: dict) -> str:
    met = figures["rate"] >= TARGET_RATE and figures["p95"] < TARGET_P95
    lines = [
        f"Measured by `bench/cast.py --write` on {context['date']}: {cpu_model()}, "
        f"{os.cpu_count()} cores (`nproc`), Python {platform.python_version()}, PostgreSQL "
        f"{context['postgres']}. Load average (1 / 5 / 15 min) {context['load_before']} "
        f"before and {context['load_after']} after.",
        "",
        f"Set-up: gunicorn with {args.workers} sync workers ({args.threads} thread each) on "
        f"127.0.0.1 and PostgreSQL; {args.concurrency} simulated residents at a time, each "
        "doing the whole flow (start page, code, ballot, review, cast, done page: six "
        "requests with CSRF tokens and session cookies) and then taking the next code. The "
        "load generator, PostgreSQL and gunicorn share the same 2 cores. Election: the "
        f"example Quartiersrat (8 + 5 candidates in two contests); {args.runs} runs of "
        f"{args.residents} residents, each run at most {args.seconds:.0f} s.",
        "",
        *table(runs, figures),
        "",
        "CPU per cast is read from /proc for the gunicorn processes, the PostgreSQL backends "
        'of the bench database and the load generator; "other work" is how many cores the '
        "rest of the machine kept busy meanwhile (this machine is shared with other jobs, "
        "which slows the measured rate when they run).",
        "",
        f"Median CPU per cast, all six requests: {figures['cpu'] * 1000:.1f} ms, so two "
        f"otherwise idle cores carry about {2 / figures['cpu']:.0f} casts/s. Encrypting "
        "this ballot with its proofs takes about 7 ms of it.",
        "",
        "What keeps a cast cheap: each worker keeps the layout and manifest of an election "
        "whose key ceremony is done (`ballot/services/layout.py`; they cannot change any "
        "more), so a step loads one row pair (letter and election) instead of contests, "
        "candidates and trustees; the busiest pages are written out in the templates "
        "(no macros, no WTForms widgets); the plain choice travels in the form, so the "
        "session cookie stays small.",
        "",
        f"Target: at least {TARGET_RATE:.0f} casts/s with p95 under {TARGET_P95 * 1000:.0f} ms "
        f"— **{'met' if met else 'missed'}** in this measurement. Every cast was checked: "
        f"the ballots stored ({context['stored']}) equal the casts that got their tracker "
        f"({figures['casts']}).",
    ]
    return "\n".join(lines) + "\n"


def replace_section(title: str, body: str) -> None:
    """Write `## title` in docs/PERFORMANCE.md, replacing an older version of that section."""
    path = ROOT / "docs" / "PERFORMANCE.md"
    text = path.read_text() if path.exists() else "# Performance\n"
    new = f"## {title}\n\n{body}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(new, text) if pattern.search(text) else text.rstrip() + "\n\n" + new
    path.write_text(text)


def postgres_version(url: str) -> str:
    engine = make_engine(url)
    with engine.connect() as conn:
        version = conn.scalar(text("SHOW server_version"))
    engine.dispose()
    return version.split()[0]


# --- main ---------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=600, help="codes per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8, help="residents at a time")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (≥ 2)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker")
    parser.add_argument("--seconds", type=float, default=60, help="time limit of a run")
    parser.add_argument("--write", action="store_true", help="record in docs/PERFORMANCE.md")
    return parser.parse_args()


def print_run(n: int, run: Run) -> None:
    print(
        f"run {n}: {run.casts} casts in {run.seconds:.1f} s = {run.rate:.1f}/s, "
        f"cast p50 {run.percentile(0.5) * 1000:.0f} ms, p95 {run.percentile(0.95) * 1000:.0f} ms, "
        f"errors {len(run.errors)}; CPU per cast: {cpu_text(run)}; "
        f"other work kept {other_text(run)} cores busy"
        + (f" (first error: {run.errors[0]})" if run.errors else "")
    )


def measure(args, env: dict, port: int, codes: list[str], log: Path) -> tuple[list, dict]:
    """Warm gunicorn up, then run the residents; the runs and what they ran on."""
    name = make_engine(DATABASE).url.database
    warm_up, rest = codes[: args.concurrency * 5], codes[args.concurrency * 5 :]
    context = {"date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"}
    with Gunicorn(env, port, args.workers, args.threads, log) as server:
        run_load(port, warm_up, args.concurrency, args.seconds, seed=0)
        stored_before = stored_ballots(DATABASE)
        context["load_before"] = load_average()
        runs = []
        for n in range(args.runs):
            share = rest[n * args.residents : (n + 1) * args.residents]
            before = cpu_seconds_all(server.process.pid, name)
            run = run_load(port, share, args.concurrency, args.seconds, seed=n + 1)
            run.cpu = cpu_used(before, cpu_seconds_all(server.process.pid, name))
            runs.append(run)
            print_run(n + 1, run)
        context["load_after"] = load_average()
    context["stored"] = stored_ballots(DATABASE) - stored_before
    context["postgres"] = postgres_version(DATABASE)
    return runs, context


def main() -> None:
    args = parse_args()
    if args.workers < 2:
        sys.exit("The bench runs at least two workers.")
    secret, port = secrets.token_hex(32), free_port()
    with tempfile.TemporaryDirectory(prefix="ballot-bench-") as folder:
        env = server_environment(DATABASE, secret, Path(folder) / "instance", port)
        fresh_database(DATABASE)
        upgrade(env)
        voters = args.concurrency * 5 + args.runs * args.residents
        codes = prepare_election(DATABASE, secret, voters)
        print(f"election ready: {len(codes)} codes; gunicorn on 127.0.0.1:{port}")
        runs, context = measure(args, env, port, codes, Path(folder) / "gunicorn.log")
    figures = summary(runs)
    print(
        f"median: {figures['rate']:.1f} casts/s, cast p50 {figures['p50'] * 1000:.0f} ms, "
        f"p95 {figures['p95'] * 1000:.0f} ms, CPU per cast {figures['cpu'] * 1000:.1f} ms; "
        f"ballots stored {context['stored']} for {figures['casts']} casts"
    )
    if args.write:
        replace_section("Casting under load", section(args, runs, figures, context))


if __name__ == "__main__":
    main()

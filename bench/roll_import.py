"""Benchmark: import a roll of 50,000 fictional residents into SQLite, as `ballot roll import`.

Target (issue 2): under 30 s. Runs the real service on a database built by the migrations,
three times, and prints the median; with --write it records the figures in docs/PERFORMANCE.md.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from ballot.db import make_engine, make_session_factory
from ballot.migrate import upgrade_database
from ballot.services.actor import operator_actor
from ballot.services.election_spec import parse_election_file
from ballot.services.elections import create_election
from ballot.services.roll import import_roll

ROOT = Path(__file__).resolve().parent.parent
STREETS = ["Lindenhofstraße", "Am Kiezgarten", "Brunnenhof", "Weidenweg", "Sonnenhofplatz"]


def fictional_roll(rows: int) -> bytes:
    lines = [
        "ref,given_name,family_name,street,house_number,postal_code,city,birth_date,electorate"
    ]
    for n in range(rows):
        born = f"{1940 + n % 60}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        lines.append(
            f"R{n:06d},Vorname{n},Nachname{n // 7},{STREETS[n % 5]},{1 + n % 150},"
            f"{12000 + n % 900},Berlin,{born},residents"
        )
    return ("\n".join(lines) + "\n").encode()


def one_run(data: bytes) -> float:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade_database(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        now = datetime(2027, 2, 1, tzinfo=UTC)
        with sessions() as session, session.begin():
            spec = parse_election_file((ROOT / "examples" / "quartiersrat.toml").read_text())
            election = create_election(session, spec=spec, actor=operator_actor(), now=now)
        start = time.perf_counter()
        with sessions() as session, session.begin():
            election = session.merge(election)
            result = import_roll(
                session, election=election, data=data, actor=operator_actor(), now=now
            )
        elapsed = time.perf_counter() - start
        engine.dispose()
        assert result.added == data.count(b"\n") - 1
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="record in docs/PERFORMANCE.md")
    args = parser.parse_args()
    data = fictional_roll(args.rows)
    times = [one_run(data) for _ in range(args.runs)]
    median = statistics.median(times)
    print(
        f"{args.rows} rows: median {median:.2f} s over {args.runs} runs "
        f"({', '.join(f'{t:.2f}' for t in times)})"
    )
    if args.write:
        write_section(args.rows, times)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores, {cpu}, Python {sys.version.split()[0]}"


def write_section(rows: int, times: list[float]) -> None:
    body = (
        f"`python bench/roll_import.py --write` — {datetime.now(UTC):%Y-%m-%d}, {machine()}.\n\n"
        f"| rows | runs | median | all runs | target |\n|---|---|---|---|---|\n"
        f"| {rows:,} | {len(times)} | {statistics.median(times):.2f} s | "
        f"{', '.join(f'{t:.2f} s' for t in times)} | under 30 s |\n\n"
        "The whole file is checked first (every bad line named), then inserted in one "
        "transaction with a bulk INSERT; the check dominates.\n"
    )
    replace_section("Roll import", body)


def replace_section(title: str, body: str) -> None:
    """Write `## title` in docs/PERFORMANCE.md, replacing an older version of that section."""
    path = ROOT / "docs" / "PERFORMANCE.md"
    text = path.read_text() if path.exists() else "# Performance\n"
    section = f"## {title}\n\n{body}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)


if __name__ == "__main__":
    main()

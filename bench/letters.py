"""Benchmark of the print shop: 10,000 code letters; writes the "Letters" section of
docs/PERFORMANCE.md.

Target on the project's 2-core machine: at most 180 s wall time for 10,000 letters with the
peak memory of all processes under 1.5 GB, rendered as 500-letter batches in parallel worker
processes. In the same run a single process renders fewer letters, several times; its median
time per letter, times 10,000, is the baseline the parallel figure is compared with.

    .venv/bin/python bench/letters.py [--letters 10000] [--baseline-letters 1000]
                                      [--repeats 3] [--workers 2] [--no-write]
"""

import argparse
import datetime
import os
import platform
import resource
import statistics
import sys
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import weasyprint  # noqa: E402

from ballot.tokens import generate_code  # noqa: E402
from printing.letters import Letter, LetterElection, batch_manifest, render_batches  # noqa: E402

SECTION = "## Letters"
BERLIN = ZoneInfo("Europe/Berlin")
TARGET_SECONDS = 180
TARGET_MEMORY_MB = 1500
# Fictional names and streets; house numbers with suffixes exercise the natural sort.
GIVEN = ["Ada", "Bo", "Cem", "Dila", "Emil", "Fenja", "Gül", "Hanno", "Ines", "Jarek", "Kaja"]
FAMILY = ["Amsel", "Birke", "Castell", "Dorn", "Eber", "Fink", "Gans", "Hain", "Igel", "Jost"]
STREETS = ["Amselweg", "Birkenallee", "Cedernplatz", "Dohlenstraße", "Erlengrund", "Falkenhof"]


def election() -> LetterElection:
    return LetterElection(
        title="Quartiersratswahl Lindenhof 2027",
        area="QM Lindenhof",
        opens=datetime.datetime(2027, 3, 1, 8, 0, tzinfo=BERLIN),
        closes=datetime.datetime(2027, 3, 14, 18, 0, tzinfo=BERLIN),
        help_contact="QM-Büro Lindenhof\nAhornplatz 3, 13357 Berlin\nTel. 030 0000000",
        return_address="QM Lindenhof · Ahornplatz 3 · 13357 Berlin",
        languages=("de", "en", "tr", "ar"),
    )


def letters(count: int) -> list[Letter]:
    made = []
    for number in range(1, count + 1):
        code = generate_code()
        suffix = "" if number % 7 else "a"
        made.append(
            Letter(
                serial=f"{number:06d}",
                code=code,
                vote_url=f"https://wahl.example.org/vote#{code}",
                name=f"{GIVEN[number % len(GIVEN)]} {FAMILY[number % len(FAMILY)]}",
                street=f"{STREETS[number % len(STREETS)]} {number % 97 + 1}{suffix}",
                postal_code=f"133{47 + number % 13}",
                city="Berlin",
            )
        )
    return made


class MemoryPeak:
    """Samples the resident memory of this process and all its descendants, summed.

    RSS counts pages shared between processes once per process, so the sum errs high.
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.peak_bytes = 0
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "MemoryPeak":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, tree_rss(os.getpid()))
            self._stop.wait(self._interval)


def tree_rss(pid: int) -> int:
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            total += rss_bytes(current)
            pending += children(current)
        except (FileNotFoundError, ProcessLookupError):
            continue  # the process ended while we looked
    return total


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def baseline(all_letters: list[Letter], count: int, batch_size: int, repeats: int) -> dict:
    """Seconds per letter in one process (median of `repeats` runs over `count` letters)."""
    sample = all_letters[:count]
    render_batches(election(), sample[:2], workers=1)  # fonts and stylesheets loaded
    per_letter, cpu_per_letter = [], []
    for run in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        render_batches(election(), sample, batch_size=batch_size, workers=1)
        seconds = time.perf_counter() - start
        per_letter.append(seconds / count)
        cpu_per_letter.append((time.process_time() - start_cpu) / count)
        print(f"baseline run {run + 1}: {seconds:.1f} s for {count} letters", flush=True)
    return {
        "letters": count,
        "runs": per_letter,
        "median": statistics.median(per_letter),
        "cpu_median": statistics.median(cpu_per_letter),
    }


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def parallel(all_letters: list[Letter], batch_size: int, workers: int) -> dict:
    cpu_before = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN)
    with MemoryPeak() as memory:
        start = time.perf_counter()
        batches = render_batches(election(), all_letters, batch_size=batch_size, workers=workers)
        seconds = time.perf_counter() - start
    # Worker processes have been joined, so their CPU time is in RUSAGE_CHILDREN now.
    cpu = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_before
    manifest = batch_manifest("lindenhof-2027", batches)
    assert manifest["letters"] == len(all_letters)
    size = sum(len(batch.pdf) for batch in batches)
    print(f"parallel: {seconds:.1f} s, peak {memory.peak_bytes / 2**20:.0f} MiB", flush=True)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": memory.peak_bytes / 2**20,
        "files": len(batches),
        "megabytes": size / 2**20,
    }


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def section(figures: dict) -> str:
    base, run, count = figures["baseline"], figures["parallel"], figures["letters"]
    extrapolated = base["median"] * count
    runs = ", ".join(f"{value * 1000:.1f}" for value in base["runs"])
    verdict_time = "met" if run["seconds"] <= TARGET_SECONDS else "missed"
    verdict_memory = "met" if run["peak_mb"] < TARGET_MEMORY_MB else "missed"
    return f"""{SECTION}

Measured by `bench/letters.py` on {figures["date"]}: {figures["machine"]}, {figures["cores"]}
cores (`nproc`), Python {figures["python"]}, WeasyPrint {figures["weasyprint"]}. Load average
(1 / 5 / 15 min) {figures["load_before"]} before and {figures["load_after"]} after the run. The
machine is shared with other work; where the load average is above the 2 cores, wall times are
longer than on an idle machine, and the CPU seconds show what the rendering itself cost.

| what | figure |
|---|---|
| letters | {count:,} in {run["files"]} PDF files of at most {figures["batch_size"]} |
| parallel, {figures["workers"]} worker processes | **{run["seconds"]:.1f} s** wall, \
{count / run["seconds"]:.0f} letters/s (target ≤ {TARGET_SECONDS} s: {verdict_time}) |
| peak memory, all processes (sum of RSS) | **{run["peak_mb"]:.0f} MiB** \
(target < {TARGET_MEMORY_MB} MB: {verdict_memory}) |
| CPU time of the parallel run, all processes | {run["cpu_seconds"]:.0f} s, \
{run["cpu_seconds"] / count * 1000:.1f} ms per letter; on {figures["workers"]} idle cores \
≈ {run["cpu_seconds"] / figures["workers"]:.0f} s wall |
| single process, baseline | {base["median"] * 1000:.1f} ms per letter wall, median of \
{len(base["runs"])} runs of {base["letters"]:,} letters ({runs} ms); \
{base["cpu_median"] * 1000:.1f} ms CPU |
| single process, extrapolated to {count:,} | {extrapolated:.0f} s \
(a {base["letters"]:,}-letter sample times {count // base["letters"]}; not run in full) |
| speed-up of the parallel run | {extrapolated / run["seconds"]:.2f}× |
| output | {run["megabytes"]:.1f} MiB, {run["megabytes"] * 1024 / count:.1f} KiB per letter |

How it is made fast: each 500-letter batch is one WeasyPrint document; fonts and
stylesheets are parsed once per process; the text that is the same on every letter is laid out
once per batch and drawn as one PDF form under every page (`printing/layers.py`), so per letter
only the address, serial, code and QR code are laid out; the QR code is one stroked path per
run of dark modules instead of one square per module. The wall-time speed-up depends on what
else the machine runs meanwhile; compare the CPU milliseconds per letter of both runs for the
cost of the parallel one (starting the workers, passing letters and PDFs between processes).
"""


def write_section(text: str) -> None:
    path = ROOT / "docs" / "PERFORMANCE.md"
    current = path.read_text() if path.exists() else "# Performance\n"
    start = current.find(SECTION)
    if start == -1:
        updated = current.rstrip("\n") + "\n\n" + text
    else:
        end = current.find("\n## ", start + len(SECTION))
        rest = "" if end == -1 else current[end:]
        updated = current[:start] + text.rstrip("\n") + "\n" + rest
    path.write_text(updated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--baseline-letters", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    load_before = load_average()
    all_letters = letters(args.letters)
    run = parallel(all_letters, args.batch_size, args.workers)
    base = baseline(all_letters, args.baseline_letters, args.batch_size, args.repeats)
    figures = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "load_before": load_before,
        "load_after": load_average(),
        "letters": args.letters,
        "batch_size": args.batch_size,
        "workers": args.workers,
        "parallel": run,
        "baseline": base,
    }
    text = section(figures)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()

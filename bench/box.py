"""Benchmark of the ballot box on the reference ballot; writes the "Ballot box" section of
docs/PERFORMANCE.md.

Reference ballot: a contest of 15 candidates with up to 12 crosses and one of 10 candidates
with up to 10. Targets: encrypt and prove ≤ 40 ms per ballot; verify a 10,000-ballot record
≤ 120 s on both cores; aggregate and decrypt 10,000 ballots ≤ 10 s.

Each figure stands beside its floor: how many libsodium group operations the work needs,
times the measured cost of one, divided by the cores used.

    .venv/bin/python bench/box.py [--ballots 10000] [--no-write]
"""

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ballot import box  # noqa: E402
from ballot.box import group, parallel  # noqa: E402
from ballot.canonical import canonical_json  # noqa: E402

SECTION = "## Ballot box"
CONTESTS = [
    {
        "key": "council",
        "method": "most-votes",
        "min_choices": 0,
        "max_choices": 12,
        "candidates": [f"Candidate {n:02d}" for n in range(1, 16)],
    },
    {
        "key": "jury",
        "method": "most-votes",
        "min_choices": 0,
        "max_choices": 10,
        "candidates": [f"Juror {n:02d}" for n in range(1, 11)],
    },
]
OPERATIONS = ("mul", "base_mul", "add", "sub", "is_valid_point")


def median_time(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def operation_costs() -> dict[str, float]:
    """Median seconds of one libsodium call of each kind (through our thin wrappers)."""
    point = group.base_mul(group.random_scalar())
    other = group.base_mul(group.random_scalar())
    scalar = group.random_scalar()
    calls = {
        "mul": lambda: group.mul(scalar, point),
        "base_mul": lambda: group.base_mul(scalar),
        "add": lambda: group.add(point, other),
        "sub": lambda: group.sub(point, other),
        "is_valid_point": lambda: group.is_valid_point(point),
    }
    return {
        name: median_time(lambda c=call: [c() for _ in range(1000)], 15) / 1000
        for name, call in calls.items()
    }


@contextmanager
def counting_operations():
    """Count calls of the group operations (bench only: wraps the module functions)."""
    counts: Counter[str] = Counter()
    originals = {name: getattr(group, name) for name in OPERATIONS}

    def wrap(name: str, function: Callable) -> Callable:
        def counted(*args):
            counts[name] += 1
            return function(*args)

        return counted

    for name, function in originals.items():
        setattr(group, name, wrap(name, function))
    try:
        yield counts
    finally:
        for name, function in originals.items():
            setattr(group, name, function)


def floor_seconds(counts: Counter, costs: dict[str, float]) -> float:
    return sum(counts[name] * costs[name] for name in OPERATIONS)


def random_choices(rng: random.Random) -> dict[str, list[int]]:
    choices = {}
    for contest in CONTESTS:
        size = len(contest["candidates"])
        crosses = rng.randint(contest["min_choices"], contest["max_choices"])
        marked = set(rng.sample(range(size), crosses))
        choices[contest["key"]] = [int(n in marked) for n in range(size)]
    return choices


def _encrypt_chunk(start: int, seeds: list[int], manifest: dict) -> list[dict]:
    return [box.encrypt_ballot(manifest, random_choices(random.Random(seed))) for seed in seeds]


def setup_election(trustees: int = 3, threshold: int = 2):
    passphrases = {n: f"passphrase of trustee {n}" for n in range(1, trustees + 1)}
    salts = {n: box.new_sealing_salt() for n in passphrases}
    keys = [(n, box.trustee_sealing_key(passphrases[n], salts[n]), salts[n]) for n in passphrases]
    ceremony = box.run_key_ceremony(threshold, keys)
    manifest = box.build_manifest(
        "bench-2027",
        "Benchmark",
        CONTESTS,
        ceremony.public_key,
        ceremony.commitments,
        threshold,
        trustees,
    )
    files = box.seal_share_files(ceremony, manifest)
    shares = [
        box.open_share_file(files[n], passphrases[n], manifest) for n in range(1, threshold + 1)
    ]
    return manifest, shares


def allocation_function():
    try:
        from ballot.tally import allocate  # noqa: PLC0415 - optional while tally is written

        return allocate, "ballot.tally.allocate"
    except ImportError:
        return (lambda request, counts_hash=None: {"votes": request["votes"]}), "a stand-in"


def measure_encryption(manifest: dict, costs: dict, samples: int) -> dict:
    rng = random.Random(1)
    seconds = median_time(lambda: box.encrypt_ballot(manifest, random_choices(rng)), samples)
    with counting_operations() as counts:
        box.encrypt_ballot(manifest, {"council": [1] * 12 + [0] * 3, "jury": [1] * 10})
    return {"seconds": seconds, "floor": floor_seconds(counts, costs), "ops": dict(counts)}


def measure_count(manifest: dict, ballots: list[dict], shares: list, costs: dict) -> dict:
    def count() -> dict:
        total = box.aggregate(manifest, ballots)
        partials = [box.partial_decrypt(share, total, manifest) for share in shares]
        return box.combine(manifest, total, partials, len(ballots))

    cpu_before = cpu_seconds()
    seconds = median_time(count, 3)
    cpu = (cpu_seconds() - cpu_before) / 3
    per_ballot = Counter(add=2 * sum(len(c["candidates"]) for c in CONTESTS))
    floor = floor_seconds(per_ballot, costs) * len(ballots) / parallel.default_workers()
    return {"seconds": seconds, "floor": floor, "cpu": cpu}


def build_bench_record(manifest: dict, ballots: list[dict], shares: list, allocate) -> dict:
    total = box.aggregate(manifest, ballots)
    partials = [box.partial_decrypt(share, total, manifest) for share in shares]
    counts = box.combine(manifest, total, partials, len(ballots))
    digest = box.counts_hash({"manifest": manifest, "ballots": ballots, "counts": counts})
    results = {}
    for contest in CONTESTS:
        request = {
            "method": "most-votes",
            "seats": contest["max_choices"],
            "ballots_cast": len(ballots),
            "hurdle_percent": 0,
            "votes": box.allocation_votes(contest, counts[contest["key"]]),
            "attributes": {},
            "quotas": [],
            "lot_input": "bench",
        }
        results[contest["key"]] = {
            "request": request,
            "outcome": allocate(request, counts_hash=digest),
        }
    roll = {
        "eligible": len(ballots) * 3,
        "letters_issued": len(ballots) * 3,
        "revoked": 0,
        "voted": len(ballots),
    }
    signing_key, _ = box.new_signing_key()
    return box.build_record(manifest, ballots, total, partials, counts, roll, results, signing_key)


def measure_verification(record: dict, allocate, costs: dict) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as file:
        file.write(canonical_json(record))
        path = file.name
    try:
        start, cpu_before = time.perf_counter(), cpu_seconds()
        with open(path, "rb") as handle:
            loaded = json.load(handle)
        lines = list(box.verify_record(loaded, allocate=allocate))
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu_before
        size = os.path.getsize(path)
    finally:
        os.unlink(path)
    manifest = record["manifest"]
    with counting_operations() as counts:
        box.check_ballot(manifest, record["ballots"][0])
    counts["add"] += 2 * sum(len(c["candidates"]) for c in CONTESTS)  # the aggregate
    floor = floor_seconds(counts, costs) * len(record["ballots"]) / parallel.default_workers()
    return {
        "seconds": seconds,
        "floor": floor,
        "cpu": cpu,
        "ops": dict(counts),
        "lines": len(lines),
        "megabytes": size / 1e6,
    }


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ops_text(ops: dict) -> str:
    return ", ".join(f"{ops.get(name, 0)} {name}" for name in OPERATIONS if ops.get(name))


def section(figures: dict) -> str:
    costs, enc, cnt, ver = figures["costs"], figures["encrypt"], figures["count"], figures["verify"]
    n, workers = figures["ballots"], figures["workers"]
    us = {name: f"{costs[name] * 1e6:.1f} µs" for name in OPERATIONS}
    rows = [
        ("work", "measured", "CPU time, all processes", "floor", "target"),
        ("---", "---", "---", "---", "---"),
        (
            "encrypt and prove one ballot (median, one core)",
            f"{enc['seconds'] * 1e3:.1f} ms",
            "(one core)",
            f"{enc['floor'] * 1e3:.1f} ms",
            "≤ 40 ms",
        ),
        (
            f"aggregate and decrypt {n:,} ballots (median of 3, {workers} cores)",
            f"{cnt['seconds']:.1f} s",
            f"{cnt['cpu']:.1f} s",
            f"{cnt['floor']:.1f} s",
            "≤ 10 s",
        ),
        (
            f"verify a {n:,}-ballot record ({ver['megabytes']:.0f} MB), "
            f"file to signature, {workers} cores",
            f"{ver['seconds']:.1f} s",
            f"{ver['cpu']:.1f} s",
            f"{ver['floor']:.1f} s",
            "≤ 120 s",
        ),
    ]
    table = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    return f"""{SECTION}

Measured by `bench/box.py` on {figures["date"]}: {figures["machine"]}, {workers} cores
(`nproc`), Python {platform.python_version()}, libsodium through PyNaCl. Reference ballot: a
contest of 15 candidates with up to 12 crosses and one of 10 candidates with up to 10.
Seat allocation in the verified record: {figures["allocate"]}.

Cost of one libsodium operation (median): variable-base scalar multiplication {us["mul"]},
base-point multiplication {us["base_mul"]}, addition {us["add"]}, subtraction {us["sub"]},
point validation {us["is_valid_point"]}. A floor is the number of operations the work needs
times these costs, spread over the cores it uses.

{table}

The machine is shared with other work; 1-minute load average before and after each run:
{figures["load"]}. Wall-clock figures suffer from that load, CPU times much less.

Operations behind the floors: one ballot's encryption and proofs: {ops_text(enc["ops"])};
one ballot's check in the record, with its share of the aggregate: {ops_text(ver["ops"])}.
The aggregate floor counts only the {2 * 25} additions per ballot.

Reading the figures. Spread evenly over {workers} idle cores, the verification's CPU time
is {ver["cpu"] / workers:.0f} s against a floor of {ver["floor"]:.0f} s: the code is within
{100 * (ver["cpu"] / workers / ver["floor"] - 1):.0f} % of what libsodium's operations
cost, and the wall-clock gap is other work on the machine. Three variable-base
multiplications per proof branch are inherent in proofs stored as challenges and responses
(a_j = v_j·G − c_j·α, b_j = v_j·K − c_j·(β − j·G)); a 0/1 selection has two branches, the
contest sum of the 12-of-15 contest thirteen. libsodium re-checks subgroup membership inside
every multiplication and has no multi-scalar multiplication, so this floor is close to the
120 s target and the target is only met on two otherwise idle cores, if at all. What we
already do: the prover computes its commitments with base-point multiplications (it knows
the nonce); ballot points are validated by the multiplications of their proof check instead
of a second `is_valid_point` (saves 50 validations per ballot); a sum proof over [0, number
of candidates] is left out, as the 0/1 proofs imply it (the 10-of-10 contest); workers are
forked and inherit the record, so ballots are not pickled; each worker also sums its chunk
for the aggregate check.
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
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    load = {}
    costs = operation_costs()
    print({name: f"{value * 1e6:.1f} µs" for name, value in costs.items()}, flush=True)
    manifest, shares = setup_election()
    load["encrypt"] = [os.getloadavg()[0]]
    encryption = measure_encryption(manifest, costs, 101)
    load["encrypt"].append(os.getloadavg()[0])
    print(f"encrypt: {encryption}", flush=True)
    ballots = [
        b
        for part in parallel.map_chunks(_encrypt_chunk, list(range(args.ballots)), manifest)
        for b in part
    ]
    load["count"] = [os.getloadavg()[0]]
    counting = measure_count(manifest, ballots, shares, costs)
    load["count"].append(os.getloadavg()[0])
    print(f"count: {counting}", flush=True)
    allocate, allocate_name = allocation_function()
    record = build_bench_record(manifest, ballots, shares, allocate)
    del ballots
    load["verify"] = [os.getloadavg()[0]]
    verification = measure_verification(record, allocate, costs)
    load["verify"].append(os.getloadavg()[0])
    print(f"verify: {verification}", flush=True)
    figures = {
        "date": datetime.date.today().isoformat(),
        "machine": cpu_model(),
        "workers": parallel.default_workers(),
        "ballots": args.ballots,
        "costs": costs,
        "encrypt": encryption,
        "count": counting,
        "verify": verification,
        "allocate": allocate_name,
        "load": "; ".join(f"{k} {a:.1f} → {b:.1f}" for k, (a, b) in load.items()),
    }
    text = section(figures)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()

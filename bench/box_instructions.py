"""Instructions to check one reference ballot, per record format, counted by valgrind.

Wall-clock figures on a shared virtual machine drift with the host (docs/PERFORMANCE.md);
an instruction count does not. This script checks the same choices encrypted for a format 1
and a format 2 election under `valgrind --tool=callgrind` and prints the instructions per
ballot of each (start-up subtracted) and their ratio.

    .venv/bin/python bench/box_instructions.py [--ballots 10]

Needs valgrind (Debian package `valgrind`); takes about a minute.
"""

import argparse
import pickle
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FORMATS = ("ballot-record/1", "ballot-record/2")
CHECK = """
import pickle, sys
sys.path.insert(0, {root!r})
from ballot.box.ballots import check_ballot_against
from ballot.box.manifest import load_election
manifest, ballots = pickle.load(open({path!r}, "rb"))[{fmt!r}]
election = load_election(manifest)
for ballot in ballots[:{count}]:
    check_ballot_against(election, ballot)
"""


def prepare(path: Path, count: int) -> None:
    import box as bench  # noqa: PLC0415 (bench/box.py, imported only when preparing)

    from ballot import box  # noqa: PLC0415

    ballots = {}
    for record_format in FORMATS:
        manifest, _ = bench.setup_election(record_format)
        rng = random.Random(7)  # the same choices in both formats
        choices = [bench.random_choices(rng) for _ in range(count)]
        ballots[record_format] = (manifest, [box.encrypt_ballot(manifest, c) for c in choices])
    path.write_bytes(pickle.dumps(ballots))


def instructions(path: Path, record_format: str, count: int) -> int:
    script = CHECK.format(root=str(ROOT), path=str(path), fmt=record_format, count=count)
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={folder}/out",
                sys.executable,
                "-c",
                script,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (Debian package valgrind)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ballots.pickle"
        prepare(path, args.ballots)
        per_ballot = {}
        for record_format in FORMATS:
            start = instructions(path, record_format, 0)
            total = instructions(path, record_format, args.ballots)
            per_ballot[record_format] = (total - start) / args.ballots
            print(f"{record_format}: {per_ballot[record_format] / 1e6:.1f} million per ballot")
    ratio = per_ballot[FORMATS[1]] / per_ballot[FORMATS[0]]
    print(f"format 2 / format 1: {ratio:.3f}")


if __name__ == "__main__":
    main()

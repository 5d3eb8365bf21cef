"""The same count in separate processes gives byte-identical canonical JSON."""

import json
import os
import subprocess
import sys

from ballot.canonical import canonical_json
from ballot.tally import allocate

REQUESTS = [
    {
        "method": "most-votes", "seats": 3, "ballots_cast": 60, "hurdle_percent": "5",
        "votes": {"Ayşe": 30, "Bernd": 20, "Chiara": 20, "Dana": 20, "Emre": 2, "Femi": 9},
        "attributes": {"Ayşe": {"gender": "f"}, "Dana": {"gender": "f"}},
        "quotas": [{"attribute": "gender", "value": "f", "min": 2}],
        "lot_input": "2 5 5 1",
    },
    {"method": "dhondt", "seats": 3, "votes": {"A": 6, "B": 3, "C": 3}, "lot_input": "1"},
    {"method": "yes-no", "seats": 1, "votes": {"A": {"yes": 3, "no": 1}, "B": {"yes": 3, "no": 0}}},
]  # fmt: skip

SCRIPT = """
import json, sys
from ballot.canonical import canonical_json
from ballot.tally import allocate
for request in json.loads(sys.stdin.read()):
    sys.stdout.buffer.write(canonical_json(allocate(request)) + b"\\n")
"""


def run_elsewhere(hash_seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(REQUESTS).encode(),
        capture_output=True,
        env=env,
        check=True,
    )
    return done.stdout


def test_two_processes_with_different_hash_seeds_agree_byte_for_byte():
    first, second = run_elsewhere("1"), run_elsewhere("2")
    assert first == second
    here = b"".join(canonical_json(allocate(request)) + b"\n" for request in REQUESTS)
    assert first == here
    assert b'"complete":true' in first

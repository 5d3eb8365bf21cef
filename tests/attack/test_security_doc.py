"""docs/SECURITY.md names a test for every claim: each `file::test` it names exists, and every
test file under tests/attack and tests/faults is named there at least once."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "SECURITY.md"
REFERENCE = re.compile(r"(tests/[\w/]+\.py)::(\w+)")


def test_every_test_named_in_security_md_exists():
    text = DOC.read_text()
    references = REFERENCE.findall(text)
    assert len(references) > 60
    missing = [
        f"{path}::{name}"
        for path, name in references
        if not (ROOT / path).is_file() or f"def {name}(" not in (ROOT / path).read_text()
    ]
    assert missing == []


def test_every_attack_and_fault_test_file_is_named_in_security_md():
    named = {path for path, _name in REFERENCE.findall(DOC.read_text())}
    files = sorted((ROOT / "tests").glob("attack/test_*.py")) + sorted(
        (ROOT / "tests").glob("faults/test_*.py")
    )
    unnamed = [str(f.relative_to(ROOT)) for f in files if str(f.relative_to(ROOT)) not in named]
    assert unnamed == ["tests/attack/test_security_doc.py"]

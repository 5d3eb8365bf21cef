"""`pip install .` (docs/OPERATIONS.md, "Install") ships every file the service reads at run
time. setup.cfg's package_data patterns reach only files directly in a package folder; the
templates, static files, translations, the print shop's fonts and the migrations live in
subfolders, so MANIFEST.in must name them (without it, an installed service had no page)."""

from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ballot", "printing", "migrations")


def _manifest_includes() -> list[tuple[str, list[str]]]:
    rules = []
    for line in (ROOT / "MANIFEST.in").read_text().splitlines():
        words = line.split()
        if words and words[0] == "recursive-include":
            rules.append((words[1].rstrip("/"), words[2:]))
    return rules


def _shipped_as_code(path: Path) -> bool:
    """A module of a package: setuptools ships it without MANIFEST.in."""
    return path.suffix == ".py" and (path.parent / "__init__.py").is_file()


def test_every_file_the_service_reads_is_in_the_package():
    rules = _manifest_includes()
    missing = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if not path.is_file() or "__pycache__" in path.parts or _shipped_as_code(path):
                continue
            relative = path.relative_to(ROOT).as_posix()
            if not any(
                relative.startswith(folder + "/") and any(fnmatch(path.name, p) for p in patterns)
                for folder, patterns in rules
            ):
                missing.append(relative)
    assert missing == []

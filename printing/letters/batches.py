"""Print runs: letters in print order, split into batches rendered in parallel processes.

A print run for a whole area is thousands of letters. One WeasyPrint document per batch keeps
the per-document costs (fonts, stylesheets, PDF structure) to one per 500 pages, and separate
processes use every core. Each batch is a file the officer sends to the printer; the manifest
lets the print shop and the officer account for every letter.
"""

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from printing.letters.model import Letter, LetterElection
from printing.letters.order import in_print_order, natural_key
from printing.letters.render import render_letters

DEFAULT_BATCH_SIZE = 500


@dataclass(frozen=True)
class Batch:
    """One PDF file of a print run. Unpacks like the pair `(filename, pdf_bytes)`."""

    filename: str
    pdf: bytes
    serials: tuple[str, ...]

    def __iter__(self) -> Iterator:
        return iter((self.filename, self.pdf))

    def __len__(self) -> int:
        return 2

    def __getitem__(self, index: int):
        return (self.filename, self.pdf)[index]


def render_batches(
    election: LetterElection,
    letters: Sequence[Letter],
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Batch]:
    """Sort the letters into print order and render them as batches of at most `batch_size`.

    `workers` processes render batches side by side (default: one per core); with 1 worker
    everything is rendered in this process. `progress`, if given, is called with the number of
    letters finished after each batch, in order.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    ordered = in_print_order(letters)
    chunks = [tuple(ordered[i : i + batch_size]) for i in range(0, len(ordered), batch_size)]
    pdfs = _render_all(election, chunks, _worker_count(workers, len(chunks)))
    batches = []
    done = 0
    width = max(3, len(str(len(chunks))))
    for number, (chunk, pdf) in enumerate(zip(chunks, pdfs, strict=True), start=1):
        serials = tuple(letter.serial for letter in chunk)
        batches.append(Batch(f"letters-{number:0{width}d}.pdf", pdf, serials))
        done += len(chunk)
        if progress is not None:
            progress(done)
    return batches


def _worker_count(requested: int | None, chunk_count: int) -> int:
    available = requested if requested is not None else (os.cpu_count() or 1)
    return max(1, min(available, chunk_count))


def _render_all(
    election: LetterElection, chunks: list[tuple[Letter, ...]], workers: int
) -> Iterator[bytes]:
    """PDF bytes per chunk, in order; lazily, so progress can be reported as batches finish."""
    if workers == 1:
        return (render_letters(election, chunk) for chunk in chunks)
    # "spawn" starts clean interpreters: forking a process that may run web-server threads or
    # hold database connections is not safe.
    context = multiprocessing.get_context("spawn")
    return _map_in_pool(election, chunks, workers, context)


def _map_in_pool(
    election: LetterElection,
    chunks: list[tuple[Letter, ...]],
    workers: int,
    context: multiprocessing.context.BaseContext,
) -> Iterator[bytes]:
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(render_letters, [election] * len(chunks), chunks)


def batch_manifest(election_slug: str, batches: Sequence[Batch]) -> dict:
    """What the print run holds: letters per file, serial range and SHA-256 of each file.

    The serial range is the lowest and highest serial in the file (files are in address
    order, so serials inside a file need not be consecutive).
    """
    entries = [
        {
            "file": batch.filename,
            "letters": len(batch.serials),
            "serials": {
                "from": min(batch.serials, key=natural_key),
                "to": max(batch.serials, key=natural_key),
            },
            "sha256": hashlib.sha256(batch.pdf).hexdigest(),
        }
        for batch in batches
    ]
    return {
        "election": election_slug,
        "letters": sum(entry["letters"] for entry in entries),
        "files": len(entries),
        "batches": entries,
    }

"""Spread CPU-bound work over processes, in chunks, keeping the input order of results.

Where this process has a single thread (the `ballot` command, a test), workers are forked
and inherit the items, so nothing big is pickled on the way in; the parent's objects are
frozen for the garbage collector meanwhile, so that the workers' collections do not walk
(and copy) every inherited object. A process with more
threads (a web server) gets "spawn" workers instead, because forking threads and their
locks is unsafe; then the chunks are pickled. Small jobs run in this process: starting
workers costs more than it saves.
"""

import gc
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import Any, TypeVar

Result = TypeVar("Result")

MIN_ITEMS_PER_WORKER = 100
_inherited_items: Sequence[Any] = ()


def default_workers() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def chunks(items: Sequence[Any], count: int) -> list[tuple[int, Sequence[Any]]]:
    """Split into at most `count` contiguous chunks, each with its start offset."""
    size = max(-(-len(items) // max(count, 1)), 1)
    return [(start, items[start : start + size]) for start in range(0, len(items), size)]


def _run_on_inherited(function: Callable[..., Result], start: int, stop: int, *shared: Any):
    return function(start, _inherited_items[start:stop], *shared)


def _can_fork() -> bool:
    return "fork" in get_all_start_methods() and threading.active_count() == 1


def map_chunks(
    function: Callable[..., Result],
    items: Sequence[Any],
    *shared: Any,
    workers: int | None = None,
) -> list[Result]:
    """[function(start, chunk, *shared) for each chunk], over up to `workers` processes."""
    global _inherited_items
    workers = default_workers() if workers is None else max(workers, 1)
    workers = min(workers, max(len(items) // MIN_ITEMS_PER_WORKER, 1))
    if workers == 1:
        return [function(0, items, *shared)]
    parts = chunks(items, workers * 4)
    if not _can_fork():
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(function, start, part, *shared) for start, part in parts]
            return [future.result() for future in futures]
    _inherited_items = items
    gc.freeze()  # workers' collections then skip the inherited objects: no copy-on-write
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            futures = [
                pool.submit(_run_on_inherited, function, start, start + len(part), *shared)
                for start, part in parts
            ]
            return [future.result() for future in futures]
    finally:
        _inherited_items = ()
        gc.unfreeze()

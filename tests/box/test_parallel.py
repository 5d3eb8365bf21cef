"""Worker processes give the same results as one process, forked or spawned."""

import threading

from ballot.box import parallel
from ballot.box.count import _ballot_points, _sum_chunk, add_sums
from ballot.box.manifest import load_election


def total(parts):
    result = parts[0]
    for part in parts[1:]:
        result = add_sums(result, part)
    return result


def test_chunks_cover_every_item_once_in_order():
    items = list(range(23))
    parts = parallel.chunks(items, 8)
    assert [x for _, part in parts for x in part] == items
    assert all(items[start] == part[0] for start, part in parts)
    assert parallel.chunks([], 4) == []


def test_forked_and_spawned_workers_agree_with_one_process(manifest, ballots):
    election = load_election(manifest)
    points = [_ballot_points(election, ballot) for ballot in ballots] * 70
    alone = total(parallel.map_chunks(_sum_chunk, points, manifest, workers=1))
    # Another test in this process (a browser test's server) may have left a thread running;
    # then forking is refused and this run spawns too, which must agree all the same.
    assert parallel._can_fork() == (threading.active_count() == 1)
    forked = total(parallel.map_chunks(_sum_chunk, points, manifest, workers=2))
    stop = threading.Event()
    other_thread = threading.Thread(target=stop.wait)
    other_thread.start()
    try:
        assert not parallel._can_fork()
        spawned = total(parallel.map_chunks(_sum_chunk, points, manifest, workers=2))
    finally:
        stop.set()
        other_thread.join()
    assert alone == forked == spawned
    assert parallel._inherited_items == ()

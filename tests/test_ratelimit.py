"""The limiter itself: an attempt takes its place before it is checked and gives it back if it
succeeds, so parallel attempts in several workers cannot pass a limit together; in the
database and in Redis."""

import os

import pytest
import redis

from ballot.ratelimit import Limit, RateLimiter

REDIS_URL = os.environ.get("BALLOT_TEST_REDIS_URL", "")
LIMIT = Limit("test-attempts", hits=2, seconds=60)
MOMENT = 1_800_000_000.0  # any moment; the window is the same for the whole test


@pytest.fixture(params=["database", "redis"])
def limiters(request, app):
    """Two limiters on one store, as two workers have."""
    sessions = app.extensions["ballot.sessions"]
    if request.param == "database":
        yield RateLimiter(sessions), RateLimiter(sessions)
        return
    if not REDIS_URL:
        pytest.skip("BALLOT_TEST_REDIS_URL is not set")
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    yield RateLimiter(sessions, store), RateLimiter(sessions, redis.Redis.from_url(REDIS_URL))
    store.flushdb()


def _begin(limiter, key="192.0.2.1"):
    return limiter.begin_attempt([(LIMIT, key)], MOMENT)


def test_attempts_in_flight_hold_their_places_across_workers(limiters):
    first, second = limiters
    in_flight = [_begin(first), _begin(second)]
    assert [attempt.blocked for attempt in in_flight] == [None, None]
    refused = _begin(first)
    assert refused.blocked == LIMIT
    assert first.count(LIMIT, "192.0.2.1", MOMENT) == 2  # the refused one took nothing
    in_flight[0].give_back()  # it succeeded: its place is free again
    assert _begin(second).blocked is None
    assert _begin(first).blocked == LIMIT


def test_failed_attempts_stay_counted_and_other_keys_are_free(limiters):
    first, second = limiters
    _begin(first)
    _begin(second)
    assert second.is_blocked(LIMIT, "192.0.2.1", MOMENT)
    assert _begin(first, "192.0.2.2").blocked is None


def test_a_place_given_back_twice_or_in_another_window_changes_nothing(limiters):
    first, _second = limiters
    attempt = _begin(first)
    attempt.give_back()
    attempt.give_back()
    assert first.count(LIMIT, "192.0.2.1", MOMENT) == 0
    first.give_back(LIMIT, "192.0.2.1", MOMENT)  # never below zero
    assert first.count(LIMIT, "192.0.2.1", MOMENT) == 0
    _begin(first)
    first.give_back(LIMIT, "192.0.2.1", MOMENT + 60)  # the next window has nothing to undo
    assert first.count(LIMIT, "192.0.2.1", MOMENT) == 1
    assert first.count(LIMIT, "192.0.2.1", MOMENT + 60) == 0


def test_the_first_full_limit_blocks_and_no_place_is_kept(limiters):
    first, _second = limiters
    wide = Limit("test-wide", hits=5, seconds=60)
    places = [(wide, "192.0.2.1"), (LIMIT, "account")]
    for _ in range(2):
        assert first.begin_attempt(places, MOMENT).blocked is None
    refused = first.begin_attempt(places, MOMENT)
    assert refused.blocked == LIMIT
    assert first.count(wide, "192.0.2.1", MOMENT) == 2

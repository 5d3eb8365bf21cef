"""Fixed-window rate limits that hold across workers: counted in Redis or in the database.

Counting happens in its own short transaction, so a refused login or a wrong code still counts
even though the request's own transaction is rolled back.

An attempt takes its place in the count before it is checked (`begin_attempt`) and gives it
back if it succeeds. Counting only after the check would let parallel requests in several
workers all pass the check while the count still reads one below the limit.
"""

import hashlib
import time
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from ballot.models import RateCounter

# The length of RateCounter.key; a longer key (a 254-character e-mail) is stored as its hash.
KEY_LENGTH = 200


@dataclass(frozen=True)
class Limit:
    name: str
    hits: int
    seconds: int

    def key(self, key: str) -> str:
        full = f"{self.name}:{key}"
        if len(full) <= KEY_LENGTH:
            return full
        return f"{self.name}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


# Redis: decrement a counter only while it is above zero (a key that expired stays absent).
_DECREMENT_IF_POSITIVE = """
local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
if hits > 0 then redis.call('DECR', KEYS[1]) end
return hits
"""


class RateLimiter:
    def __init__(self, session_factory: sessionmaker, redis_client=None):
        self._sessions = session_factory
        self._redis = redis_client

    def _window(self, limit: Limit, now: float) -> int:
        return int(now) // limit.seconds

    def retry_after(self, limit: Limit, now: float | None = None) -> int:
        now = time.time() if now is None else now
        return limit.seconds - int(now) % limit.seconds

    def count(self, limit: Limit, key: str, now: float | None = None) -> int:
        """How many hits `key` has in the current window."""
        now = time.time() if now is None else now
        full_key = limit.key(key)
        window = self._window(limit, now)
        if self._redis is not None:
            return int(self._redis.get(f"ballot:rl:{full_key}:{window}") or 0)
        with self._sessions() as session:
            hits = session.scalar(
                select(RateCounter.hits).where(
                    RateCounter.key == full_key, RateCounter.window == window
                )
            )
        return hits or 0

    def is_blocked(self, limit: Limit, key: str, now: float | None = None) -> bool:
        return self.count(limit, key, now) >= limit.hits

    def hit(self, limit: Limit, key: str, now: float | None = None) -> int:
        """Count one hit and return the count in this window."""
        now = time.time() if now is None else now
        full_key = limit.key(key)
        window = self._window(limit, now)
        if self._redis is not None:
            redis_key = f"ballot:rl:{full_key}:{window}"
            pipe = self._redis.pipeline()
            pipe.incr(redis_key)
            pipe.expire(redis_key, limit.seconds * 2)
            return int(pipe.execute()[0])
        return self._hit_database(full_key, window)

    def give_back(self, limit: Limit, key: str, now: float) -> None:
        """Undo one `hit` made at `now` (same window), never below zero."""
        full_key = limit.key(key)
        window = self._window(limit, now)
        if self._redis is not None:
            self._redis.eval(_DECREMENT_IF_POSITIVE, 1, f"ballot:rl:{full_key}:{window}")
            return
        with self._sessions() as session, session.begin():
            session.execute(
                update(RateCounter)
                .where(
                    RateCounter.key == full_key,
                    RateCounter.window == window,
                    RateCounter.hits > 0,
                )
                .values(hits=RateCounter.hits - 1)
            )

    def begin_attempt(self, places: list[tuple[Limit, str]], now: float) -> "Attempt":
        """Take one place in each (limit, key) for an attempt whose outcome is not known yet.

        If some limit was full already, the places are given back at once and the attempt's
        `blocked` names that limit: the caller refuses it unchecked.
        """
        attempt = Attempt(self, [], now)
        for limit, key in places:
            attempt.places.append((limit, key))
            if self.hit(limit, key, now) > limit.hits:
                attempt.give_back()
                attempt.blocked = limit
                break
        return attempt

    def _hit_database(self, full_key: str, window: int) -> int:
        for _attempt in range(5):
            with self._sessions() as session, session.begin():
                changed = session.execute(
                    update(RateCounter)
                    .where(RateCounter.key == full_key, RateCounter.window == window)
                    .values(hits=RateCounter.hits + 1)
                ).rowcount
                if changed:
                    return session.scalar(
                        select(RateCounter.hits).where(
                            RateCounter.key == full_key, RateCounter.window == window
                        )
                    )
                try:
                    with session.begin_nested():
                        session.add(RateCounter(key=full_key, window=window, hits=1))
                    session.execute(delete(RateCounter).where(RateCounter.window < window - 2))
                    return 1
                except IntegrityError:
                    continue  # another worker created the row first; count again
        raise RuntimeError("rate counter kept colliding")

    def attempts_by_prefix(self, limit: Limit, prefix: str, now: float | None = None) -> int:
        """Sum of hits in this window over keys starting with `prefix` (database backend)."""
        now = time.time() if now is None else now
        window = self._window(limit, now)
        if self._redis is not None:
            pattern = f"ballot:rl:{limit.name}:{prefix}*:{window}"
            return sum(int(self._redis.get(k) or 0) for k in self._redis.scan_iter(pattern))
        with self._sessions() as session:
            rows = session.scalars(
                select(RateCounter.hits).where(
                    RateCounter.key.startswith(f"{limit.name}:{prefix}"),
                    RateCounter.window == window,
                )
            ).all()
        return sum(rows)


@dataclass
class Attempt:
    """Places taken by `RateLimiter.begin_attempt`: they stay counted (a failure) unless the
    attempt turns out not to count and `give_back` is called."""

    limiter: RateLimiter
    places: list[tuple[Limit, str]]
    moment: float
    blocked: Limit | None = None

    def give_back(self) -> None:
        places, self.places = self.places, []
        for limit, key in places:
            self.limiter.give_back(limit, key, self.moment)

"""One FilterLogEvents budget per (AWS account, region), shared by every worker.

AWS allows 5 FilterLogEvents requests per second per account and region, a hard limit shared
with everything else the customer runs. The portal stays under it with a token bucket:
in Redis (an atomic Lua script, so every worker on every host draws from the same bucket)
when Redis is the broker, in process when the portal runs embedded with one worker host.
The bucket holds at most one token, so calls are spaced evenly and no burst can exceed the rate.

When Redis cannot be reached the bucket raises BudgetUnavailable rather than guess: no call
goes to AWS without its token, and the pull records why it stopped and is retried later.
"""

from __future__ import annotations

import threading
import time
from functools import lru_cache

from django.conf import settings

# Returns 0 when a token was taken, else how many microseconds to wait for the next one.
# Redis' own clock is used so that workers with skewed clocks still share one bucket.
_LUA = """
local key = KEYS[1]
local interval = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local next_free = tonumber(redis.call('GET', key) or '0')
if next_free <= now then
  redis.call('SET', key, tostring(now + interval), 'PX', math.ceil(interval / 1000) + 1000)
  return 0
end
return next_free - now
"""


# A Redis that hangs must not hold a pull: connecting and each answer get this long.
REDIS_TIMEOUT_SECONDS = 5.0


class BudgetUnavailable(Exception):
    """The shared budget could not be reached (Redis is down): no AWS call may be made now."""


class LocalBucket:
    """In-process spacing of calls per key (the embedded install has one worker host)."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float:
        """Block until a call for `key` may go; returns the seconds waited."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(key, 0.0))
            self._next[key] = slot + self.interval
        wait = slot - now
        if wait > 0:
            time.sleep(wait)
        return max(wait, 0.0)


class RedisBucket:
    """The same spacing, kept in Redis so that all workers on all hosts share it."""

    def __init__(self, url: str, rate: float):
        import redis

        self.interval_us = int(1_000_000 / rate)
        self.redis = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        self.script = self.redis.register_script(_LUA)
        self.errors = (redis.RedisError,)

    def acquire(self, key: str) -> float:
        waited = 0.0
        while True:
            try:
                # The script is loaded again by itself after a Redis restart (NOSCRIPT).
                wait_us = int(self.script(keys=[f"relay:rate:{key}"], args=[self.interval_us]))
            except self.errors as exc:
                raise BudgetUnavailable(
                    f"the rate budget in Redis could not be reached ({type(exc).__name__})"
                ) from exc
            if wait_us <= 0:
                return waited
            time.sleep(wait_us / 1_000_000)
            waited += wait_us / 1_000_000


@lru_cache(maxsize=4)
def _bucket(redis_url: str, rate: float):
    return RedisBucket(redis_url, rate) if redis_url else LocalBucket(rate)


def limiter():
    """The bucket for this process's configuration (Redis when REDIS_URL is set)."""
    return _bucket(settings.REDIS_URL, float(settings.RELAY_RATE_LIMIT_PER_SECOND))


def budget_key(account: str, region: str) -> str:
    return f"{account}:{region}"

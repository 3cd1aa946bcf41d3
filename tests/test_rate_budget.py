"""The shared FilterLogEvents budget per (account, region): spacing, and one bucket across processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest

from collection.ratelimit import LocalBucket, RedisBucket


def test_the_local_bucket_spaces_calls_per_key():
    bucket = LocalBucket(rate=20.0)
    started = time.monotonic()
    for _ in range(11):
        bucket.acquire("123456789012:us-east-1")
    elapsed = time.monotonic() - started
    assert elapsed >= 0.45  # 10 intervals of 50 ms after the first call
    other = time.monotonic()
    bucket.acquire("123456789012:eu-west-1")  # another region has its own budget
    assert time.monotonic() - other < 0.04


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL); CI sets it")
def test_the_redis_bucket_is_one_budget_across_processes():
    """Two processes draw from one bucket: together they never exceed the rate."""
    url = os.environ["REDIS_URL"]
    key = f"test-{uuid.uuid4().hex}"
    script = (
        "import sys, time; sys.path.insert(0, '.');"
        "from collection.ratelimit import RedisBucket;"
        f"b = RedisBucket({url!r}, 10.0); [(b.acquire({key!r}), print(time.time(), flush=True)) for _ in range(10)]"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    times = sorted(float(t) for p in procs for t in p.communicate(timeout=30)[0].split())
    assert len(times) == 20
    # 20 calls at 10/s: at least 1.9 s from first to last, and never two within ~100 ms.
    assert times[-1] - times[0] >= 1.8
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.08
    assert RedisBucket(url, 4.0).interval_us == 250_000

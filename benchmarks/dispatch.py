"""Dispatch and pull at the scale of an AWS Organization: 500 accounts x 15 regions = 7,500 pull units.

    DATABASE_URL=postgres://.../scratch REDIS_URL=redis://.../n .venv/bin/python benchmarks/dispatch.py

(1) Dispatch: every unit is made due, then beat's dispatcher (log_events_dispatch_due) runs
once; timed until all 7,500 are claimed and their pulls are on the broker (Redis), each
unit's message there exactly once. Beside it, in the same run: one source's 15 units
dispatched alone, and the per-unit path it replaced (one conditional UPDATE and one publish
per unit, at most 1,000 units per 5-second tick). Target: 7,500 within 5 s.

(2) Pull throughput: a moto server holds a log group with a few findings in each region of
--pull-accounts accounts (each its own emulator account, reached with an IAM access key made
in it), and the relay's pull (log_events_pull) runs over those units from --threads threads,
as a relay worker's processes do; printed beside the same pull of one source's 15 units. Each
unit draws from its own (account, region) rate budget, so many accounts do not queue behind
one region's budget of RELAY_RATE_LIMIT_PER_SECOND.

The queue used is the benchmark's own (no worker consumes it) and is emptied at the end.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from _common import machine, require_postgresql, say, start_moto
from django.conf import settings
from django.db import connections
from django.utils import timezone

from collection import pulls, tasks
from collection.models import PullUnit
from collection.services import log_events_dispatch_due, log_events_pull
from demo import findings
from events.models import LogEvent
from log_sources.models import LogSource, SourceRegion
from log_sources.regions import REGION_CODES
from log_sources.source_types import GUARDDUTY
from relay.models import Endpoint
from tenants.models import Tenant

TENANT = "Dispatch benchmark"
FIRST_ACCOUNT = 100_000_000_000
TICK_SECONDS = 5.0
FINDINGS_PER_GROUP = 3


def seed(accounts: int) -> tuple[Endpoint, list[LogSource]]:
    """The benchmark's tenant with `accounts` sources of 15 regions each (created once, reused)."""
    tenant, _ = Tenant.objects.get_or_create(name=TENANT)
    endpoint, _ = Endpoint.objects.get_or_create(
        tenant=tenant,
        name="Dispatch benchmark relay",
        defaults={"hostname": "dispatch-bench.local", "queue": "relay.dispatch-bench"},
    )
    have = LogSource.objects.filter(tenant=tenant).count()
    if have != accounts or SourceRegion.objects.filter(source__tenant=tenant).count() != accounts * len(REGION_CODES):
        say(f"seeding {accounts} accounts x {len(REGION_CODES)} regions ...")
        LogSource.objects.filter(tenant=tenant).delete()
        batch = 100
        for start in range(0, accounts, batch):
            sources = LogSource.objects.bulk_create(
                [
                    LogSource(
                        tenant=tenant,
                        endpoint=endpoint,
                        hostname=f"guardduty-{FIRST_ACCOUNT + n}",
                        protocol="AWS CloudWatch Logs (HTTPS)",
                        aws_account_number=str(FIRST_ACCOUNT + n),
                        deployment_mode="manual",
                    )
                    for n in range(start, min(start + batch, accounts))
                ]
            )
            regions = SourceRegion.objects.bulk_create(
                [SourceRegion(source=source, region=code) for source in sources for code in REGION_CODES]
            )
            PullUnit.objects.bulk_create([PullUnit(source_region=region) for region in regions])
            say(f"  {min(start + batch, accounts)} of {accounts} accounts, {PullUnit.objects.count():,} units")
    sources = list(LogSource.objects.filter(tenant=tenant).order_by("aws_account_number"))
    return endpoint, sources


def make_due(units=None) -> None:
    units = PullUnit.objects.all() if units is None else units
    units.update(next_pull_at=timezone.now() - timedelta(seconds=1), lease_owner="", lease_expires_at=None)


def queued_unit_ids(redis, queue: str) -> list[int]:
    """The unit id of every pull message waiting on `queue` (kombu's Redis list, JSON envelopes)."""
    ids = []
    for raw in redis.lrange(queue, 0, -1):
        envelope = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(envelope["body"]))
        ids.append(args[0])
    return ids


def old_per_unit_dispatch() -> int:
    """The dispatch this replaced, as the reference: one claim and one publish per unit, 1,000 per tick."""
    queued = 0
    for unit_id, queue, interval in pulls.due_units(limit=1000):
        if pulls.claim_for_dispatch(unit_id, interval=interval or settings.RELAY_PULL_INTERVAL_SECONDS):
            tasks.queue_pull(unit_id, queue)
            queued += 1
    return queued


def bench_dispatch(redis, queue: str, sources: list[LogSource], units_total: int, rounds: int) -> None:
    all_units = PullUnit.objects.filter(source_region__source__in=sources)

    def checked(expected: int) -> None:
        ids = queued_unit_ids(redis, queue)
        assert len(ids) == expected == len(set(ids)), (len(ids), expected, len(set(ids)))
        redis.delete(queue)

    ours, single, old = [], [], []
    for n in range(1, rounds + 1):
        redis.delete(queue)
        all_units.update(next_pull_at=timezone.now() + timedelta(hours=1))  # none due but the source's
        make_due(PullUnit.objects.filter(source_region__source=sources[0]))
        started = time.perf_counter()
        queued = log_events_dispatch_due()
        single.append(time.perf_counter() - started)
        assert queued == len(REGION_CODES), queued
        checked(len(REGION_CODES))

        make_due(all_units)
        started = time.perf_counter()
        queued = log_events_dispatch_due()
        took = time.perf_counter() - started
        assert queued == units_total, queued
        assert log_events_dispatch_due() == 0  # and none is queued twice by the next tick
        checked(units_total)
        ours.append(took)
        say(
            f"round {n}: {units_total:,} units claimed and queued in {took:.2f} s ({units_total / took:,.0f} units/s);"
            f" one source's {len(REGION_CODES)} units in {single[-1] * 1000:.0f} ms"
        )

    make_due(all_units)
    say(f"reference: the per-unit path (1,000 units a tick) over the same {units_total:,} units ...")
    ticks, work = 0, 0.0
    while True:
        started = time.perf_counter()
        queued = old_per_unit_dispatch()
        took = time.perf_counter() - started
        if not queued:
            break
        ticks, work = ticks + 1, work + took
        say(f"  tick {ticks}: {queued:,} units in {took:.2f} s")
        old.append(took)
    checked(units_total)
    # Ticks start every TICK_SECONDS (or when the previous one ends, if it runs longer).
    wall = sum(max(t, TICK_SECONDS) for t in old[:-1]) + old[-1]
    ours_median = statistics.median(ours)
    say("")
    say(
        f"dispatch of {units_total:,} due units: {ours_median:.2f} s median of {rounds} rounds"
        f" ({min(ours):.2f}-{max(ours):.2f} s, {units_total / ours_median:,.0f} units/s), in one tick   (target <= 5 s)"
    )
    say(f"  one source's {len(REGION_CODES)} units: {statistics.median(single) * 1000:.0f} ms median")
    say(
        f"  reference, per-unit path: {work:.1f} s of work ({units_total / work:,.0f} units/s)"
        f" in {ticks} ticks, {wall:.0f} s until the last unit is queued"
    )


def emulator_accounts(url: str, sources: list[LogSource], threads: int) -> None:
    """In each source's own emulator account: an IAM access key for the source, and the log group
    with a few findings in each region."""
    import boto3

    messages = [m for _, m in findings.stream(FINDINGS_PER_GROUP * len(REGION_CODES), seed=7)]
    local = threading.local()
    done = 0

    def client(service: str, region: str, key_id: str, secret: str):
        # One boto3 session per thread: a new session reads botocore's data files again.
        if not hasattr(local, "session"):
            local.session = boto3.session.Session()
        return local.session.client(
            service, region_name=region, endpoint_url=url, aws_access_key_id=key_id, aws_secret_access_key=secret
        )

    def one(source: LogSource) -> None:
        nonlocal done
        account = source.aws_account_number
        iam = client("iam", "us-east-1", "AKIAEXAMPLE", "unchecked")  # moto's IAM, addressed by header
        iam.meta.events.register(
            "before-send.*", lambda request, **kwargs: request.headers.__setitem__("x-moto-account-id", account)
        )
        iam.create_user(UserName="portal-reader")
        key = iam.create_access_key(UserName="portal-reader")["AccessKey"]
        source.aws_access_key_id, source.aws_secret_access_key = key["AccessKeyId"], key["SecretAccessKey"]
        source.aws_access_key_id_last4 = key["AccessKeyId"][-4:]
        source.save(update_fields=["aws_access_key_id", "aws_secret_access_key", "aws_access_key_id_last4"])
        now_ms = int(time.time() * 1000)
        for r, region in enumerate(REGION_CODES):
            logs = client("logs", region, key["AccessKeyId"], key["SecretAccessKey"])
            logs.create_log_group(logGroupName=GUARDDUTY.default_log_group)
            logs.create_log_stream(logGroupName=GUARDDUTY.default_log_group, logStreamName="s")
            events = [
                {"timestamp": now_ms - 60_000 + i, "message": messages[r * FINDINGS_PER_GROUP + i]}
                for i in range(FINDINGS_PER_GROUP)
            ]
            logs.put_log_events(logGroupName=GUARDDUTY.default_log_group, logStreamName="s", logEvents=events)
        connections.close_all()
        done += 1
        if done % 10 == 0 or done == len(sources):
            say(f"  {done} of {len(sources)} accounts in the emulator")

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, sources))


class Watch:
    """What the pulls spend on the shared rate budget and on making boto3 clients (both called through)."""

    def __init__(self):
        from collection import pulls, ratelimit

        self.lock = threading.Lock()
        self.waits: dict[str, list[float]] = {}
        self.client_seconds = 0.0
        bucket = ratelimit.limiter()
        acquire, make_client = bucket.acquire, pulls.aws.client

        def counted_acquire(key: str) -> float:
            waited = acquire(key)
            with self.lock:
                self.waits.setdefault(key, []).append(waited)
            return waited

        def timed_client(*args, **kwargs):
            started = time.perf_counter()
            try:
                return make_client(*args, **kwargs)
            finally:
                with self.lock:
                    self.client_seconds += time.perf_counter() - started

        bucket.acquire, pulls.aws.client = counted_acquire, timed_client

    def reset(self) -> None:
        self.waits, self.client_seconds = {}, 0.0


def pull_all(unit_ids: list[int], threads: int) -> tuple[float, list]:
    def one(unit_id: int):
        try:
            return log_events_pull(unit_id=unit_id, worker="benchmark")
        finally:
            connections.close_all()

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(one, unit_ids))
    return time.perf_counter() - started, results


def bench_pull(sources: list[LogSource], accounts: int, threads: int) -> None:
    proc, url = start_moto()
    os.environ["AWS_ENDPOINT_URL"] = url
    try:
        chosen = sources[:accounts]
        say(f"pull: {accounts} accounts x {len(REGION_CODES)} regions into the emulator ...")
        emulator_accounts(url, chosen, threads)
        LogEvent.objects.filter(source__in=chosen).delete()
        units = PullUnit.objects.filter(source_region__source__in=chosen)
        units.update(checkpoint_ms=None, lease_owner="", lease_expires_at=None)

        def ids(of) -> list[int]:
            return list(PullUnit.objects.filter(source_region__source__in=of).values_list("pk", flat=True))

        watch = Watch()
        say(f"pull: one source's {len(REGION_CODES)} units, {threads} threads ...")
        single_took, single_results = pull_all(ids(chosen[:1]), threads)
        single_clients = watch.client_seconds
        say(f"pull: {accounts * len(REGION_CODES):,} units of {accounts} accounts, {threads} threads ...")
        units.filter(source_region__source=chosen[0]).update(checkpoint_ms=None)
        LogEvent.objects.filter(source=chosen[0]).delete()
        watch.reset()
        many_took, many_results = pull_all(ids(chosen), threads)
        for results in (single_results, many_results):
            bad = [str(r) for r in results if r.state != "ok" or r.stored != FINDINGS_PER_GROUP]
            assert not bad, bad[:5]
        stored = LogEvent.objects.filter(source__in=chosen).count()
        assert stored == accounts * len(REGION_CODES) * FINDINGS_PER_GROUP, stored
        throttled = sum(r.throttled for r in many_results)
        n_single, n_many = len(single_results), len(many_results)
        per_region_cap = len(REGION_CODES) * settings.RELAY_RATE_LIMIT_PER_SECOND
        say("")
        say(
            f"pull throughput, {n_many:,} units of {accounts} accounts: {n_many / many_took:.1f} units/s"
            f" ({many_took:.1f} s, {throttled} throttled); one source's {n_single} units: "
            f"{n_single / single_took:.1f} units/s ({single_took:.2f} s)"
        )
        calls = sum(len(w) for w in watch.waits.values())
        waited = sum(sum(w) for w in watch.waits.values())
        say(
            f"  rate budget: {calls:,} FilterLogEvents calls on {len(watch.waits):,} (account, region) budgets,"
            f" {waited:.2f} s waited in all; one budget per region would allow at most {per_region_cap:.0f} units/s"
            f" ({len(REGION_CODES)} regions x {settings.RELAY_RATE_LIMIT_PER_SECOND:g}/s)"
        )
        say(
            f"  making boto3 clients (core.aws.client): {watch.client_seconds:.1f} s of"
            f" {many_took * threads:.1f} thread-seconds ({single_clients:.2f} s of {single_took * threads:.2f} for one source)"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pull-accounts", type=int, default=20, help="accounts whose units are pulled (0: skip)")
    parser.add_argument("--threads", type=int, default=4, help="pulls at once (a relay worker's --concurrency)")
    args = parser.parse_args()
    require_postgresql()
    if not settings.REDIS_URL:
        sys.exit("This benchmark needs the Redis broker: set REDIS_URL=redis://... (a scratch database number).")
    import redis as redis_client

    say("machine:", machine())
    redis = redis_client.Redis.from_url(settings.REDIS_URL)
    endpoint, sources = seed(args.accounts)
    units_total = args.accounts * len(REGION_CODES)
    assert PullUnit.objects.count() == units_total, "the scratch database holds other pull units"
    try:
        bench_dispatch(redis, endpoint.queue, sources, units_total, args.rounds)
    finally:
        redis.delete(endpoint.queue)
    if args.pull_accounts:
        say("")
        bench_pull(sources, args.pull_accounts, args.threads)


if __name__ == "__main__":
    main()

"""Scale-out on one machine: two relay worker processes, two endpoint queues, 600 pull units.

200 log sources x 3 regions, each unit with its own log group of 20 findings in the emulator.
Both worker processes consume both endpoints' queues, and every unit is queued twice (on its endpoint's queue, and once more on the other endpoint's
queue, as a redelivered message would be, right after it), so the two workers really compete for the same units. On PostgreSQL and Redis when
DATABASE_URL and REDIS_URL are set (CI), else SQLite and the embedded broker.

Evidence, from the real processes: every unit's events are all stored, exactly once; both
workers pulled (their own task logs); and a test-only database trigger that records every
change of a unit's lease holder shows each lease taken only from a free unit and given back
before anyone else took it, so no unit was pulled by two workers at once.
"""

from __future__ import annotations

import random
import re
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection

from collection import tasks
from collection.models import PullUnit
from core import aws
from demo.findings import finding, message
from events.models import LogEvent
from log_sources.models import LogSource
from log_sources.services import log_source_create
from relay.services import endpoint_create
from tests.conftest import ACCESS_KEY, SECRET_KEY
from tests.workers import CeleryWorker, wait_for

pytestmark = pytest.mark.worker

# The embedded file-system broker (no REDIS_URL) polls its folders about once a second, which
# caps it near a few tasks per second: it is the one-machine demo broker, so it gets a smaller
# share of the same test. CI runs the full 200 sources on Redis and PostgreSQL.
SOURCES = 200 if settings.CELERY_BROKER_URL.startswith("redis") else 40
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]
EVENTS_PER_UNIT = 20
CREDENTIALS = aws.AwsCredentials(ACCESS_KEY, SECRET_KEY)
LINE = re.compile(
    r"^\[(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}): INFO/[^\]]+\] Task collection\.pull_unit\[[^\]]+\] "
    r"succeeded in (?P<runtime>[\d.e-]+)s: '(?P<result>.*)'$"
)
SKIPPED = re.compile(r"^unit (?P<unit>\d+): skipped")
PULLED = re.compile(r"^source (?P<source>\d+) (?P<region>[a-z0-9-]+): (?P<new>\d+) new of (?P<read>\d+) read")


def group_name(index: int) -> str:
    return f"Armor_GuardDuty_Log_Group-{index:03d}"


def seed_emulator(accounts: list[str]) -> None:
    """One log group per unit, each with its own findings (put_log_events: the emulator's EventBridge delivers only about 150 events/s)."""
    clients = {r: aws.client("logs", region=r, credentials=CREDENTIALS) for r in REGIONS}
    start = datetime.now(UTC) - timedelta(minutes=2)

    def seed(job):
        index, region = job
        rng = random.Random(f"{index}-{region}")  # noqa: S311 - sample data
        logs = clients[region]
        logs.create_log_group(logGroupName=group_name(index))
        logs.create_log_stream(logGroupName=group_name(index), logStreamName="findings")
        events = [
            finding(account=accounts[index], region=region, rng=rng, when=start + timedelta(seconds=n))
            for n in range(EVENTS_PER_UNIT)
        ]
        stamp = int(start.timestamp() * 1000)
        logs.put_log_events(
            logGroupName=group_name(index),
            logStreamName="findings",
            logEvents=[{"timestamp": stamp + n * 1000, "message": message(e)} for n, e in enumerate(events)],
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(seed, [(i, r) for i in range(SOURCES) for r in REGIONS]))


def audit_leases() -> None:
    """A test-only trigger that records every change of a unit's lease holder, with the
    database's own ordering; the product code is untouched."""
    table = PullUnit._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE lease_audit (id integer PRIMARY KEY, unit_id bigint, old_owner text, new_owner text)"
        )
        if connection.vendor == "postgresql":
            cursor.execute("CREATE SEQUENCE lease_audit_seq")
            cursor.execute(
                "CREATE FUNCTION lease_audit_record() RETURNS trigger AS $$ BEGIN "
                "INSERT INTO lease_audit VALUES (nextval('lease_audit_seq'), NEW.source_region_id, OLD.lease_owner, NEW.lease_owner); "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER lease_audit AFTER UPDATE OF lease_owner ON {table} FOR EACH ROW "
                "WHEN (OLD.lease_owner IS DISTINCT FROM NEW.lease_owner) EXECUTE FUNCTION lease_audit_record()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER lease_audit AFTER UPDATE OF lease_owner ON {table} FOR EACH ROW "
                "WHEN OLD.lease_owner IS NOT NEW.lease_owner BEGIN "
                "INSERT INTO lease_audit (unit_id, old_owner, new_owner) VALUES (NEW.source_region_id, OLD.lease_owner, NEW.lease_owner); END"
            )


def drop_lease_audit() -> None:
    table = PullUnit._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS lease_audit ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS lease_audit_record()")
            cursor.execute("DROP SEQUENCE IF EXISTS lease_audit_seq")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS lease_audit")
        cursor.execute("DROP TABLE IF EXISTS lease_audit")


def lease_transitions() -> list[tuple[int, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT unit_id, old_owner, new_owner FROM lease_audit ORDER BY id")
        return [(int(u), o or "", n or "") for u, o, n in cursor.fetchall()]


def pulls_in_log(text: str, worker: str) -> list[dict]:
    pulls = []
    for line in text.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        end = datetime.strptime(match["at"], "%Y-%m-%d %H:%M:%S,%f").timestamp()
        # The log time has millisecond resolution: round the end up so the interval stays a superset.
        end += 0.001
        pulled = PULLED.match(match["result"])
        skipped = SKIPPED.match(match["result"])
        pulls.append(
            {
                "worker": worker,
                "start": end - float(match["runtime"]) - 0.001,
                "end": end,
                "unit": (int(pulled["source"]), pulled["region"]) if pulled else None,
                "unit_id": int(skipped["unit"]) if skipped else None,
                "new": int(pulled["new"]) if pulled else 0,
                "result": match["result"],
            }
        )
    return pulls


def test_two_relay_workers_pull_every_unit_once(transactional_db, alice, aws):
    one = endpoint_create(user=alice, name="Relay East", hostname="relay-east.acme.example")
    two = endpoint_create(user=alice, name="Relay West", hostname="relay-west.acme.example")
    accounts = [f"{100000000000 + i:012d}" for i in range(SOURCES)]
    for index, account in enumerate(accounts):
        source = log_source_create(
            user=alice,
            data={
                "endpoint": (one if index % 2 == 0 else two).pk,
                "hostname": f"guardduty-{account}",
                "protocol": "AWS CloudWatch Logs (HTTPS)",
                "aws_account_number": account,
                "aws_access_key_id": ACCESS_KEY,
                "aws_secret_access_key": SECRET_KEY,
                "regions": REGIONS,
                "mode": "manual",
            },
        )
        LogSource.objects.filter(pk=source.pk).update(log_group=group_name(index))
    seed_emulator(accounts)
    units = list(PullUnit.objects.select_related("source_region__source").order_by("pk"))
    assert len(units) == SOURCES * len(REGIONS)
    expected = {(u.source_id, u.region): EVENTS_PER_UNIT for u in units}
    ours = {u.pk for u in units}

    queues = [one.queue, two.queue]
    audit_leases()
    workers = [CeleryWorker(queues, concurrency=2).start() for _ in range(2)]
    try:
        # Each unit's pull and its duplicate side by side, so both workers take them at about
        # the same moment: the lease must turn one of the two away.
        for unit in units:
            own, other = (one, two) if unit.source.endpoint_id == one.pk else (two, one)
            tasks.queue_pull(unit.pk, own.queue)
            tasks.queue_pull(unit.pk, other.queue)

        def done():
            # Only this test's units count: a broker may still hold messages of an earlier run.
            logs = [
                [
                    p
                    for p in pulls_in_log(w.log_path.read_text(errors="replace"), str(n))
                    if p["unit"] in expected or p["unit_id"] in ours
                ]
                for n, w in enumerate(workers)
            ]
            return sum(len(pulls) for pulls in logs) >= 2 * len(units) and logs

        started = time.monotonic()
        logs = wait_for(done, timeout=240, interval=1, message="both copies of every pull to finish", worker=workers[0])
        elapsed = time.monotonic() - started
        for worker in workers:
            worker.stop()
        logs = done()  # read again once stopped: late copies from an earlier run's broker included
        transitions = lease_transitions()
    finally:
        for worker in workers:
            worker.stop()
        drop_lease_audit()

    pulls = [p for worker_pulls in logs for p in worker_pulls]
    real = [p for p in pulls if p["unit"] is not None]

    # Every unit was pulled, and all of its events were stored exactly once.
    assert {p["unit"] for p in real} == set(expected)
    stored = defaultdict(int)
    for source_id, region in LogEvent.objects.values_list("source_id", "region"):
        stored[(source_id, region)] += 1
    assert stored == expected
    assert LogEvent.objects.count() == len(units) * EVENTS_PER_UNIT
    new_by_unit = defaultdict(int)
    for p in real:
        new_by_unit[p["unit"]] += p["new"]
    assert new_by_unit == expected  # the second pull of a unit found nothing new to store
    assert not PullUnit.objects.filter(checkpoint_ms__isnull=True).exists()
    assert not PullUnit.objects.exclude(lease_owner="").exists()  # every lease was given back

    # Both processes did a share of the work.
    by_worker = defaultdict(int)
    for p in real:
        by_worker[p["worker"]] += 1
    assert set(by_worker) == {"0", "1"} and min(by_worker.values()) >= len(units) // 10, by_worker

    # No unit was pulled by the two workers at once: every lease was taken from a free unit
    # and given back by its holder before anyone else took it (the database's own record).
    taken = defaultdict(int)
    for unit_id, old, new in transitions:
        assert unit_id in ours
        if new:  # a take: only from a free unit, never over another worker's live lease
            assert old == "", f"unit {unit_id}: {new!r} took the lease while {old!r} held it"
            taken[unit_id] += 1
        else:
            assert old, f"unit {unit_id}: a release of a lease nobody held"
    holders = {new.split("@")[0] for _, _, new in transitions if new}
    assert len(holders) == 2, holders  # both workers held leases
    assert set(taken) == ours
    assert sum(taken.values()) == len(real)  # every pull that ran held the lease
    skipped = sum(1 for p in pulls if "skipped (leased)" in p["result"])
    print(
        f"\n{len(units)} units, {len(real)} pulls and {skipped} refused by the lease in {elapsed:.1f} s; "
        f"pulls per worker: {dict(by_worker)}; {LogEvent.objects.count()} events stored"
    )
    for worker in workers:
        worker.discard_log()

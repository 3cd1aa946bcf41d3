"""Ingest: GuardDuty envelopes through parse and store, beside a raw COPY of the same rows.

    DATABASE_URL=postgres://.../scratch .venv/bin/python benchmarks/ingest.py [--events 200000]

Ours parses each CloudWatch event (JSON, finding fields) and stores pages of 10,000 with the
relay's own store function, one transaction per page as the relay's pull does: only events
not stored yet, each once, parsed while the database stores the rows before. The reference is the
fastest raw way in: one binary COPY of the already parsed rows into the same table, with the
same indexes and constraints. Target: ours >= 50% of COPY and >= 10,000 findings/s.

Storing leaves the search text to the search indexer (events.services.log_events_index), so
its rate over the same events is printed too: first one indexer alone for --single-seconds,
then --indexers of them at once (each its own process and connection, as relay workers run
them) over the rest. The COPY's rows are removed first, so the indexers work through one
tenant's backfill. Target: the indexers keep pace with >= 5,000 findings/s. The CPU that one
indexer spends per event is printed too, in Python and (where the server runs on this machine)
in its PostgreSQL backend: what bounds the pace on a machine's cores.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time

from _common import machine, require_postgresql, say, scratch_source
from django.db import connection, connections, transaction
from django.utils import timezone

from demo import findings
from events.models import Finding, LogEvent, SearchWord
from events.parsing import FIELDS, parse_events
from events.services import log_events_index_all, log_events_store

PAGE = 10_000
# The binary COPY needs each column's PostgreSQL type.
TYPES = {"count": "int4", "severity": "float8", "malformed": "bool", "foreign_account": "bool"}
TIMES = {"timestamp", "first_seen", "last_seen", "updated_at"}


def settle() -> None:
    """Write out what the last phase left dirty, so that no phase pays for another's writes."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def backend_cpu_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL backend so far, where the server runs on this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def clear(*sources) -> None:
    """The sources' events and findings, and their tenants' vocabularies: each run starts from none."""
    Finding.objects.filter(source__in=sources).delete()
    LogEvent.objects.filter(source__in=sources).delete()
    SearchWord.objects.filter(tenant__in=[source.tenant_id for source in sources]).delete()


def _indexer(_: int) -> int:
    """One indexer process: index until no event waits (log_events_index_all without a time limit)."""
    return log_events_index_all()[0]


def index_in_parallel(processes: int, started: float, done_before: int) -> int:
    """`processes` indexers at once until no event waits; says the progress every few seconds. Returns how many."""
    # Forked children must open their own connections, never share the parent's.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        result = pool.map_async(_indexer, range(processes))
        waiting_before = LogEvent.objects.filter(search_text__isnull=True).count()
        while not result.ready():
            result.wait(10)
            waiting = LogEvent.objects.filter(search_text__isnull=True).count()
            done = waiting_before - waiting
            say(
                f"  {done_before + done:,} indexed, {done / (time.perf_counter() - started):,.0f}/s, {waiting:,} waiting"
            )
        return sum(result.get())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--indexers", type=int, default=2, help="indexer processes at once")
    parser.add_argument("--single-seconds", type=float, default=30.0, help="how long one indexer runs alone")
    args = parser.parse_args()
    require_postgresql()
    say("machine:", machine())
    tenant, source, unit = scratch_source()
    _, reference_source, _ = scratch_source("Benchmark reference")
    clear(source, reference_source)

    say(f"generating {args.events:,} envelopes ...")
    base_ms = int(time.time() * 1000) - 3_600_000
    events = [
        {"eventId": f"{i:056d}", "timestamp": base_ms + i, "message": m, "logStreamName": "bench"}
        for i, (_, m) in enumerate(findings.stream(args.events, seed=3))
    ]
    size = sum(len(e["message"]) for e in events) / len(events)
    say(f"average message {size:,.0f} bytes")

    # Ours: parse + store, page by page, one transaction per page as the relay does.
    settle()
    say("ours: parse + store ...")
    started = time.perf_counter()
    stored = read = 0
    for i in range(0, len(events), PAGE):
        page = events[i : i + PAGE]
        with transaction.atomic():
            stored += log_events_store(tenant_id=tenant.pk, source_id=source.pk, region="us-east-1", events=page)
        read += len(page)
        say(f"  {read:,} events, {read / (time.perf_counter() - started):,.0f}/s")
    ours = stored / (time.perf_counter() - started)
    assert stored == len(events), (stored, len(events))

    # Reference: one binary COPY of the same, already parsed rows into the same table.
    say("reference: parsing (not timed) ...")
    rows = parse_events(events)
    columns = ["tenant_id", "source_id", "region", "ingested_at", *FIELDS]
    types = ["int8", "int8", "text", "timestamptz"]
    types += ["timestamptz" if c in TIMES else TYPES.get(c, "text") for c in FIELDS]
    names = ", ".join(f'"{c}"' for c in columns)
    now = timezone.now()
    settle()
    say("reference: binary COPY into the same table ...")
    started = time.perf_counter()
    sql = f"COPY {LogEvent._meta.db_table} ({names}) FROM STDIN (FORMAT BINARY)"
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row([tenant.pk, reference_source.pk, "us-east-1", now, *(row[c] for c in FIELDS)])
    reference = len(rows) / (time.perf_counter() - started)

    # What storing left for later: the search text, its words in the index and the vocabulary,
    # of our events. The COPY's rows are a yardstick for storing only: they go first, so that
    # the indexers work through one tenant's backfill, as onboarding an Organization brings.
    clear(reference_source)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {LogEvent._meta.db_table}")  # noqa: S608 - no dead rows of theirs for the indexers to step over
    settle()
    say(f"one search indexer over the same events, for {args.single_seconds:.0f} s ...")
    started, python_before, database_before = time.perf_counter(), time.process_time(), backend_cpu_seconds()
    single, _ = log_events_index_all(
        max_seconds=args.single_seconds,
        on_batch=lambda n: n % 10_000 == 0 and say(f"  {n:,} indexed, {n / (time.perf_counter() - started):,.0f}/s"),
    )
    single_rate = single / (time.perf_counter() - started)
    python_us = (time.process_time() - python_before) / single * 1e6
    database_after = backend_cpu_seconds()
    database_us = (database_after - database_before) / single * 1e6 if database_before is not None else None
    say(f"{args.indexers} search indexers at once over the rest ...")
    started = time.perf_counter()
    parallel = index_in_parallel(args.indexers, started, single)
    parallel_rate = parallel / (time.perf_counter() - started)
    assert single + parallel == len(events), (single, parallel, len(events))
    assert not LogEvent.objects.filter(search_text__isnull=True).exists()
    clear(source, reference_source)

    say("")
    say(f"ours (parse + store): {ours:,.0f} findings/s")
    say(f"raw binary COPY of the same rows into the same table: {reference:,.0f} rows/s")
    say(f"ours / COPY = {ours / reference:.0%}   (target >= 50% and >= 10,000/s)")
    say(f"search indexer, afterwards, off the pull's path: one {single_rate:,.0f} events/s,")
    say(f"  {args.indexers} at once {parallel_rate:,.0f} events/s   (target >= 5,000/s)")
    database = (
        f", PostgreSQL {database_us:,.0f} µs" if database_us is not None else " (PostgreSQL: not on this machine)"
    )
    say(f"  CPU per event, one indexer: Python {python_us:,.0f} µs{database}")


if __name__ == "__main__":
    main()

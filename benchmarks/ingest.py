"""Ingest: GuardDuty envelopes through parse and store, beside a raw COPY of the same rows.

    DATABASE_URL=postgres://.../scratch .venv/bin/python benchmarks/ingest.py [--events 200000]

Both write into tables with the same columns and indexes (the trigram index included).
Ours parses each CloudWatch event (JSON, finding fields, search text) and stores pages of
10,000 with the relay's own store function (ON CONFLICT DO NOTHING), parsing the next page
while the database stores the last one, as the relay's pull does; the reference COPYs the
already-parsed rows. Target: ours >= 50% of COPY and >= 10,000 findings/s.
"""

from __future__ import annotations

import argparse
import time

from _common import machine, require_postgresql, say, scratch_source
from django.db import connection, transaction

from events import samples
from events.models import LogEvent
from events.parsing import FIELDS, parse_events
from events.services import log_events_store
from portal.pipeline import read_ahead

PAGE = 10_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    args = parser.parse_args()
    require_postgresql()
    say("machine:", machine())
    tenant, source, unit = scratch_source()
    LogEvent.objects.filter(source=source).delete()

    say(f"generating {args.events:,} envelopes ...")
    base_ms = int(time.time() * 1000) - 3_600_000
    events = [
        {"eventId": f"{i:056d}", "timestamp": base_ms + i, "message": m, "logStreamName": "bench"}
        for i, (_, m) in enumerate(samples.stream(args.events, seed=3))
    ]
    size = sum(len(e["message"]) for e in events) / len(events)
    say(f"average message {size:,.0f} bytes")

    # Ours: parse + store, page by page, one transaction per page as the relay does.
    say("ours: parse + store ...")
    started = time.perf_counter()
    stored = read = 0
    for rows in read_ahead(parse_events(events[i : i + PAGE]) for i in range(0, len(events), PAGE)):
        with transaction.atomic():
            stored += log_events_store(tenant_id=tenant.pk, source_id=source.pk, region="us-east-1", rows=rows)
        read += len(rows)
        say(f"  {read:,} events, {read / (time.perf_counter() - started):,.0f}/s")
    ours = stored / (time.perf_counter() - started)
    assert stored == len(events), (stored, len(events))

    # Reference: COPY the same, already parsed rows into an identical table.
    say("reference: parsing (not timed) ...")
    rows = parse_events(events)
    columns = ["tenant_id", "source_id", "region", "ingested_at", *FIELDS]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute("CREATE TABLE bench_copy (LIKE events_logevent INCLUDING ALL)")
        cursor.execute("ALTER TABLE bench_copy ALTER COLUMN message SET COMPRESSION lz4")
    from django.utils import timezone

    now = timezone.now()
    names = ", ".join(f'"{c}"' for c in columns)

    def copy_rate() -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY bench_copy ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([tenant.pk, source.pk, "us-east-1", now, *(row[c] for c in FIELDS)])
        return len(rows) / (time.perf_counter() - started)

    say("reference: COPY ...")
    reference = copy_rate()
    # What the trigram index alone costs: the same COPY once more, into the table without it.
    say("reference: COPY without the trigram index ...")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE bench_copy")
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'bench_copy' AND indexdef LIKE '%gin_trgm_ops%'"
        )
        for (index,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{index}"')
    without_trigram = copy_rate()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_copy")
    LogEvent.objects.filter(source=source).delete()

    say("")
    say(f"ours (parse + store): {ours:,.0f} findings/s")
    say(f"raw COPY of the same rows: {reference:,.0f} rows/s")
    say(f"ours / COPY = {ours / reference:.0%}   (target >= 50% and >= 10,000/s)")
    say(f"for scale: the same COPY into the table without its trigram index: {without_trigram:,.0f} rows/s")


if __name__ == "__main__":
    main()

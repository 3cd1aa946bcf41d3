"""State changes for collected events: storing pages idempotently, the search index, retention and purging."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import ValidationFailed
from tenants import audit
from tenants.models import Tenant
from tenants.selectors import require, tenant_of
from tenants.services import tenant_set_retention

from . import export
from .models import LogEvent
from .parsing import FIELDS, event_id_of, gc_paused, parse_event, parse_events
from .search_text import search_tokens

# Column -> PostgreSQL type, for the binary parameters and the binary COPY.
_PG_TYPES = {
    "event_id": "text",
    "log_stream": "text",
    "timestamp": "timestamptz",
    "message": "text",
    "malformed": "bool",
    "finding_id": "text",
    "finding_type": "text",
    "severity": "float8",
    "account_id": "text",
    "title": "text",
    "resource_type": "text",
    "resource_id": "text",
    "remote_ip": "text",
    "country": "text",
    "organization": "text",
    "asn": "text",
    "count": "int4",
    "first_seen": "timestamptz",
    "last_seen": "timestamptz",
    "updated_at": "timestamptz",
}
assert set(_PG_TYPES) == set(FIELDS)
# Table and column names in the SQL below come from the model, never from input. Both insert
# paths write the unit's columns first, then the parsed ones.
_COLUMNS = '"tenant_id", "source_id", "region", "ingested_at", ' + ", ".join(f'"{c}"' for c in FIELDS)
_COPY_TYPES = ["int8", "int8", "text", "timestamptz", *(_PG_TYPES[c] for c in FIELDS)]
# From this many rows a page is COPYed. A steady pull brings a few events a minute; a backfill
# brings pages of thousands. COPY needs a look-up of the page's ids first, a second round trip
# that a page of a few events does not earn back.
COPY_MIN_ROWS = 500


def _insert_unnest(*, tenant_id: int, source_id: int, region: str, rows: list[dict[str, Any]]) -> int:
    """One `INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING` with binary array parameters.

    Binary arrays are about 6x faster than the same arrays sent as text; one statement keeps
    a small page to one round trip.
    """
    import psycopg

    table = LogEvent._meta.db_table
    arrays = ", ".join(f"%s::{_PG_TYPES[c]}[]" for c in FIELDS)
    sql = (
        f"INSERT INTO {table} ({_COLUMNS}) "  # noqa: S608
        f"SELECT %s, %s, %s, %s, * FROM unnest({arrays}) "
        'ON CONFLICT ("source_id", "region", "event_id") DO NOTHING'
    )
    params = [tenant_id, source_id, region, timezone.now(), *([row[c] for row in rows] for c in FIELDS)]
    connection.ensure_connection()
    # Django's own cursors bind on the client side (text); a plain psycopg cursor binds on the server.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, binary=True)
        return cursor.rowcount


def _insert_copy(*, tenant_id: int, source_id: int, region: str, events: list[dict[str, Any]]) -> int:
    """Parse the events of the page that are not stored yet and COPY them straight into the table.

    COPY is PostgreSQL's fast path for many rows, but it cannot skip a row that is already
    there. So the page's event ids are looked up first (one probe of the unique index each),
    and only the new events, each once, are parsed and COPYed, row by row: the database
    stores the first rows while the later ones are still being parsed. Should another writer
    store one of them in between (a worker whose lease ran out while it was still pulling),
    the unique index makes the COPY fail; its savepoint undoes it and the ON CONFLICT insert
    stores the page instead.
    """
    import psycopg

    table = LogEvent._meta.db_table
    ids = [event_id_of(event) for event in events]
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            f"SELECT event_id FROM {table} WHERE source_id = %s AND region = %s AND event_id = ANY(%s::text[])",  # noqa: S608
            [source_id, region, ids],
            binary=True,
        )
        seen = {event_id for (event_id,) in cursor.fetchall()}
    fresh = []
    for event_id, event in zip(ids, events, strict=True):
        if event_id not in seen:
            seen.add(event_id)  # an id repeated within the page: the first one counts
            fresh.append(event)
    if not fresh:
        return 0
    now = timezone.now()
    try:
        sql = f"COPY {table} ({_COLUMNS}) FROM STDIN (FORMAT BINARY)"
        with transaction.atomic(), connection.cursor() as cursor, gc_paused(), cursor.cursor.copy(sql) as copy:
            copy.set_types(_COPY_TYPES)
            for event in fresh:
                row = parse_event(event)
                copy.write_row([tenant_id, source_id, region, now, *(row[c] for c in FIELDS)])
    except psycopg.errors.UniqueViolation:
        return _insert_unnest(tenant_id=tenant_id, source_id=source_id, region=region, rows=parse_events(fresh))
    return len(fresh)


def _insert_portable(*, tenant_id: int, source_id: int, region: str, rows: list[dict[str, Any]]) -> int:
    ids = [row["event_id"] for row in rows]
    existing = set(
        LogEvent.objects.filter(source_id=source_id, region=region, event_id__in=ids).values_list("event_id", flat=True)
    )
    now = timezone.now()
    objects = [
        LogEvent(tenant_id=tenant_id, source_id=source_id, region=region, ingested_at=now, **row)
        for row in rows
        if row["event_id"] not in existing
    ]
    LogEvent.objects.bulk_create(objects, ignore_conflicts=True, batch_size=500)
    return len({o.event_id for o in objects})


def log_events_store(*, tenant_id: int, source_id: int, region: str, events: list[dict[str, Any]]) -> int:
    """Parse and store one FilterLogEvents page of a pull unit. Returns how many events were new.

    Events already stored (same source, region and CloudWatch eventId) are skipped, so a
    page read twice stores nothing twice. Callers run this inside the transaction that also
    moves the unit's checkpoint. The search text is left to the search indexer.
    """
    if not events:
        return 0
    if connection.vendor == "postgresql" and len(events) >= COPY_MIN_ROWS:
        return _insert_copy(tenant_id=tenant_id, source_id=source_id, region=region, events=events)
    insert = _insert_unnest if connection.vendor == "postgresql" else _insert_portable
    return insert(tenant_id=tenant_id, source_id=source_id, region=region, rows=parse_events(events))


# Events per indexer transaction: large enough that the UPDATE's fixed costs vanish, small
# enough that a batch holds its row locks for only a second or two.
INDEX_BATCH = 2_000


def log_events_index(*, limit: int | None = None) -> int:
    """Build the search text of up to `limit` events still waiting for it. Returns how many.

    A pull stores events without their search text: building it was most of the parsing, and
    keeping its ~430 trigrams per event in the index as each event was stored held storing to
    about 1,600 events/s (README, Benchmarks). Until the indexer has been by, Search matches a
    waiting event against its raw message (events.query), so no event is ever unsearchable.
    SKIP LOCKED lets several indexers share a backlog without building any event's text twice;
    a crash rolls its batch back to "waiting".
    """
    limit = limit or INDEX_BATCH
    with transaction.atomic():
        waiting = list(
            LogEvent.objects.filter(search_text__isnull=True)
            .order_by()
            .select_for_update(skip_locked=True)
            .values_list("pk", "message")[:limit]
        )
        if not waiting:
            return 0
        ids = [pk for pk, _ in waiting]
        texts = [search_tokens(message) for _, message in waiting]
        if connection.vendor == "postgresql":
            import psycopg

            table = LogEvent._meta.db_table
            with psycopg.Cursor(connection.connection) as cursor:
                cursor.execute(
                    f"UPDATE {table} AS e SET search_text = v.text "  # noqa: S608 - the model's own table
                    "FROM unnest(%s::bigint[], %s::text[]) AS v(id, text) WHERE e.id = v.id",
                    [ids, texts],
                    binary=True,
                )
        else:
            LogEvent.objects.bulk_update(
                [LogEvent(pk=pk, search_text=text) for pk, text in zip(ids, texts, strict=True)],
                ["search_text"],
                batch_size=500,
            )
    return len(waiting)


def log_events_index_all(*, max_seconds: float | None = None, on_batch=None) -> tuple[int, bool]:
    """Index waiting events batch after batch, for at most `max_seconds` (None: until none wait).

    Returns (how many were indexed, whether events are still waiting): a background task
    stops after a bounded time and queues itself again, so a backlog never holds a worker.
    """
    started, total = time.monotonic(), 0
    while True:
        done = log_events_index()
        total += done
        if on_batch and done:
            on_batch(total)
        if done < INDEX_BATCH:
            return total, False
        if max_seconds is not None and time.monotonic() - started >= max_seconds:
            return total, True


def log_retention_set(*, user, days) -> Tenant:
    """Change how many days the tenant's collected events are kept (Write Log Management)."""
    require(user, "logs.retention")
    tenant = tenant_of(user)
    if isinstance(days, str):
        days = days.strip()
        if not days.isdigit():
            raise ValidationFailed.one(
                "log_retention_days", "Log retention must be a whole number of days from 1 to 3650."
            )
        days = int(days)
    return tenant_set_retention(actor=user, tenant=tenant, days=days)


PURGE_BATCH = 5_000


def log_events_purge(*, user=None, tenant: Tenant | None = None, older_than: datetime | None = None) -> int:
    """Delete collected events older than `older_than` (default: the tenant's retention). Returns how many.

    With `user`, this is "purge now" and needs Delete Log Management; without, it is the
    periodic purge for `tenant`. Deletes in bounded batches so a large purge never holds
    one long transaction over the table.
    """
    if user is not None:
        require(user, "logs.purge")
        tenant = tenant_of(user)
    if tenant is None:
        raise ValueError("log_events_purge needs a user or a tenant")
    if older_than is None:
        older_than = timezone.now() - timedelta(days=tenant.log_retention_days)
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(
                LogEvent.objects.filter(tenant=tenant, timestamp__lt=older_than).values_list("pk", flat=True)[
                    :PURGE_BATCH
                ]
            )
            if not ids:
                break
            deleted += LogEvent.objects.filter(pk__in=ids).delete()[0]
    # A purge someone asked for is always recorded; the hourly one only when it removed something.
    if user is not None or deleted:
        audit.record(
            "logs.purge",
            actor=user,
            tenant=tenant,
            details={"deleted": deleted, "older_than": older_than.isoformat(), "periodic": user is None},
        )
    return deleted


def log_events_export(*, user, events: QuerySet[LogEvent], fmt: str, criteria: dict[str, str]) -> Iterator[str]:
    """The rows of an export (CSV or JSON lines), recorded in the audit trail with the search that chose them."""
    require(user, "logs.search")
    audit.record("logs.export", actor=user, details={"format": fmt, "criteria": criteria})
    return export.as_csv(events) if fmt == "csv" else export.as_jsonl(events)


def log_events_purge_expired() -> dict[str, int]:
    """The periodic purge: every tenant's events older than its retention setting."""
    return {tenant.name: log_events_purge(tenant=tenant) for tenant in Tenant.objects.all()}

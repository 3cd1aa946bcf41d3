"""State changes for collected events: storing pages idempotently, the search index, retention and purging."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import ValidationFailed
from log_sources.models import LogSource
from tenants import audit
from tenants.models import Tenant
from tenants.selectors import require, tenant_of
from tenants.services import tenant_set_retention

from . import export, ocsf
from .models import Finding, LogEvent, SearchWord
from .parsing import FIELDS, event_id_of, gc_paused, parse_event, parse_events
from .query import search_words_sql
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
    "resource_name": "text",
    "finding_region": "text",
    "partition": "text",
    "foreign_account": "bool",
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


def _foreign(row: dict[str, Any], account: str) -> bool:
    """The finding names an account, and it is not the source's."""
    return bool(row["account_id"]) and row["account_id"] != account


def _flag_foreign(rows: list[dict[str, Any]], account: str) -> list[dict[str, Any]]:
    for row in rows:
        row["foreign_account"] = _foreign(row, account)
    return rows


def _insert_unnest(*, tenant_id: int, source_id: int, region: str, rows: list[dict[str, Any]]) -> int:
    """One `INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING` with binary array parameters.

    `%b` sends a parameter in binary. With `%s`, psycopg sends a list as text, quoting every
    element in Python, about four times the time; `binary=True` is about the results only.
    One statement keeps a small page to one round trip.
    """
    import psycopg

    table = LogEvent._meta.db_table
    arrays = ", ".join(f"%b::{_PG_TYPES[c]}[]" for c in FIELDS)
    sql = (
        f"INSERT INTO {table} ({_COLUMNS}) "  # noqa: S608
        f"SELECT %s, %s, %s, %s, * FROM unnest({arrays}) "
        'ON CONFLICT ("source_id", "region", "event_id") DO NOTHING'
    )
    params = [tenant_id, source_id, region, timezone.now(), *([row[c] for row in rows] for c in FIELDS)]
    connection.ensure_connection()
    # Django's own cursors bind on the client side (text); a plain psycopg cursor binds on the server.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _insert_copy(*, tenant_id: int, source_id: int, region: str, events: list[dict[str, Any]], account: str) -> int:
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
            f"SELECT event_id FROM {table} WHERE source_id = %s AND region = %s AND event_id = ANY(%b::text[])",  # noqa: S608
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
                row["foreign_account"] = _foreign(row, account)
                copy.write_row([tenant_id, source_id, region, now, *(row[c] for c in FIELDS)])
    except psycopg.errors.UniqueViolation:
        rows = _flag_foreign(parse_events(fresh), account)
        return _insert_unnest(tenant_id=tenant_id, source_id=source_id, region=region, rows=rows)
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
    # Once per page: a finding from another account than the source's is flagged.
    account = LogSource.objects.filter(pk=source_id).values_list("aws_account_number", flat=True).first() or ""
    if connection.vendor == "postgresql" and len(events) >= COPY_MIN_ROWS:
        return _insert_copy(tenant_id=tenant_id, source_id=source_id, region=region, events=events, account=account)
    insert = _insert_unnest if connection.vendor == "postgresql" else _insert_portable
    rows = _flag_foreign(parse_events(events), account)
    return insert(tenant_id=tenant_id, source_id=source_id, region=region, rows=rows)


# Events per indexer transaction: large enough that the UPDATE's fixed costs vanish and that
# indexers sharing a backlog seldom wait for each other (neighbouring batches add some of the
# same new words, and the second waits for the first to commit: fewer, larger batches wait
# less often), small enough that a batch holds its row locks for only a second or two.
INDEX_BATCH = 4_000
# PostgreSQL's GIN indexes (of the search texts' words, of the vocabulary's trigrams) take
# new entries into a pending list, which every search reads in full, and move the list into
# the index proper once it is full: one pass that touches most of the index's pages however
# few events it moves, sorting them in work_mem (4 MB by default, which cut a pass into
# many). So a pass over more events costs far less per event, while a longer list slows
# every search. For the indexer's own transactions only: passes of about a thousand events,
# sorted in one go (README, Benchmarks).
GIN_PENDING_LIST = "8MB"
GIN_MOVE_MEMORY = "64MB"


def log_events_index(*, limit: int | None = None) -> int:
    """Build the search text of up to `limit` events still waiting for it. Returns how many.

    A pull stores events without their search text: building it was most of the parsing, and
    keeping its index entries as each event was stored held storing to about 1,600 events/s
    (README, Benchmarks). The batch's new words join their tenants' vocabularies in the same
    transaction (`_search_words_add`). Until the indexer has been by, Search matches
    the most recently stored waiting events against their raw message (events.query).
    SKIP LOCKED lets several indexers (one per relay worker that runs the task) share a
    backlog without waiting for each other or building any event's text twice; a crash rolls
    its batch back to "waiting". The same transaction folds the batch into its
    Finding records (findings_update), so each stored event counts exactly once there too.
    Each waiting tenant gets an equal share of a batch (`_shares`), oldest events first, so one
    tenant's backfill never holds back another's events. A batch may therefore be smaller than
    `limit` while events still wait: only 0 means none is left to take.
    """
    limit = limit or INDEX_BATCH
    with transaction.atomic():
        waiting = _waiting_claim_postgresql(limit) if connection.vendor == "postgresql" else _waiting_claim(limit)
        if not waiting:
            return 0
        ids = [event["pk"] for event in waiting]
        texts = [search_tokens(event["message"]) for event in waiting]
        if connection.vendor == "postgresql":
            import psycopg

            table = LogEvent._meta.db_table
            with psycopg.Cursor(connection.connection) as cursor:
                # Until the end of this transaction (set_config's third argument).
                cursor.execute(
                    "SELECT set_config('gin_pending_list_limit', %s, true), set_config('work_mem', %s, true)",
                    [GIN_PENDING_LIST, GIN_MOVE_MEMORY],
                )
                cursor.execute(
                    f"UPDATE {table} AS e SET search_text = v.text "  # noqa: S608 - the model's own table
                    "FROM unnest(%b::bigint[], %b::text[]) AS v(id, text) WHERE e.id = v.id",
                    [ids, texts],
                )
                _search_words_add(cursor, [event["tenant_id"] for event in waiting], texts)
        else:
            LogEvent.objects.bulk_update(
                [LogEvent(pk=pk, search_text=text) for pk, text in zip(ids, texts, strict=True)],
                ["search_text"],
                batch_size=500,
            )
        findings_update(waiting)
    return len(waiting)


def _shares(limit: int, tenants: int) -> list[int]:
    """`limit` shared out between `tenants` as evenly as it goes (the first ones take one more)."""
    share, extra = divmod(limit, tenants)
    return [share + (i < extra) for i in range(tenants)]


def _waiting_claim(limit: int) -> list[dict[str, Any]]:
    """Read up to `limit` waiting events, shared out between tenants (SQLite, which has one writer at a time)."""
    waiting = LogEvent.objects.filter(search_text__isnull=True)
    tenants = list(waiting.order_by("tenant_id").values_list("tenant_id", flat=True).distinct()[:limit])
    if not tenants:
        return []
    claimed: list[dict[str, Any]] = []
    for tenant_id, share in zip(tenants, _shares(limit, len(tenants)), strict=True):
        claimed += waiting.filter(tenant_id=tenant_id).order_by("pk").values(*_FINDING_SOURCE_COLUMNS)[:share]
    return claimed


def _waiting_claim_postgresql(limit: int) -> list[dict[str, Any]]:
    """Lock and read up to `limit` waiting events (dicts of _FINDING_SOURCE_COLUMNS), shared out between tenants.

    Every read walks the partial index log_event_unindexed in (tenant, id) order. An index scan
    marks the entries of events indexed since the last VACUUM as dead as it passes them, so
    later scans step over them in the index. A bitmap scan (what an unordered read gets)
    visits each of them in the table every time, so its cost grew with every event indexed
    over a backfill (README, Benchmarks).
    The tenant is given as a range of one value, not an equality, which the primary key
    could then answer in the same order: when the statistics still say that every event
    waits (a young table during its first backfill), PostgreSQL chose that walk over every
    event of the table, indexed ones included, and each claim grew slower as a backfill went on.
    """
    import psycopg

    table = LogEvent._meta.db_table
    with psycopg.Cursor(connection.connection) as cursor:
        # The tenants with waiting events: one index descent each (a loose index scan).
        cursor.execute(
            "WITH RECURSIVE t AS ("  # noqa: S608 - the model's own table
            f"  (SELECT tenant_id FROM {table} WHERE search_text IS NULL ORDER BY tenant_id LIMIT 1)"
            f"  UNION ALL SELECT (SELECT e.tenant_id FROM {table} AS e WHERE e.search_text IS NULL"
            f"    AND e.tenant_id > t.tenant_id ORDER BY e.tenant_id LIMIT 1) FROM t WHERE t.tenant_id IS NOT NULL"
            ") SELECT tenant_id FROM t WHERE tenant_id IS NOT NULL"
        )
        tenants = [row[0] for row in cursor.fetchall()][:limit]
        if not tenants:
            return []
        # Binary results: the driver's own loaders, not Django's per-value conversions.
        cursor.execute(_claim_sql(), [tenants, _shares(limit, len(tenants))], binary=True)
        return [dict(zip(_FINDING_SOURCE_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def _claim_sql() -> str:
    """Lock and read each tenant's share (two arrays: tenant ids, shares) of its oldest waiting events."""
    columns = ", ".join("e.id" if c == "pk" else f'e."{c}"' for c in _FINDING_SOURCE_COLUMNS)
    return (
        f"SELECT {columns} FROM unnest(%b::bigint[], %b::int[]) AS t(tenant_id, share) CROSS JOIN LATERAL ("  # noqa: S608
        f"  SELECT * FROM {LogEvent._meta.db_table} AS w WHERE w.tenant_id >= t.tenant_id AND w.tenant_id <= t.tenant_id"
        "   AND w.search_text IS NULL"
        "   ORDER BY w.tenant_id, w.id LIMIT t.share FOR UPDATE SKIP LOCKED) AS e"
    )


def _search_words_add(cursor, tenant_ids: list[int], texts: list[str]) -> None:
    """Add the words of these search texts to their tenants' vocabularies (events.models.SearchWord).

    In the transaction that makes the events searchable, so that Search never sees an event
    whose words it cannot look up. Sorted, so that concurrent indexers inserting the same new
    words wait for each other in one order and never deadlock.
    """
    words_of: dict[int, set[str]] = {}
    for tenant_id, text in zip(tenant_ids, texts, strict=True):
        words_of.setdefault(tenant_id, set()).update(text.split())
    pairs = sorted((tenant_id, word) for tenant_id, words in words_of.items() for word in words)
    if not pairs:
        return
    table = SearchWord._meta.db_table
    cursor.execute(
        f"INSERT INTO {table} (tenant_id, word) "  # noqa: S608 - the model's own table
        "SELECT * FROM unnest(%b::bigint[], %b::text[]) ON CONFLICT DO NOTHING",
        [[tenant_id for tenant_id, _ in pairs], [word for _, word in pairs]],
    )


# The columns of an event that findings_update reads, in this order.
_FINDING_SOURCE_COLUMNS = (
    "pk",
    "tenant_id",
    "source_id",
    "region",
    "ingested_at",
    "finding_id",
    "account_id",
    "finding_region",
    "partition",
    "finding_type",
    "title",
    "severity",
    "resource_type",
    "resource_id",
    "resource_name",
    "count",
    "first_seen",
    "last_seen",
    "updated_at",
    "foreign_account",
    "message",
)
# The columns of a Finding that take the newest occurrence's values.
_FINDING_STATE = (
    "source_id",
    "partition",
    "finding_type",
    "title",
    "severity",
    "resource_type",
    "resource_id",
    "resource_name",
    "count",
    "first_seen",
    "last_seen",
    "created_at",
    "updated_at",
    "archived",
    "foreign_account",
    "latest_event_id",
)
_EARLIEST = datetime.min.replace(tzinfo=UTC)


def _finding_extras(message: str) -> tuple[datetime | None, bool]:
    """GuardDuty's createdAt and service.archived, from any of the shapes a finding arrives in."""
    try:
        document = orjson.loads(message)
    except orjson.JSONDecodeError:  # also: nesting deeper than orjson's limit, integers over 64 bits
        return None, False
    if not isinstance(document, dict):
        return None, False
    detail = document.get("detail") if isinstance(document.get("detail"), dict) else document
    service = detail.get("service") if isinstance(detail.get("service"), dict) else {}
    created = detail.get("createdAt")
    try:
        created_at = datetime.fromisoformat(created.replace("Z", "+00:00")) if isinstance(created, str) else None
    except ValueError:
        created_at = None
    if created_at is not None and created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    return created_at, service.get("archived") is True


def _newer(updated_at: datetime | None, event_id: int | None, than_updated_at, than_event_id) -> bool:
    """Whether a state is newer: the later `updatedAt`; on a tie the later collected (the higher event id)."""
    return (updated_at or _EARLIEST, event_id or 0) > (than_updated_at or _EARLIEST, than_event_id or 0)


def _finding_rows(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The batch's occurrences folded per finding: its newest state, how many, first and last collected."""
    rows: dict[tuple, dict[str, Any]] = {}
    for event in events:
        if not event["finding_id"]:
            continue
        key = (event["tenant_id"], event["account_id"], event["finding_region"] or event["region"], event["finding_id"])
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                "tenant_id": key[0],
                "account_id": key[1],
                "region": key[2],
                "finding_id": key[3],
                "occurrences": 0,
                "first_collected_at": event["ingested_at"],
                "last_collected_at": event["ingested_at"],
                "updated_at": None,
                "latest_event_id": None,
            }
        row["occurrences"] += 1
        row["first_collected_at"] = min(row["first_collected_at"], event["ingested_at"])
        row["last_collected_at"] = max(row["last_collected_at"], event["ingested_at"])
        if row["latest_event_id"] is None or _newer(
            event["updated_at"], event["pk"], row["updated_at"], row["latest_event_id"]
        ):
            created_at, archived = _finding_extras(event["message"])
            row.update(
                {column: event[column] for column in _FINDING_STATE if column in event},
                created_at=created_at,
                archived=archived,
                latest_event_id=event["pk"],
            )
    # One lock order for every indexer, so two batches that share findings never deadlock.
    return [rows[key] for key in sorted(rows)]


def _findings_upsert_postgresql(rows: list[dict[str, Any]]) -> None:
    """One INSERT ... ON CONFLICT DO UPDATE: a concurrent indexer's upsert of the same finding waits for this one."""
    import psycopg

    table = Finding._meta.db_table
    types = {
        "tenant_id": "int8",
        "account_id": "text",
        "region": "text",
        "finding_id": "text",
        "occurrences": "int4",
        "first_collected_at": "timestamptz",
        "last_collected_at": "timestamptz",
        "source_id": "int8",
        "partition": "text",
        "finding_type": "text",
        "title": "text",
        "severity": "float8",
        "resource_type": "text",
        "resource_id": "text",
        "resource_name": "text",
        "count": "int4",
        "first_seen": "timestamptz",
        "last_seen": "timestamptz",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
        "archived": "bool",
        "foreign_account": "bool",
        "latest_event_id": "int8",
    }
    columns = list(types)
    names = ", ".join(f'"{c}"' for c in columns)
    arrays = ", ".join(f"%b::{types[c]}[]" for c in columns)
    newer = (
        "(COALESCE(EXCLUDED.updated_at, '-infinity'), EXCLUDED.latest_event_id) > "
        "(COALESCE(f.updated_at, '-infinity'), COALESCE(f.latest_event_id, 0))"
    )
    state = ", ".join(f'"{c}" = CASE WHEN {newer} THEN EXCLUDED."{c}" ELSE f."{c}" END' for c in _FINDING_STATE)
    sql = (
        f"INSERT INTO {table} AS f ({names}) SELECT * FROM unnest({arrays}) "  # noqa: S608 - the model's own table
        'ON CONFLICT ("tenant_id", "account_id", "region", "finding_id") DO UPDATE SET '
        "occurrences = f.occurrences + EXCLUDED.occurrences, "
        "first_collected_at = LEAST(f.first_collected_at, EXCLUDED.first_collected_at), "
        "last_collected_at = GREATEST(f.last_collected_at, EXCLUDED.last_collected_at), "
        f"{state}"
    )
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, [[row[c] for row in rows] for c in columns])


def _findings_upsert_portable(rows: list[dict[str, Any]]) -> None:
    """The same upsert for databases that serialise writers (SQLite): read, fold, write."""
    existing = {
        (f.tenant_id, f.account_id, f.region, f.finding_id): f
        for f in Finding.objects.select_for_update().filter(
            tenant_id__in={r["tenant_id"] for r in rows}, finding_id__in={r["finding_id"] for r in rows}
        )
    }
    created, changed = [], []
    for row in rows:
        finding = existing.get((row["tenant_id"], row["account_id"], row["region"], row["finding_id"]))
        if finding is None:
            created.append(Finding(**row))
            continue
        finding.occurrences += row["occurrences"]
        finding.first_collected_at = min(finding.first_collected_at, row["first_collected_at"])
        finding.last_collected_at = max(finding.last_collected_at, row["last_collected_at"])
        if _newer(row["updated_at"], row["latest_event_id"], finding.updated_at, finding.latest_event_id):
            for column in _FINDING_STATE:
                setattr(finding, column, row[column])
        changed.append(finding)
    Finding.objects.bulk_create(created, batch_size=500)
    fields = ["occurrences", "first_collected_at", "last_collected_at", *_FINDING_STATE]
    Finding.objects.bulk_update(changed, fields, batch_size=500)


def findings_update(events: list[dict[str, Any]]) -> int:
    """Fold stored events (dicts of _FINDING_SOURCE_COLUMNS) into their Finding records. Returns how many findings.

    Run inside the transaction that marks the events indexed, so each stored event counts
    exactly once. A finding is keyed by (tenant, account, the finding's own region, or the
    log group's when it names none, finding id); the state with the latest `updatedAt` is
    kept (on a tie, the later collected), whatever order the occurrences arrive in.
    """
    rows = _finding_rows(events)
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        _findings_upsert_postgresql(rows)
    else:
        _findings_upsert_portable(rows)
    return len(rows)


REBUILD_BATCH = 5_000


def findings_rebuild(*, tenant: Tenant | None = None, on_batch=None) -> int:
    """Rebuild the Finding records from the stored events that the search indexer has reached. Returns how many events.

    The events still waiting are left to the indexer, which folds them in as it reaches them.
    One transaction, with the findings table locked against the indexer's upserts, so no
    event is counted twice nor missed while the indexer runs beside it.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Finding._meta.db_table} IN EXCLUSIVE MODE")
        findings = Finding.objects.all() if tenant is None else Finding.objects.filter(tenant=tenant)
        findings.delete()
        events = LogEvent.objects.filter(search_text__isnull=False).exclude(finding_id="").order_by("pk")
        if tenant is not None:
            events = events.filter(tenant=tenant)
        done, last = 0, 0
        while True:
            batch = list(events.filter(pk__gt=last).values(*_FINDING_SOURCE_COLUMNS)[:REBUILD_BATCH])
            if not batch:
                return done
            findings_update(batch)
            done += len(batch)
            last = batch[-1]["pk"]
            if on_batch:
                on_batch(done)


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
        if not done:
            return total, False
        if max_seconds is not None and time.monotonic() - started >= max_seconds:
            return total, True


def search_words_rebuild(*, tenant: Tenant) -> tuple[int, int]:
    """The tenant's vocabulary made again from its indexed events (PostgreSQL). Returns (words added, words removed).

    Adds the words of search texts written other than by the search indexer (a bulk load) and
    removes the words no event holds any more (purged or deleted events). Reading every search
    text takes minutes at millions of events and holds nothing. Only the removal holds the
    indexers off, and only for reading the events indexed since (an indexer that found a word
    present just before it was removed would otherwise commit an event whose word is gone).
    """
    if connection.vendor != "postgresql":
        return 0, 0
    words, events = SearchWord._meta.db_table, LogEvent._meta.db_table
    split = search_words_sql("search_text")
    temporary = "live_search_words, later_search_events, stale_search_words, later_search_words"
    with connection.cursor() as cursor:
        # Temporary tables of this session; dropped first too, in case a failed run left them.
        cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            # One snapshot: the words of the events indexed in it, which events were waiting,
            # and the newest (a caller's own transaction keeps its isolation).
            if outermost:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute(
                f"CREATE TEMPORARY TABLE live_search_words AS SELECT DISTINCT unnest({split}) AS word "  # noqa: S608
                f"FROM {events} WHERE tenant_id = %s AND search_text <> ''",
                [tenant.pk],
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE later_search_events AS SELECT id FROM {events} "  # noqa: S608
                "WHERE tenant_id = %s AND search_text IS NULL",
                [tenant.pk],
            )
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {events} WHERE tenant_id = %s", [tenant.pk])  # noqa: S608
            newest = cursor.fetchone()[0]
        with transaction.atomic():
            cursor.execute(
                f"INSERT INTO {words} (tenant_id, word) SELECT %s, word FROM live_search_words "  # noqa: S608
                "ORDER BY word ON CONFLICT DO NOTHING",
                [tenant.pk],
            )
            added = cursor.rowcount
        cursor.execute("ANALYZE live_search_words")
        with transaction.atomic():
            cursor.execute(
                f"CREATE TEMPORARY TABLE stale_search_words AS SELECT word FROM {words} w "  # noqa: S608
                "WHERE tenant_id = %s AND NOT EXISTS (SELECT 1 FROM live_search_words l WHERE l.word = w.word)",
                [tenant.pk],
            )
            cursor.execute(f"LOCK TABLE {words} IN SHARE ROW EXCLUSIVE MODE")  # noqa: S608
            # Now that no indexer is in the middle of a batch: the words of the events indexed
            # since the snapshot (those waiting in it, and those stored after it) stay.
            cursor.execute(
                f"CREATE TEMPORARY TABLE later_search_words AS SELECT DISTINCT unnest({split}) AS word "  # noqa: S608
                f"FROM {events} WHERE tenant_id = %s AND search_text <> '' "
                "AND (id > %s OR id IN (SELECT id FROM later_search_events))",
                [tenant.pk, newest],
            )
            cursor.execute(
                f"DELETE FROM {words} w USING stale_search_words s WHERE w.tenant_id = %s "  # noqa: S608
                "AND w.word = s.word AND NOT EXISTS (SELECT 1 FROM later_search_words l WHERE l.word = w.word)",
                [tenant.pk],
            )
            removed = cursor.rowcount
        cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
        cursor.execute(f"ANALYZE {words}")  # noqa: S608 - a look-up planned on the old size can be slow
    return added, removed


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
    # A finding collected last before the cutoff has no occurrence left: it goes with them.
    findings_deleted = Finding.objects.filter(tenant=tenant, last_collected_at__lt=older_than).delete()[0]
    # A purge someone asked for is always recorded; the hourly one only when it removed something.
    if user is not None or deleted or findings_deleted:
        audit.record(
            "logs.purge",
            actor=user,
            tenant=tenant,
            details={
                "deleted": deleted,
                "findings_deleted": findings_deleted,
                "older_than": older_than.isoformat(),
                "periodic": user is None,
            },
        )
    return deleted


def log_events_export(*, user, events: QuerySet[LogEvent], fmt: str, criteria: dict[str, str]) -> Iterator[str]:
    """The rows of an export (CSV or JSON lines), recorded in the audit trail with the search that chose them."""
    require(user, "logs.search")
    audit.record("logs.export", actor=user, details={"format": fmt, "criteria": criteria})
    return export.as_csv(events) if fmt == "csv" else export.as_jsonl(events)


def findings_export_ocsf(*, user, findings: QuerySet[Finding], criteria: dict[str, str]) -> Iterator[str]:
    """The findings as OCSF Detection Findings, one JSON document a line, recorded in the audit trail."""
    require(user, "logs.search")
    audit.record("logs.export", actor=user, details={"format": "ocsf", "criteria": criteria})
    return ocsf.as_jsonl(findings)


def log_events_purge_expired() -> dict[str, int]:
    """The periodic purge: every tenant's events older than its retention setting."""
    return {tenant.name: log_events_purge(tenant=tenant) for tenant in Tenant.objects.all()}

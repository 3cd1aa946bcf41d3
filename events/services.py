"""State changes for collected events: storing pages idempotently, retention and purging."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from portal.errors import ValidationFailed
from tenants.models import Tenant
from tenants.selectors import require, tenant_of
from tenants.services import tenant_set_retention

from .models import LogEvent
from .parsing import FIELDS

# Column -> PostgreSQL array type for the unnest insert.
_PG_TYPES = {
    "event_id": "text",
    "log_stream": "text",
    "timestamp": "timestamptz",
    "message": "text",
    "malformed": "bool",
    "search_text": "text",
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


def _insert_postgresql(*, tenant_id: int, source_id: int, region: str, rows: list[dict[str, Any]]) -> int:
    """One `INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING` with binary parameters.

    Binary array parameters are about 6x faster than the same arrays sent as text (measured:
    see README, Benchmarks); one statement per page keeps the round trips to one.
    """
    import psycopg

    table = LogEvent._meta.db_table
    columns = list(FIELDS)
    arrays = ", ".join(f"%s::{_PG_TYPES[c]}[]" for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    # Table and column names come from the model, never from input.
    sql = (
        f'INSERT INTO {table} ("tenant_id", "source_id", "region", "ingested_at", {names}) '  # noqa: S608
        f"SELECT %s, %s, %s, %s, * FROM unnest({arrays}) "
        'ON CONFLICT ("source_id", "region", "event_id") DO NOTHING'
    )
    params = [tenant_id, source_id, region, timezone.now(), *([row[c] for row in rows] for c in columns)]
    connection.ensure_connection()
    # Django's own cursors bind on the client side (text); a plain psycopg cursor binds on the server.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, binary=True)
        return cursor.rowcount


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


def log_events_store(*, tenant_id: int, source_id: int, region: str, rows: list[dict[str, Any]]) -> int:
    """Store parsed events of one pull unit; ones already stored are skipped. Returns how many were new.

    Callers run this inside the transaction that also moves the unit's checkpoint.
    """
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        return _insert_postgresql(tenant_id=tenant_id, source_id=source_id, region=region, rows=rows)
    return _insert_portable(tenant_id=tenant_id, source_id=source_id, region=region, rows=rows)


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
    return tenant_set_retention(tenant=tenant, days=days)


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
                return deleted
            deleted += LogEvent.objects.filter(pk__in=ids).delete()[0]


def log_events_purge_expired() -> dict[str, int]:
    """The periodic purge: every tenant's events older than its retention setting."""
    return {tenant.name: log_events_purge(tenant=tenant) for tenant in Tenant.objects.all()}

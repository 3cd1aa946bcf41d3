"""What the sweeps read the portal's state with: secrets in any encoding, every stored cell,
table snapshots, and the raw messages of the broker.

Everything here reads through the same connection the test uses (raw SQL, raw Redis
commands, the broker's own files), never through the portal's models, so what a sweep sees
is what an attacker with a database dump or broker access would see.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import urllib.parse
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from tests.conftest import SECRETS

# --- Secrets in any form a careless encoder could give them


def _forms(secret: str) -> set[str]:
    """The secret as text, percent-encoded, JSON-escaped and HTML-escaped."""
    return {
        secret,
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
        json.dumps(secret)[1:-1].replace("/", "\\/"),
        secret.replace("/", "&#x2F;"),
        secret.replace("/", "&#47;"),
    }


SECRET_FORMS: dict[str, set[str]] = {secret: _forms(secret) for secret in SECRETS}

# Runs of base64 (standard or URL-safe) long enough to hide a 20-character key.
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{24,}={0,2}")


def _unwrapped(data: bytes) -> Iterator[bytes]:
    yield data
    for unpack in (zlib.decompress, lambda b: zlib.decompress(b, -15)):
        with contextlib.suppress(zlib.error):
            yield unpack(data)


def decodings(text: str, depth: int = 2) -> Iterator[str]:
    """`text`, and every base64 run inside it decoded (and inflated where it is zlib), `depth` levels down.

    Celery message bodies, signed session data and many tokens are base64 of JSON: a key
    inside them would not show in the raw text.
    """
    yield text
    if depth == 0:
        return
    for run in _BASE64_RUN.findall(text):
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                raw = decode(run + "=" * (-len(run) % 4))
            except (binascii.Error, ValueError):
                continue
            for data in _unwrapped(raw):
                decoded = data.decode("utf-8", errors="ignore")
                if decoded:
                    yield from decodings(decoded, depth - 1)


def as_text(value: Any) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, str):
        return value
    return json.dumps(value, default=str, ensure_ascii=False)


def secrets_in(value: Any) -> list[str]:
    """The test credentials found in `value` (text, bytes or JSON-like), in any of the forms above."""
    found = []
    for text in decodings(as_text(value)):
        for secret, forms in SECRET_FORMS.items():
            if secret not in found and any(form in text for form in forms):
                found.append(secret)
    return found


def masked(secret: str) -> str:
    """A credential as a failure message may name it: its last four characters only."""
    return f"...{secret[-4:]}"


# --- Every stored cell


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def rows(table: str) -> tuple[list[str], list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {_quoted(table)}")  # noqa: S608 - a table name from introspection
        return [column[0] for column in cursor.description], cursor.fetchall()


TEXTUAL = (str, bytes, memoryview, dict, list)


def session_payload(session_data: str) -> str:
    """A django_session row's data as the session holds it (the column is signed, maybe compressed)."""
    from django.contrib.sessions.backends.db import SessionStore

    return json.dumps(SessionStore().decode(session_data), default=str)


@dataclass
class Cell:
    table: str
    column: str
    row: int
    value: Any

    def texts(self) -> Iterable[Any]:
        yield self.value
        if self.table == "django_session" and self.column == "session_data":
            yield session_payload(self.value)


def textual_cells() -> Iterator[Cell]:
    """Every text, JSON and binary cell of every table, read with raw SQL."""
    for table in tables():
        columns, found = rows(table)
        for number, row in enumerate(found):
            for column, value in zip(columns, row, strict=True):
                if isinstance(value, TEXTUAL):
                    yield Cell(table, column, number, value)


# --- Snapshots: what changed between two moments


@dataclass
class Snapshot:
    """Every row of every table, keyed by table and primary key (or the whole row when there is none)."""

    data: dict[str, dict[Any, dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def take(cls) -> Snapshot:
        snapshot = cls()
        with connection.cursor() as cursor:
            for table in tables():
                columns, found = rows(table)
                try:
                    key_column = connection.introspection.get_primary_key_column(cursor, table)
                except NotImplementedError:
                    key_column = None
                table_rows = {}
                for row in found:
                    record = {
                        c: (v.tobytes() if isinstance(v, memoryview) else v) for c, v in zip(columns, row, strict=True)
                    }
                    key = record[key_column] if key_column in record else repr(sorted(record.items(), key=str))
                    table_rows[key] = record
                snapshot.data[table] = table_rows
        return snapshot

    def changes(self, later: Snapshot, *, ignore=lambda table, record, column: False) -> list[str]:
        """Rows added, removed or changed from this snapshot to `later`, one line each.

        `ignore(table, record, column)` leaves out what a request may change legitimately
        (column None: the whole row, added or removed).
        """
        found = []
        for table in sorted(set(self.data) | set(later.data)):
            before, after = self.data.get(table, {}), later.data.get(table, {})
            for key in before.keys() - after.keys():
                if not ignore(table, before[key], None):
                    found.append(f"{table} {key}: removed")
            for key in after.keys() - before.keys():
                if not ignore(table, after[key], None):
                    found.append(f"{table} {key}: added {_brief(after[key])}")
            for key in before.keys() & after.keys():
                for column, value in after[key].items():
                    if before[key].get(column) != value and not ignore(table, after[key], column):
                        found.append(f"{table} {key}: {column} changed")
        return found


def _brief(record: dict) -> str:
    return repr({k: v for k, v in record.items() if isinstance(v, str | int | float) and v not in ("", None)})[:300]


# The caller's own session, token use and login time change with every request anyone makes.
VOLATILE = {
    "django_session": None,
    "auth_user": {"last_login"},
    "tenants_apitoken": {"last_used_at"},
}


def request_bookkeeping(table: str, record: dict, column: str | None) -> bool:
    columns = VOLATILE.get(table, set())
    return columns is None or (column is not None and column in columns)


# --- The broker's raw messages


@dataclass
class BrokerItem:
    where: str  # the Redis key (or broker file) it was read from
    raw: bytes
    is_message: bool  # a queued task message, rather than other broker or cache state


def broker_is_redis() -> bool:
    return settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://"))


def redis_client():
    import redis

    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def _redis_items(client) -> Iterator[BrokerItem]:
    for key in client.scan_iter(count=1000):
        name = key.decode("utf-8", errors="replace")
        kind = client.type(key).decode()
        if kind == "list":
            for item in client.lrange(key, 0, -1):
                yield BrokerItem(name, item, is_message=True)
        elif kind == "hash":
            for item_key, item in client.hgetall(key).items():
                yield BrokerItem(name, item_key + b"=" + item, is_message=name == "unacked")
        elif kind == "set":
            for item in client.smembers(key):
                yield BrokerItem(name, item, is_message=False)
        elif kind == "zset":
            for item in client.zrange(key, 0, -1):
                yield BrokerItem(name, item, is_message=False)
        elif kind == "string":
            yield BrokerItem(name, client.get(key) or b"", is_message=False)


def _folder_items() -> Iterator[BrokerItem]:
    folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_out"])
    for path in sorted(folder.glob("*.msg")):
        try:
            yield BrokerItem(path.name, path.read_bytes(), is_message=True)
        except FileNotFoundError:  # a worker took it meanwhile
            continue


def broker_items() -> list[BrokerItem]:
    """Everything the broker holds now: each queued message, and (Redis) every other key's value."""
    if broker_is_redis():
        return list(_redis_items(redis_client()))
    return list(_folder_items())


def message_task(item: BrokerItem) -> str:
    """The task name a queued message carries ('' for anything else)."""
    try:
        envelope = json.loads(item.raw)
    except ValueError:
        return ""
    return str(envelope.get("headers", {}).get("task", "")) if isinstance(envelope, dict) else ""


def broker_forget(items: Iterable[BrokerItem]) -> None:
    """Remove the given queued messages, so no later worker runs a task of a rolled-back test."""
    if broker_is_redis():
        client = redis_client()
        for item in items:
            client.lrem(item.where, 1, item.raw)
    else:
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_out"])
        for item in items:
            (folder / item.where).unlink(missing_ok=True)


# --- Figures for the README


FIGURES: dict[str, dict[str, int]] = {}


def report(sweep: str, **figures: int) -> dict[str, int]:
    """Keep a sweep's counts (the README quotes them) and print them (visible with -s)."""
    FIGURES[sweep] = figures
    print(f"\n[{sweep}] " + ", ".join(f"{name.replace('_', ' ')}: {value:,}" for name, value in figures.items()))
    return figures


def table_digests() -> dict[str, object]:
    """A digest of every table's rows (request bookkeeping left out): equal digests, unchanged tables.

    One query on PostgreSQL (each table's rows as text, hashed in the database); elsewhere
    the rows are read and hashed here.
    """
    kept = _kept_columns(tuple(tables()))
    if connection.vendor != "postgresql":
        found = {}
        for table, columns in kept.items():
            names, table_rows = rows(table)
            index = [names.index(column) for column in columns]
            found[table] = hash(tuple(sorted(repr(tuple(row[i] for i in index)) for row in table_rows)))
        return found
    parts = []
    for table, columns in kept.items():
        row = "ROW(" + ", ".join(_quoted(c) for c in columns) + ")::text"
        parts.append(f"(SELECT md5(coalesce(string_agg({row}, ',' ORDER BY {row}), '')) FROM {_quoted(table)})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))  # noqa: S608 - names from introspection
        return dict(zip(kept, cursor.fetchone(), strict=True))


_COLUMNS: dict[tuple[str, ...], dict[str, list[str]]] = {}


def _kept_columns(names: tuple[str, ...]) -> dict[str, list[str]]:
    if names not in _COLUMNS:
        kept = {}
        with connection.cursor() as cursor:
            for table in names:
                skip = VOLATILE.get(table, set())
                if skip is not None:
                    description = connection.introspection.get_table_description(cursor, table)
                    kept[table] = [column.name for column in description if column.name not in skip]
        _COLUMNS[names] = kept
    return _COLUMNS[names]

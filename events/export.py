"""Streaming export of a search result as JSON lines or CSV (never the whole result in memory)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from django.db.models import QuerySet

from .models import LogEvent

CSV_COLUMNS = [
    "timestamp",
    "source",
    "region",
    "account_id",
    "severity",
    "severity_label",
    "finding_type",
    "finding_id",
    "title",
    "resource_type",
    "resource_id",
    "remote_ip",
    "country",
    "organization",
    "count",
    "malformed",
    "event_id",
    "message",
]


def _value(event: LogEvent, column: str):
    if column == "timestamp":
        return event.timestamp.isoformat()
    if column == "source":
        return event.source.hostname
    return getattr(event, column)


FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_safe(value) -> str:
    # A cell starting with =, +, - or @ runs as a formula in spreadsheets, and so does one whose
    # formula follows spaces, tabs or line breaks (spreadsheets skip them), or that starts with
    # a tab or carriage return itself (OWASP's list): make it text.
    text = "" if value is None else str(value)
    if text[:1] in ("\t", "\r") or text.lstrip(" \t\r\n")[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def _rows(events: QuerySet[LogEvent]) -> Iterator[LogEvent]:
    return events.select_related("source").iterator(chunk_size=1000)


def as_jsonl(events: QuerySet[LogEvent]) -> Iterator[str]:
    for event in _rows(events):
        record = {c: _value(event, c) for c in CSV_COLUMNS if c != "message"}
        try:
            record["message"] = json.loads(event.message)
        except ValueError:
            record["message"] = event.message
        yield json.dumps(record, ensure_ascii=False) + "\n"


def as_csv(events: QuerySet[LogEvent]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for n, event in enumerate(_rows(events)):
        writer.writerow([_csv_safe(_value(event, c)) for c in CSV_COLUMNS])
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()

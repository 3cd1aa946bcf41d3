"""Streaming export of a search result as JSON lines or CSV (never the whole result in memory); OCSF is events.ocsf."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db.models import QuerySet

from core.spreadsheet import csv_stream

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
    "resource_name",
    "finding_region",
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
    return csv_stream(CSV_COLUMNS, ([_value(event, c) for c in CSV_COLUMNS] for event in _rows(events)))

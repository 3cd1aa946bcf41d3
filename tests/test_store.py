"""Storing parsed pages: every new event once, nothing twice, messages kept byte for byte.

On PostgreSQL (CI) every test runs twice: small pages go through one INSERT over arrays and
large ones through a staged COPY, and each test forces one of the two. SQLite has one path.
"""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from events import samples, services
from events.models import LogEvent
from events.parsing import parse_events
from events.services import log_events_store


@pytest.fixture(autouse=True, params=["insert over arrays", "staged copy"])
def store_path(request, monkeypatch):
    monkeypatch.setattr(services, "STAGED_COPY_MIN_ROWS", 10**9 if request.param == "insert over arrays" else 1)
    return request.param


def page(ids):
    return parse_events(
        [
            {"eventId": event_id, "timestamp": 1_764_000_000_000 + n, "message": f"m{event_id}"}
            for n, event_id in enumerate(ids)
        ]
    )


def store(source, rows, region="us-east-1"):
    with transaction.atomic():
        return log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region=region, rows=rows)


def test_a_page_is_stored_once_and_storing_it_again_adds_nothing(source):
    rows = page(["a", "b", "c"])
    assert store(source, rows) == 3
    assert store(source, rows) == 0
    assert sorted(LogEvent.objects.values_list("event_id", flat=True)) == ["a", "b", "c"]


def test_an_event_id_twice_in_one_page_is_stored_once_and_counted_once(source):
    assert store(source, page(["a", "b", "a"])) == 2
    assert LogEvent.objects.filter(event_id="a").count() == 1


def test_the_same_event_id_in_another_region_is_another_event(source):
    assert store(source, page(["a"]), region="us-east-1") == 1
    assert store(source, page(["a"]), region="eu-west-1") == 1
    assert LogEvent.objects.count() == 2


def test_two_pages_in_one_transaction_store_each_page_once_in_its_own_region(source):
    with transaction.atomic():
        first = log_events_store(
            tenant_id=source.tenant_id, source_id=source.pk, region="us-east-1", rows=page(["a", "b"])
        )
        second = log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region="eu-west-1", rows=page(["c"]))
    assert (first, second) == (2, 1)
    assert sorted(LogEvent.objects.values_list("region", "event_id")) == [
        ("eu-west-1", "c"),
        ("us-east-1", "a"),
        ("us-east-1", "b"),
    ]


def test_messages_and_finding_fields_come_back_exactly_as_they_were_parsed(source):
    envelope = samples.finding(account="123456789012")
    big = json.dumps({"blob": "é✓ " * 60_000})  # over 200 KB: stored out of line, compressed
    rows = parse_events(
        [
            {"eventId": "finding", "timestamp": 1_764_000_000_000, "message": samples.message(envelope)},
            {"eventId": "big", "timestamp": 1_764_000_000_001, "message": big},
            {"eventId": "tabs", "timestamp": 1_764_000_000_002, "message": "a\tb\nc\\N \\. \x7f"},
        ]
    )
    assert store(source, rows) == 3
    for row in rows:
        stored = LogEvent.objects.get(event_id=row["event_id"])
        for field, value in row.items():
            assert getattr(stored, field) == value, field
    assert LogEvent.objects.get(event_id="finding").tenant_id == source.tenant_id

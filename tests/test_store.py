"""Storing parsed pages: every new event once, nothing twice, messages kept byte for byte.

On PostgreSQL (CI) every test runs twice: small pages go through one INSERT over arrays and
large ones through a COPY of the events not stored yet, and each test forces one of the two.
SQLite has one path. Then the search indexer, which builds the search text of stored events.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.db import connection, connections, transaction

from demo.findings import finding, message
from events import services
from events.models import LogEvent, SearchWord
from events.parsing import parse_events
from events.search_text import search_tokens
from events.services import log_events_index, log_events_index_all, log_events_store

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and COPY are PostgreSQL's")


@pytest.fixture(autouse=True, params=["insert over arrays", "copy"])
def store_path(request, monkeypatch):
    monkeypatch.setattr(services, "COPY_MIN_ROWS", 10**9 if request.param == "insert over arrays" else 1)
    return request.param


def page(ids):
    return [
        {"eventId": event_id, "timestamp": 1_764_000_000_000 + n, "message": f"m{event_id}"}
        for n, event_id in enumerate(ids)
    ]


def store(source, events, region="us-east-1"):
    with transaction.atomic():
        return log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region=region, events=events)


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
            tenant_id=source.tenant_id, source_id=source.pk, region="us-east-1", events=page(["a", "b"])
        )
        second = log_events_store(
            tenant_id=source.tenant_id, source_id=source.pk, region="eu-west-1", events=page(["c"])
        )
    assert (first, second) == (2, 1)
    assert sorted(LogEvent.objects.values_list("region", "event_id")) == [
        ("eu-west-1", "c"),
        ("us-east-1", "a"),
        ("us-east-1", "b"),
    ]


def test_messages_and_finding_fields_come_back_exactly_as_they_were_parsed(source):
    envelope = finding(account="123456789012")
    big = json.dumps({"blob": "é✓ " * 60_000})  # over 200 KB: stored out of line, compressed
    events = [
        {"eventId": "finding", "timestamp": 1_764_000_000_000, "message": message(envelope)},
        {"eventId": "big", "timestamp": 1_764_000_000_001, "message": big},
        {"eventId": "tabs", "timestamp": 1_764_000_000_002, "message": "a\tb\nc\\N \\. \x7f"},
    ]
    assert store(source, events) == 3
    for row in parse_events(events):
        stored = LogEvent.objects.get(event_id=row["event_id"])
        for field, value in row.items():
            assert getattr(stored, field) == value, field
    assert LogEvent.objects.get(event_id="finding").tenant_id == source.tenant_id


def test_booleans_where_guardduty_sends_numbers_are_stored_as_unknown_beside_ordinary_findings(source):
    # JSON true is an int to Python. Beside real counts in one page it made the page's arrays
    # mixed and the whole page unstorable, so every later pull of the unit failed on it.
    odd = finding(account="123456789012")
    odd["detail"]["severity"] = True
    odd["detail"]["service"]["count"] = True
    events = [
        {"eventId": "odd", "timestamp": 1_764_000_000_000, "message": message(odd)},
        {"eventId": "plain", "timestamp": 1_764_000_000_001, "message": message(finding(account="123456789012"))},
    ]
    assert store(source, events) == 2
    stored = LogEvent.objects.get(event_id="odd")
    assert (stored.severity, stored.count, stored.malformed) == (None, None, False)
    assert LogEvent.objects.get(event_id="plain").count is not None
    assert log_events_index_all()[0] == 2


def test_a_stored_event_waits_for_the_indexer_which_builds_its_search_text(source):
    envelope = finding(account="123456789012")
    store(
        source,
        [
            {"eventId": "finding", "timestamp": 1_764_000_000_000, "message": message(envelope)},
            {"eventId": "words", "timestamp": 1_764_000_000_001, "message": "Port probe from 198.51.100.7"},
            {"eventId": "empty", "timestamp": 1_764_000_000_002, "message": "{}"},
        ],
    )
    assert set(LogEvent.objects.values_list("search_text", flat=True)) == {None}
    assert log_events_index_all() == (3, False)
    for event in LogEvent.objects.all():
        assert event.search_text == search_tokens(event.message)
    assert LogEvent.objects.get(event_id="empty").search_text == ""  # indexed, with no words
    assert log_events_index() == 0


def test_the_indexer_works_in_bounded_batches_and_says_when_more_wait(source, monkeypatch):
    monkeypatch.setattr(services, "INDEX_BATCH", 2)
    store(source, page(["a", "b", "c", "d", "e"]))
    assert log_events_index(limit=2) == 2
    assert log_events_index_all(max_seconds=0) == (2, True)  # one batch, then time is up
    assert log_events_index_all() == (1, False)
    assert not LogEvent.objects.filter(search_text__isnull=True).exists()


def test_a_batch_is_shared_out_between_tenants_so_one_backfill_never_holds_another_tenant_back(source, other_source):
    store(source, page([f"backfill-{n}" for n in range(7)]))
    store(other_source, page(["fresh"]))  # stored last: a first-come queue would index it last
    assert log_events_index(limit=4) == 3  # a share of two each, and the fresh tenant had one event
    assert LogEvent.objects.get(source=other_source).search_text == search_tokens(page(["fresh"])[0]["message"])
    # The backfill's share went to its oldest events.
    indexed = LogEvent.objects.filter(source=source, search_text__isnull=False).values_list("event_id", flat=True)
    assert sorted(indexed) == ["backfill-0", "backfill-1"]
    # A batch smaller than the limit because one tenant ran out is not the end of the backlog.
    assert log_events_index_all() == (5, False)
    assert not LogEvent.objects.filter(search_text__isnull=True).exists()


def _in_another_connection(work, ready: threading.Event, release: threading.Event) -> threading.Thread:
    """Run `work` in a transaction of a second connection, held open until `release` is set."""

    def run():
        try:
            with transaction.atomic():
                work()
                ready.set()
                release.wait(30)
        finally:
            ready.set()
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert ready.wait(30)
    return thread


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_indexers_skip_events_another_indexer_holds_and_none_is_lost(source):
    store(source, page(["a", "b", "c"]))
    ready, release = threading.Event(), threading.Event()
    held = LogEvent.objects.get(event_id="b").pk
    thread = _in_another_connection(lambda: list(LogEvent.objects.select_for_update().filter(pk=held)), ready, release)
    try:
        assert log_events_index() == 2  # not blocked by the row the other transaction holds
        assert list(LogEvent.objects.filter(search_text__isnull=True).values_list("pk", flat=True)) == [held]
    finally:
        release.set()
        thread.join(30)
    assert log_events_index() == 1
    assert not LogEvent.objects.filter(search_text__isnull=True).exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_indexers_running_at_once_index_every_event_exactly_once(source, monkeypatch):
    import random

    from events.models import Finding

    monkeypatch.setattr(services, "INDEX_BATCH", 25)
    rng = random.Random(11)
    envelopes = [finding(account="123456789012", rng=rng) for _ in range(300)]
    store(
        source,
        [
            {"eventId": f"e{n}", "timestamp": 1_764_000_000_000 + n, "message": message(e)}
            for n, e in enumerate(envelopes)
        ],
    )
    start, counts, failures = threading.Barrier(2), [], []

    def indexer():
        try:
            start.wait(30)
            counts.append(log_events_index_all()[0])
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=indexer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert sum(counts) == 300  # an event indexed twice would be counted twice
    for event in LogEvent.objects.all():
        assert event.search_text == search_tokens(event.message)
    # Every word in its tenant's vocabulary once, though both indexers met the common ones.
    words = {word for text in LogEvent.objects.values_list("search_text", flat=True) for word in text.split()}
    assert sorted(SearchWord.objects.values_list("word", flat=True)) == sorted(words)
    # Each event folded into its finding once, in whichever indexer's batch it fell.
    assert Finding.objects.count() == 300
    assert set(Finding.objects.values_list("occurrences", flat=True)) == {1}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_event_another_writer_stores_meanwhile_is_stored_once(source):
    ready, release = threading.Event(), threading.Event()
    # A worker whose lease ran out stores event "b" and has not committed yet: the COPY's
    # look-up cannot see it, so the COPY writes "b" too and waits on the unique index for that
    # writer (as the INSERT over arrays does), then has to give way.
    thread = _in_another_connection(lambda: store(source, page(["b"])), ready, release)

    def commit_once_our_copy_waits():
        with connections["default"].cursor() as cursor:
            for _ in range(300):
                cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
        release.set()
        connections.close_all()

    watcher = threading.Thread(target=commit_once_our_copy_waits)
    watcher.start()
    try:
        stored = store(source, page(["a", "b", "c"]))
    finally:
        release.set()
        watcher.join(30)
        thread.join(30)
    assert stored == 2
    assert sorted(LogEvent.objects.values_list("event_id", flat=True)) == ["a", "b", "c"]


def test_deleting_a_source_deletes_its_events(source):
    store(source, page(["a", "b"]))
    source.delete()
    assert not LogEvent.objects.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_claim_reads_only_waiting_events_when_the_statistics_say_every_event_waits(source):
    """A young table in its first backfill: ANALYZE saw only waiting events, half are indexed since."""
    store(source, page([f"e{n}" for n in range(4_000)]))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_logevent")
    while LogEvent.objects.filter(search_text__isnull=False).count() < 2_000:
        log_events_index(limit=500)
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + services._claim_sql().replace("%b", "%s"),
            [[source.tenant_id], [500]],
        )
        plan = json.dumps(cursor.fetchone()[0])
    assert "log_event_unindexed" in plan
    assert '"Rows Removed by Filter": 2000' not in plan  # no walk over the indexed events

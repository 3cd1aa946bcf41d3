"""Search at scale: first page of `*<account id>*` and of a rare term over N stored findings.

    DATABASE_URL=postgres://.../scratch .venv/bin/python benchmarks/search.py [--findings 1000000] [--runs 30]

Builds N realistic findings (50 accounts, so an account matches about 2%) for a scratch
tenant unless they are already there, indexed as the search indexer leaves them, then times
the Search page's own selector and keyset page (50 newest) with the index of search text words, and the
same queries without it (index dropped inside a transaction that is rolled back). Target:
p95 <= 50 ms with the index. Then the same with the newest --waiting events still waiting
for the indexer (their search text cleared inside a transaction that is rolled back), as
after a burst that the indexer has not caught up with yet. Then during a backfill: --backfill
more findings stored as a pull stores them (waiting for the indexer), and the same searches
timed in turn, again and again, while --indexers search indexers (own processes) work the
backlog off, once for each number listed; then the same searches once nothing waits. Each backfill's events and
findings are deleted afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from _common import machine, require_postgresql, say, scratch_source
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction

from demo import findings
from events import query  # noqa: F401 - registers the ilike_pattern lookup
from events.models import Finding, LogEvent
from events.parsing import FIELDS, parse_event
from events.search_text import search_tokens
from events.selectors import event_page, event_search
from events.services import log_events_index_all, log_events_store, search_words_rebuild

ACCOUNTS = [f"{100000000000 + i * 7919:012d}" for i in range(50)]
CHUNK = 20_000
# As events/migrations/0009 creates it.
INDEX = "log_event_search_words"
INDEX_SQL = (
    "CREATE INDEX log_event_search_words ON events_logevent "
    "USING gin ((string_to_array(search_text COLLATE \"C\", ' '))) WHERE search_text IS NOT NULL"
)


def _build_chunk(args):
    """Generate and parse one chunk of findings (in a worker process)."""
    start_index, n, base = args
    rng = random.Random(start_index)
    rows = []
    for i in range(start_index, start_index + n):
        when = base + timedelta(milliseconds=i * 20)
        envelope = findings.finding(account=ACCOUNTS[i % len(ACCOUNTS)], rng=rng, when=when)
        row = parse_event(
            {"eventId": f"{i:056d}", "timestamp": when.timestamp() * 1000, "message": findings.message(envelope)}
        )
        rows.append((*(row[c] for c in FIELDS), search_tokens(row["message"])))
    return rows


def build(tenant, source, n: int) -> None:
    have = LogEvent.objects.filter(source=source).count()
    if have == n:
        say(f"{n:,} findings already stored")
        return
    say(f"building {n:,} findings (had {have:,}) ...")
    LogEvent.objects.filter(source=source).delete()
    base = datetime.now(UTC) - timedelta(milliseconds=n * 20)
    columns = ["tenant_id", "source_id", "region", "ingested_at", *FIELDS, "search_text"]
    now = datetime.now(UTC)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Built again at the end, exactly as the migrations made it.
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        found = cursor.fetchone()  # None: an earlier build stopped before it built the index again
        index_sql = found[0] if found else INDEX_SQL
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    done = 0
    with multiprocessing.Pool(2) as pool, connection.cursor() as cursor:
        names = ", ".join(f'"{c}"' for c in columns)
        for rows in pool.imap(_build_chunk, [(i, min(CHUNK, n - i), base) for i in range(0, n, CHUNK)]):
            with cursor.cursor.copy(f"COPY events_logevent ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((tenant.pk, source.pk, "us-east-1", now, *row))
            done += len(rows)
            say(f"  {done:,} stored, {done / (time.perf_counter() - started):,.0f}/s")
    say("creating the index of search text words and the tenant's vocabulary ...")
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(index_sql)
        cursor.execute("ANALYZE events_logevent")
    say(f"  index built in {time.perf_counter() - t:,.0f} s")
    t = time.perf_counter()
    added, removed = search_words_rebuild(tenant=tenant)
    say(f"  vocabulary: {added:,} words added, {removed:,} removed, in {time.perf_counter() - t:,.0f} s")


def timed(user, q: str, runs: int) -> tuple[float, float, int]:
    times, found = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        rows, _ = event_page(event_search(user=user, q=q), size=50)
        times.append((time.perf_counter() - t) * 1000)
        found = len(rows)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, found


def _indexer(_: int) -> int:
    return log_events_index_all()[0]


def waiting_count(source) -> int:
    return LogEvent.objects.filter(source=source, search_text__isnull=True).count()


def during_backfill(tenant, source, user, queries: dict[str, str], n: int, indexers: int, runs: int) -> dict:
    """Store `n` more findings as a pull does, then time the searches while `indexers` processes index them."""
    say(f"backfill: storing {n:,} more findings, as a pull stores them ...")
    first_new = (LogEvent.objects.filter(source=source).order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    rng = random.Random(99)
    # A backfill brings older findings: spread over the hours the stored ones cover.
    oldest = (
        LogEvent.objects.filter(source=source, region="us-east-1")
        .order_by("timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )
    span_ms = int((datetime.now(UTC) - oldest).total_seconds() * 1000)
    page = []
    for i in range(n):
        when = oldest + timedelta(milliseconds=rng.randrange(span_ms))
        envelope = findings.finding(account=ACCOUNTS[i % len(ACCOUNTS)], rng=rng, when=when)
        page.append(
            {
                "eventId": f"backfill-{i:08d}",
                "timestamp": when.timestamp() * 1000,
                "message": findings.message(envelope),
            }
        )
        if len(page) == 10_000 or i == n - 1:
            with transaction.atomic():
                log_events_store(tenant_id=tenant.pk, source_id=source.pk, region="us-east-1", events=page)
            page = []
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_logevent")
    for q in queries.values():
        timed(user, q, 2)
    connections.close_all()  # forked indexers open their own connections
    with multiprocessing.get_context("fork").Pool(indexers) as pool:
        started = last_said = time.perf_counter()
        indexed = pool.map_async(_indexer, range(indexers))
        # Each query in turn, again and again until the indexers are done: the samples cover
        # the whole backfill, from all waiting to none.
        samples: dict[str, list[float]] = {name: [] for name in queries}
        while not indexed.ready():
            for name, q in queries.items():
                samples[name].append(timed(user, q, 1)[0])
            if time.perf_counter() - last_said >= 10:
                last_said = time.perf_counter()
                say(f"  {waiting_count(source):,} still waiting, {len(samples[name]):,} searches of each so far")
        total = sum(indexed.get())
        elapsed = time.perf_counter() - started
        say(f"  {indexers} indexer(s): {total:,} indexed in {elapsed:,.0f} s, {total / elapsed:,.0f}/s")
    results = {}
    for name, times in samples.items():
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        results[name] = (statistics.median(times), p95, len(times))
        say(
            f"  during backfill {name:16} p50 {results[name][0]:8.1f} ms  p95 {results[name][1]:8.1f} ms  ({len(times)} searches)"
        )
    after = {}
    for name, q in queries.items():
        timed(user, q, 2)
        after[name] = timed(user, q, runs)
        say(f"  nothing waiting  {name:16} p50 {after[name][0]:8.1f} ms  p95 {after[name][1]:8.1f} ms")
    say("backfill: deleting its events and findings ...")
    Finding.objects.filter(tenant=tenant).delete()
    LogEvent.objects.filter(source=source, pk__gte=first_new).delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE events_logevent")
    return {"during": results, "after": after}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reference-runs", type=int, default=3)
    parser.add_argument("--waiting", type=int, default=10_000)
    parser.add_argument("--backfill", type=int, default=50_000, help="findings stored for the backfill phase (0: none)")
    parser.add_argument(
        "--indexers", default="1,2", help="indexer processes during the backfill: one backfill per number listed"
    )
    args = parser.parse_args()
    require_postgresql()
    say("machine:", machine())
    tenant, source, _ = scratch_source("Search benchmark")
    from tenants.models import Membership, Role

    user, _ = get_user_model().objects.get_or_create(username="search-benchmark")
    role, _ = Role.objects.get_or_create(tenant=tenant, name="Admin", defaults={"grants_all": True})
    Membership.objects.get_or_create(user=user, defaults={"tenant": tenant, "role": role})
    build(tenant, source, args.findings)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_relation_size(%s)), pg_size_pretty(pg_total_relation_size('events_searchword'))",
            [INDEX],
        )
        index_size, vocabulary_size = cursor.fetchone()
    rare = LogEvent.objects.filter(source=source).order_by("?").values_list("finding_id", flat=True).first()
    queries = {"account": f"*{ACCOUNTS[17]}*", "rare finding id": rare}
    say(f"index size {index_size}, vocabulary {vocabulary_size} with its indexes; queries: {queries}")
    results = {}
    for name, q in queries.items():
        timed(user, q, 2)  # warm the cache, as a page in use would be
        results[name] = timed(user, q, args.runs)
        say(
            f"  with index    {name:16} p50 {results[name][0]:8.1f} ms  p95 {results[name][1]:8.1f} ms  ({results[name][2]} rows)"
        )
    reference = {}
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX {INDEX}")
        for name, q in queries.items():
            reference[name] = timed(user, q, args.reference_runs)
            say(f"  without index {name:16} p50 {reference[name][0]:8.1f} ms  p95 {reference[name][1]:8.1f} ms")
        transaction.set_rollback(True)
    # After a burst: the newest events still wait for the indexer and Search matches them by
    # their raw message (found through the partial index of waiting events).
    waiting = {}
    with transaction.atomic():
        newest = LogEvent.objects.filter(source=source).order_by("-timestamp", "-id")[: args.waiting]
        LogEvent.objects.filter(pk__in=list(newest.values_list("pk", flat=True))).update(search_text=None)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE events_logevent")
        for name, q in queries.items():
            timed(user, q, 2)
            waiting[name] = timed(user, q, args.runs)
            say(
                f"  {args.waiting:,} waiting {name:16} p50 {waiting[name][0]:8.1f} ms  p95 {waiting[name][1]:8.1f} ms"
                f"  ({waiting[name][2]} rows)"
            )
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_logevent")
    backfills = {}
    for indexers in [int(n) for n in args.indexers.split(",")] if args.backfill else []:
        backfills[indexers] = during_backfill(tenant, source, user, queries, args.backfill, indexers, args.runs)
    # The naive way, for scale: ILIKE over the raw messages (what peers do), one run each.
    raw = {}
    for name, q in queries.items():
        t = time.perf_counter()
        list(
            LogEvent.objects.filter(tenant=tenant, message__ilike_pattern=f"%{q.strip('*')}%")
            .order_by("-timestamp", "-id")[:50]
            .values_list("pk", flat=True)
        )
        raw[name] = (time.perf_counter() - t) * 1000
        say(f"  raw-message ILIKE scan {name:16} {raw[name]:8.0f} ms")
    say("")
    say(f"{args.findings:,} findings, first page of 50 newest, {args.runs} runs (reference {args.reference_runs}):")
    for name in queries:
        say(
            f"  {name:16} with index p50 {results[name][0]:.1f} ms / p95 {results[name][1]:.1f} ms;"
            f" without p50 {reference[name][0]:.0f} ms / p95 {reference[name][1]:.0f} ms;"
            f" raw-message ILIKE {raw[name]:.0f} ms   (target p95 <= 50 ms)"
        )
        say(
            f"  {'':16} with the newest {args.waiting:,} waiting for the indexer:"
            f" p50 {waiting[name][0]:.1f} ms / p95 {waiting[name][1]:.1f} ms"
        )
        for indexers, backfill in backfills.items():
            during, after = backfill["during"][name], backfill["after"][name]
            say(
                f"  {'':16} during a backfill of {args.backfill:,} with {indexers} indexer(s) at work"
                f" ({during[2]:,} searches from {args.backfill:,} waiting to none): p50 {during[0]:.1f} ms"
                f" / p95 {during[1]:.1f} ms;"
                f" once none waits: p50 {after[0]:.1f} ms / p95 {after[1]:.1f} ms   (target p95 <= 50 ms)"
            )


if __name__ == "__main__":
    main()

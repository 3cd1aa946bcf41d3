"""Pull end to end: a moto server holding N findings; our pull beside a bare boto3 paging loop.

    DATABASE_URL=postgres://.../scratch .venv/bin/python benchmarks/pull.py [--findings 100000]

Starts its own moto server, seeds one log group (put_log_events of realistic envelopes in
several streams), then times (1) a bare boto3 FilterLogEvents loop over the group (interleaved,
until no nextToken) and (2) the relay's log_events_pull of the same group: paging, the shared
rate budget at its default, parsing, idempotent storing and checkpointing. It runs --rounds
rounds of both, one after the other, and prints each ratio and their median. The emulator,
PostgreSQL and the pull share the machine's cores. Target: ours <= 1.25x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from _common import ACCOUNT, machine, say, scratch_source, start_moto
from django.db import connection

from core import aws
from demo import findings
from events.models import LogEvent
from log_sources.source_types import GUARDDUTY

GROUP = GUARDDUTY.default_log_group
REGION = "us-east-1"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    say("machine:", machine())
    proc, url = start_moto(account=ACCOUNT)
    os.environ["AWS_ENDPOINT_URL"] = url
    try:
        tenant, source, unit = scratch_source("Pull benchmark")
        credentials = aws.AwsCredentials.of_source(source)
        client = aws.client("logs", region=REGION, credentials=credentials)
        client.create_log_group(logGroupName=GROUP)
        say(f"seeding {args.findings:,} findings into the emulator ...")
        batch, size, stream_no = [], 0, 0
        base_ms = int(time.time() * 1000) - 3_600_000
        for i, (_, message) in enumerate(findings.stream(args.findings, seed=11)):
            batch.append({"timestamp": base_ms + i * 10, "message": message})
            size += len(message) + 26
            if len(batch) == 400 or size > 900_000 or i == args.findings - 1:
                stream = f"stream-{stream_no % 8}"
                if stream_no < 8:
                    client.create_log_stream(logGroupName=GROUP, logStreamName=stream)
                client.put_log_events(logGroupName=GROUP, logStreamName=stream, logEvents=batch)
                stream_no += 1
                batch, size = [], 0
                if stream_no % 50 == 0:
                    say(f"  {i + 1:,} seeded")

        from collection.services import log_events_pull

        def bare_loop() -> tuple[float, int, int]:
            started = time.perf_counter()
            params, events, pages = {"logGroupName": GROUP, "interleaved": True}, 0, 0
            while True:
                response = client.filter_log_events(**params)
                events += len(response["events"])
                pages += 1
                if not response.get("nextToken"):
                    break
                params["nextToken"] = response["nextToken"]
            return time.perf_counter() - started, events, pages

        def settle() -> None:
            # Each round stores 100,000 events and deletes them again: vacuum them away and
            # write out the dirty pages now, or autovacuum and the checkpointer would do it
            # in the middle of a later round.
            LogEvent.objects.filter(source=source).delete()
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM {LogEvent._meta.db_table}")
                cursor.execute("CHECKPOINT")

        def our_pull():
            settle()
            unit.checkpoint_ms = None
            unit.lease_owner, unit.lease_expires_at = "", None
            unit.save()
            started = time.perf_counter()
            result = log_events_pull(
                unit_id=unit.pk,
                worker="benchmark",
                on_page=lambda r: say(f"  page {r.pages}: {r.fetched:,} read, {r.stored:,} stored"),
            )
            took = time.perf_counter() - started
            settle()
            return took, result

        # Rounds alternate the two, so that a slow moment of the machine does not fall on one only.
        rounds = []
        for n in range(1, args.rounds + 1):
            say(f"round {n}: bare boto3 FilterLogEvents loop ...")
            bare, bare_events, bare_pages = bare_loop()
            say(f"  {bare_events:,} events in {bare_pages} pages, {bare:.1f} s")
            say(f"round {n}: ours, log_events_pull (rate budget, parse, store, checkpoint) ...")
            ours, result = our_pull()
            assert result.stored == bare_events == args.findings, (result, bare_events)
            say(f"  {result.stored:,} stored in {ours:.1f} s, state {result.state}: {ours / bare:.2f}x")
            rounds.append((bare, ours))
        say("")
        for n, (bare, ours) in enumerate(rounds, 1):
            say(
                f"round {n}: bare boto3 loop {bare:.1f} s ({args.findings / bare:,.0f} events/s), "
                f"ours {ours:.1f} s ({args.findings / ours:,.0f} events/s): {ours / bare:.2f}x"
            )
        ratios = sorted(ours / bare for bare, ours in rounds)
        say(
            f"ours / bare = {statistics.median(ratios):.2f}x median of {len(ratios)} rounds"
            f" (from {ratios[0]:.2f}x to {ratios[-1]:.2f}x)   (target <= 1.25x)"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()

"""Collection health at the scale of an AWS Organization: 500 accounts x 15 regions = 7,500 regions.

    DATABASE_URL=postgres://.../scratch .venv/bin/python benchmarks/health_evaluate.py

Times beat's evaluator (health_evaluate) over every source: the first pass, which makes each
source's SourceHealth row and announces the changes it finds, and a steady pass, which finds
none (what beat pays every HEALTH_EVALUATE_SECONDS). Beside it, in the same run: the read that
External Sources makes of the same sources (every app's reader, health's included) and
health's own rules alone over what that read set. A share of the regions is made to fail
(pulls refused, throttled for an hour, GuardDuty suspended) and a share of the sources quiet,
so the rules have work to do; no notification channel exists, so nothing is sent.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import timedelta

from _common import machine, require_postgresql, say
from dispatch import seed
from django.utils import timezone

from collection.choices import CollectionState
from collection.models import PullUnit
from deployments.models import RegionCoverage
from health.models import HealthChange, SourceHealth
from health.selectors import apply_health
from health.services import health_evaluate
from log_sources import extensions
from log_sources.models import LogSource, SourceRegion


def shape(sources: list[LogSource], *, seed_value: int = 7) -> dict[str, int]:
    """Give the regions states worth judging; returns how many of each were made."""
    rng = random.Random(seed_value)
    now = timezone.now()
    regions = list(SourceRegion.objects.filter(source__in=sources).values_list("pk", flat=True))
    refused = set(rng.sample(regions, len(regions) // 50))
    throttled = set(rng.sample(regions, len(regions) // 50)) - refused
    suspended = set(rng.sample(regions, len(regions) // 100))
    quiet_sources = {source.pk for source in rng.sample(sources, len(sources) // 20)}
    units = []
    for unit in PullUnit.objects.filter(pk__in=regions).select_related("source_region"):
        quiet = unit.source_region.source_id in quiet_sources
        unit.last_event_at = now - (timedelta(hours=30) if quiet else timedelta(minutes=rng.randint(1, 600)))
        unit.last_pull_at = now - timedelta(seconds=30)
        unit.due_at = now + timedelta(seconds=30)
        unit.collection_state = CollectionState.OK
        unit.state_since = now - timedelta(days=1)
        if unit.pk in refused:
            unit.collection_state, unit.last_error = CollectionState.ACCESS_DENIED, "Access denied (benchmark)."
        elif unit.pk in throttled:
            unit.collection_state, unit.state_since = CollectionState.THROTTLED, now - timedelta(hours=1)
        units.append(unit)
    PullUnit.objects.bulk_update(
        units,
        ["last_event_at", "last_pull_at", "due_at", "collection_state", "state_since", "last_error"],
        batch_size=1000,
    )
    RegionCoverage.objects.filter(source_region_id__in=regions).delete()
    RegionCoverage.objects.bulk_create(
        [
            RegionCoverage(
                source_region_id=pk,
                detector_id=f"{pk:032x}",
                detector_status="disabled" if pk in suspended else "enabled",
                plans={"s3": True},
                checked_at=now,
                status_since=now - timedelta(days=2),
            )
            for pk in regions
        ],
        batch_size=1000,
    )
    return {
        "refused": len(refused),
        "throttled": len(throttled),
        "suspended": len(suspended),
        "quiet sources": len(quiet_sources),
    }


def timed(what, rounds: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(rounds):
        start = time.perf_counter()
        result = what()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many runs for each steady figure")
    args = parser.parse_args()
    require_postgresql()
    say("machine:", machine())
    _, sources = seed(args.accounts)
    regions_total = args.accounts * 15
    say("shaping the regions:", shape(sources))
    ids = [source.pk for source in sources]
    SourceHealth.objects.filter(source_id__in=ids).delete()
    HealthChange.objects.filter(source_id__in=ids).delete()

    start = time.perf_counter()
    changes = health_evaluate(source_ids=ids)
    first = time.perf_counter() - start
    levels = {level: sum(change.level == level for change in changes) for level in ("warning", "critical")}
    steady, again = timed(lambda: health_evaluate(source_ids=ids), args.rounds)
    assert again == [], "a steady pass announced a change"

    query = LogSource.objects.filter(pk__in=ids).select_related("endpoint", "tenant").order_by("hostname")
    read, read_sources = timed(lambda: extensions.read_into(query), args.rounds)
    rules, _ = timed(lambda: apply_health(read_sources), args.rounds)

    say("")
    say(f"{args.accounts} sources, {regions_total:,} regions (best of {args.rounds} for the steady figures):")
    say(f"  evaluator, first pass:  {first:6.2f} s  ({len(changes)} changes announced: {levels})")
    say(f"  evaluator, steady pass: {steady:6.2f} s  (what beat pays every HEALTH_EVALUATE_SECONDS)")
    say(f"  reference, External Sources' read of the same sources: {read:6.2f} s")
    say(f"  of it, health's rules alone: {rules:6.2f} s ({rules / regions_total * 1e6:.0f} µs a region)")


if __name__ == "__main__":
    main()

"""The relay with real Celery worker processes, the real broker and a committed database.

Each test starts `celery -A portal worker` on its endpoint's queue (tests/workers.py): Redis
when REDIS_URL is set, the embedded file-system broker otherwise; the same test database.
"""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from collection.choices import CollectionState
from collection.models import PullUnit
from collection.services import log_events_dispatch_due, log_source_pull_now
from events.models import LogEvent
from log_sources.models import SourceRegion
from log_sources.selectors import log_source_state
from log_sources.services import log_source_create
from relay.models import Endpoint
from relay.services import endpoint_create
from tests import cloudwatch
from tests.conftest import ACCESS_KEY, SECRET_KEY
from tests.workers import celery_worker, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]


@pytest.fixture
def relay_source(alice):
    """A source on its own relay queue (unique per test, so no earlier message can reach it)."""
    endpoint = endpoint_create(user=alice, name="Worker relay", hostname=f"relay-{uuid.uuid4().hex[:10]}.acme.example")
    return log_source_create(
        user=alice,
        data={
            "endpoint": endpoint.pk,
            "hostname": "guardduty-worker-test",
            "protocol": "AWS CloudWatch Logs (HTTPS)",
            "aws_account_number": "123456789012",
            "aws_access_key_id": ACCESS_KEY,
            "aws_secret_access_key": SECRET_KEY,
            "regions": REGIONS,
            "mode": "manual",
        },
    )


def count(source, region=None) -> int:
    events = LogEvent.objects.filter(source=source)
    return events.filter(region=region).count() if region else events.count()


def lease_expired(source, region) -> bool:
    expires = state(source, region).lease_expires_at
    return expires is None or expires < timezone.now()


def state(source, region) -> PullUnit:
    return PullUnit.objects.get(source_region__source=source, source_region__region=region)


def test_beat_dispatch_sends_due_units_to_the_relay_worker_which_collects_every_region(aws, relay_source):
    for n, region in enumerate(REGIONS):
        cloudwatch.put(region, cloudwatch.findings(30 + n, region=region, seed=n))
    queue = relay_source.endpoint.queue
    with celery_worker([queue], env={"RELAY_PAGE_LIMIT": "8"}) as worker:
        assert log_events_dispatch_due() == 3  # new units are due at once
        assert log_events_dispatch_due() == 0  # and are not queued twice
        wait_for(lambda: count(relay_source) == 93, timeout=90, message="all events stored", worker=worker)
        # Each pull that stored events queues the search indexer on the same relay queue.
        wait_for(
            lambda: not LogEvent.objects.filter(source=relay_source, search_text__isnull=True).exists(),
            message="the relay worker built the search text of every event",
            worker=worker,
        )
        wait_for(
            lambda: all(state(relay_source, r).collection_state == CollectionState.OK for r in REGIONS),
            message="all regions OK",
            worker=worker,
        )
        # The heartbeat is a message on the relay's own queue: only a consuming worker records it.
        from relay.tasks import heartbeat_endpoints

        assert heartbeat_endpoints() >= 1  # what beat runs: one message per endpoint queue
        wait_for(
            lambda: Endpoint.objects.get(pk=relay_source.endpoint_id).last_seen_at is not None,
            message="heartbeat",
            worker=worker,
        )
    shown = log_source_state(relay_source)
    assert shown.last_event_at is not None and shown.last_pull_at is not None
    assert Endpoint.objects.get(pk=relay_source.endpoint_id).status == "online"


def test_a_worker_killed_between_pages_loses_and_duplicates_nothing_after_restart(aws, alice, relay_source):
    total = 240
    cloudwatch.put("us-east-1", cloudwatch.findings(total, step_ms=5))
    queue = relay_source.endpoint.queue
    # Small pages at 2 requests/s make the pull last long enough to kill it in the middle;
    # a short lease lets the restarted worker take the unit over quickly.
    env = {"RELAY_PAGE_LIMIT": "10", "RELAY_RATE_LIMIT_PER_SECOND": "2", "RELAY_LEASE_SECONDS": "3"}
    SourceRegion.objects.filter(source=relay_source).exclude(region="us-east-1").delete()
    with celery_worker([queue], env=env) as worker:
        log_source_pull_now(user=alice, source=relay_source)
        wait_for(lambda: count(relay_source) >= 30, timeout=90, message="first pages", worker=worker)
        worker.kill()
    stored_at_kill = count(relay_source)
    assert 0 < stored_at_kill < total
    unit = state(relay_source, "us-east-1")
    assert unit.lease_owner != ""  # the dead worker's lease is still there
    with celery_worker([queue], env=env) as worker:
        wait_for(lambda: lease_expired(relay_source, "us-east-1"), timeout=20, message="the dead lease to expire")
        log_source_pull_now(user=alice, source=relay_source)
        wait_for(lambda: count(relay_source) == total, timeout=150, message="every event", worker=worker)
        wait_for(
            lambda: state(relay_source, "us-east-1").collection_state == CollectionState.OK,
            message="state OK",
            worker=worker,
        )
    ids = list(LogEvent.objects.filter(source=relay_source).values_list("event_id", flat=True))
    assert len(ids) == len(set(ids)) == total


def test_throttling_through_a_real_worker_loses_nothing_and_is_not_a_failure(aws_faults, alice, relay_source):
    for region in REGIONS:
        cloudwatch.put(region, cloudwatch.findings(40, region=region))
    aws_faults.inject("FilterLogEvents", "ThrottlingException", ratio=0.3)
    queue = relay_source.endpoint.queue
    with celery_worker([queue], env={"RELAY_PAGE_LIMIT": "10", "RELAY_RATE_LIMIT_PER_SECOND": "20"}) as worker:
        log_source_pull_now(user=alice, source=relay_source)
        wait_for(lambda: count(relay_source) == 120, timeout=120, message="every event", worker=worker)
        wait_for(
            lambda: all(state(relay_source, r).lease_owner == "" for r in REGIONS), message="pulls done", worker=worker
        )
    assert aws_faults.injected("FilterLogEvents") > 0
    states = {state(relay_source, r).collection_state for r in REGIONS}
    assert states <= {CollectionState.OK, CollectionState.THROTTLED}
    assert log_source_state(relay_source).status != "needs_attention"


def test_access_denied_in_one_region_while_the_others_collect_then_recovery(aws_faults, alice, relay_source):
    for region in REGIONS:
        cloudwatch.put(region, cloudwatch.findings(15, region=region))
    aws_faults.inject("FilterLogEvents", "AccessDeniedException", region="eu-west-1")
    queue = relay_source.endpoint.queue
    with celery_worker([queue]) as worker:
        log_source_pull_now(user=alice, source=relay_source)
        wait_for(
            lambda: state(relay_source, "eu-west-1").collection_state == CollectionState.ACCESS_DENIED,
            message="eu-west-1 denied",
            worker=worker,
        )
        wait_for(lambda: count(relay_source) == 30, message="the other regions", worker=worker)
        assert count(relay_source, "eu-west-1") == 0
        assert "logs:FilterLogEvents" in state(relay_source, "eu-west-1").last_error
        aws_faults.clear()
        log_source_pull_now(user=alice, source=relay_source)
        wait_for(lambda: count(relay_source) == 45, message="eu-west-1 after the fix", worker=worker)
        wait_for(
            lambda: state(relay_source, "eu-west-1").collection_state == CollectionState.OK,
            message="eu-west-1 OK",
            worker=worker,
        )

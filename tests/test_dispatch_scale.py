"""Dispatch at the scale of an AWS Organization: every due unit queued in one tick, each once,
and a broker failure mid-batch loses nothing; the rate budget stays per (account, region).

The broker is the real one of the settings (Redis when REDIS_URL is set, else the embedded
file-system broker); its queue is read back with kombu after each dispatch.
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from celery import current_app
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from collection import pulls, tasks
from collection.choices import CollectionState
from collection.models import PullUnit
from collection.services import log_events_dispatch_due, log_events_pull
from log_sources.models import LogSource, SourceRegion
from log_sources.regions import REGION_CODES
from relay.models import Endpoint
from tests import cloudwatch
from tests.conftest import ACCESS_KEY, SECRET_KEY

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(240)]


def organization(tenant, *, accounts: int, regions=REGION_CODES, endpoint=None) -> Endpoint:
    """`accounts` sources of `regions` each on one relay (its own queue), every unit due."""
    endpoint = endpoint or Endpoint.objects.create(
        tenant=tenant,
        name=f"Org relay {uuid.uuid4().hex[:6]}",
        hostname="org.example",
        queue=f"relay.t-{uuid.uuid4().hex}",
    )
    first = 100_000_000_000 + int(uuid.uuid4().int % 800_000_000_000)
    sources = LogSource.objects.bulk_create(
        [
            LogSource(
                tenant=tenant,
                endpoint=endpoint,
                hostname=f"guardduty-{first + n}",
                protocol="AWS CloudWatch Logs (HTTPS)",
                aws_account_number=str(first + n),
                aws_access_key_id=ACCESS_KEY,
                aws_access_key_id_last4=ACCESS_KEY[-4:],
                aws_secret_access_key=SECRET_KEY,
                deployment_mode="manual",
            )
            for n in range(accounts)
        ]
    )
    source_regions = SourceRegion.objects.bulk_create(
        [SourceRegion(source=source, region=code) for source in sources for code in regions]
    )
    due = timezone.now() - timedelta(seconds=1)
    PullUnit.objects.bulk_create([PullUnit(source_region=r, next_pull_at=due, due_at=due) for r in source_regions])
    return endpoint


def queued(queue: str) -> list[int]:
    """The unit ids of the pull messages waiting on `queue`, taking them off the broker."""
    ids = []
    with current_app.connection_for_read() as conn:
        simple = conn.SimpleQueue(queue, no_ack=True)
        try:
            while True:
                try:
                    message = simple.get(block=True, timeout=1)
                except simple.Empty:
                    return ids
                args, _kwargs, _embed = message.decode()
                assert message.headers["task"] == "collection.pull_unit"
                ids.append(args[0])
        finally:
            simple.close()


def due_ids(endpoint) -> set[int]:
    return set(
        PullUnit.objects.filter(source_region__source__endpoint=endpoint, next_pull_at__lte=timezone.now()).values_list(
            "pk", flat=True
        )
    )


def unit_ids(endpoint) -> set[int]:
    return set(PullUnit.objects.filter(source_region__source__endpoint=endpoint).values_list("pk", flat=True))


def test_every_due_unit_of_an_organization_is_queued_in_one_tick_each_once(people):
    endpoint = organization(people["acme"], accounts=170)  # 2,550 units: more than a batch, or the old cap
    assert log_events_dispatch_due() == 2550
    assert log_events_dispatch_due() == 0  # claimed: the next tick queues none again
    ids = queued(endpoint.queue)
    assert len(ids) == 2550
    assert set(ids) == unit_ids(endpoint)
    assert not due_ids(endpoint)
    # Each claimed unit is next due one interval later.
    latest = timezone.now() + timedelta(seconds=61)
    assert not PullUnit.objects.filter(source_region__source__endpoint=endpoint, next_pull_at__gt=latest).exists()


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_queue_each_unit_once(people):
    """Two beat ticks overlapping (or a tick and Pull now), each on its own database connection."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    endpoint = organization(people["acme"], accounts=150)  # 2,250 units

    def tick(_):
        try:
            return log_events_dispatch_due()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        counts = list(pool.map(tick, range(2)))
    ids = queued(endpoint.queue)
    assert sum(counts) == len(ids) == 2250
    assert sorted(ids) == sorted(unit_ids(endpoint))


def test_a_unit_claimed_meanwhile_by_another_dispatcher_or_a_worker_is_not_queued(people):
    endpoint = organization(people["acme"], accounts=2, regions=["us-east-1", "eu-west-1"])
    units = PullUnit.objects.filter(source_region__source__endpoint=endpoint).order_by("pk")
    taken, leased = units[0], units[1]
    # Found due by the tick, then taken before the tick's claim: by another tick and by a worker.
    found = pulls.due_units(units)
    PullUnit.objects.filter(pk=taken.pk).update(next_pull_at=timezone.now() + timedelta(seconds=60))
    PullUnit.objects.filter(pk=leased.pk).update(
        lease_owner="w/1", lease_expires_at=timezone.now() + timedelta(seconds=30)
    )
    claimed = pulls.claim_many_for_dispatch([(unit_id, 60) for unit_id, _, _ in found])
    assert claimed == {u.pk for u in units} - {taken.pk, leased.pk}


def test_an_abandoned_lease_is_claimed_once_and_loses_its_owner(people):
    endpoint = organization(people["acme"], accounts=1, regions=["us-east-1"])
    unit = PullUnit.objects.get(source_region__source__endpoint=endpoint)
    ran_out = timezone.now() - timedelta(seconds=5)
    PullUnit.objects.filter(pk=unit.pk).update(
        next_pull_at=timezone.now() + timedelta(seconds=50), lease_owner="dead/1", lease_expires_at=ran_out
    )
    assert pulls.claim_many_for_dispatch([(unit.pk, 60)]) == {unit.pk}
    assert pulls.claim_many_for_dispatch([(unit.pk, 60)]) == set()
    unit.refresh_from_db()
    assert unit.lease_owner == "" and unit.lease_expires_at == ran_out


def test_a_broker_failure_mid_batch_leaves_the_unsent_units_due_and_the_next_tick_queues_them(people, monkeypatch):
    endpoint = organization(people["acme"], accounts=100)  # 1,500 units
    real = tasks.pull_unit.apply_async
    calls = 0

    # The broker going away cannot be staged on the shared Redis: the message after the 1,234th
    # fails as kombu reports a broker it could not reach after its retries.
    def publish(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls > 1234:
            raise BrokerOperationalError("Error 111 connecting to the broker. Connection refused.")
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks.pull_unit, "apply_async", publish)
    sent = log_events_dispatch_due()
    first = queued(endpoint.queue)
    assert len(first) == sent == len(set(first))
    assert 0 < sent <= 1234
    # Every unit not on the broker is due again at once; those on it are not.
    assert due_ids(endpoint) == unit_ids(endpoint) - set(first)

    monkeypatch.setattr(tasks.pull_unit, "apply_async", real)  # the broker is back
    assert log_events_dispatch_due() == 1500 - sent
    rest = queued(endpoint.queue)
    assert sorted(first + rest) == sorted(unit_ids(endpoint))  # nothing lost, nothing twice


def test_a_failed_round_trip_to_redis_leaves_its_chunk_and_the_rest_due(people, monkeypatch, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs the Redis broker (REDIS_URL); CI sets it")
    import redis

    endpoint = organization(people["acme"], accounts=100)  # 1,500 units: three chunks of 500
    real = redis.client.Pipeline.execute
    flushes = 0

    # The connection breaking during the second chunk's pipeline (kombu cannot know what Redis got).
    def execute(self, *args, **kwargs):
        nonlocal flushes
        if any(command[0][0] == "LPUSH" for command in self.command_stack):
            flushes += 1
            if flushes == 2:
                self.reset()
                raise redis.ConnectionError("Connection reset by peer")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(redis.client.Pipeline, "execute", execute)
    assert log_events_dispatch_due() == tasks.PUBLISH_CHUNK
    first = queued(endpoint.queue)
    assert len(set(first)) == len(first) == tasks.PUBLISH_CHUNK
    assert due_ids(endpoint) == unit_ids(endpoint) - set(first)
    monkeypatch.setattr(redis.client.Pipeline, "execute", real)
    assert log_events_dispatch_due() == 1500 - tasks.PUBLISH_CHUNK
    assert sorted(first + queued(endpoint.queue)) == sorted(unit_ids(endpoint))


def test_the_rate_budget_is_per_account_and_region_when_many_accounts_pull_at_once(aws, people, settings):
    # One call a second per budget: four accounts sharing one region's budget would need 3 s.
    settings.RELAY_RATE_LIMIT_PER_SECOND = 1.0
    cloudwatch.put("us-east-1", cloudwatch.findings(3))
    endpoint = organization(people["acme"], accounts=4, regions=["us-east-1"])
    units = list(PullUnit.objects.filter(source_region__source__endpoint=endpoint).order_by("pk"))

    started = time.monotonic()
    results = [log_events_pull(unit_id=u.pk, worker="test") for u in units]
    four_accounts = time.monotonic() - started
    assert [(r.state, r.stored) for r in results] == [(CollectionState.OK, 3)] * 4
    assert four_accounts < 2.5

    # Another source of the first account (its region, the same AWS budget) waits for that budget.
    account = LogSource.objects.get(pk=results[0].source_id).aws_account_number
    organization(people["acme"], accounts=1, regions=["us-east-1"], endpoint=endpoint)
    twin = PullUnit.objects.filter(source_region__source__endpoint=endpoint).exclude(pk__in=[u.pk for u in units]).get()
    LogSource.objects.filter(pk=twin.source_region.source_id).update(aws_account_number=account)
    started = time.monotonic()
    assert log_events_pull(unit_id=units[0].pk, worker="test").state == CollectionState.OK
    assert log_events_pull(unit_id=twin.pk, worker="test").state == CollectionState.OK
    assert time.monotonic() - started >= 0.9  # the second pull's call waited for the shared budget

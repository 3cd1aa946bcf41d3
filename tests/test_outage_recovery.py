"""Outage recovery of the pull engine, with the real services and real processes.

Each test runs Celery beat, a deploy worker (queue `portal`, where beat's dispatcher runs) and
relay workers as processes of their own (tests/workers.py), on a private redis-server, against
the test database and the moto server, while a feeder puts 20 GuardDuty findings a second
into two regions' log groups. Then one fault; the test waits, with deadlines, for what the
portal's API shows while the fault lasts and for recovery on its own, and compares what was
put into CloudWatch Logs with what was stored: nothing lost, nothing stored twice.

What stands in for each fault (tests/outage_services.py):

- Redis down ~30 s: the private redis-server itself (broker and rate budget of every process),
  stopped with SIGTERM, then started again on the same port with the same append-only file.
- PostgreSQL restart: a TCP proxy between the worker processes and PostgreSQL closes every
  connection and refuses new ones for at least 5 s, until the test has seen what it expects
  (the test process reads PostgreSQL directly; the shared server is never restarted).
- AWS unreachable: a TCP proxy between the worker processes and the moto server refuses
  connections for 15 s, while the feeder keeps putting findings straight into moto.
- AWS hangs: the same proxy accepting connections and never answering (a pull in this
  process, with a 1-second read timeout instead of 30).
- A relay crashes: SIGKILL to a relay worker's process group in the middle of a pull.
- Redis lost by a pull itself (the rate budget), and a pull that never ran: in this process.

Timings are shortened for the test (3-second pull interval and lease, 1-second dispatch);
the figures of each test are printed and written to test-output/outage/.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from collection.choices import CollectionState
from collection.models import PullUnit
from collection.services import log_events_pull
from events.models import LogEvent
from log_sources.models import LogSource
from log_sources.selectors import log_source_state
from log_sources.services import log_source_create
from relay.services import endpoint_create
from tests import cloudwatch
from tests.conftest import ACCESS_KEY, SECRET_KEY
from tests.outage_services import CeleryBeat, Feeder, RedisServer, TcpProxy, worker_name
from tests.states import unit
from tests.workers import ROOT, CeleryWorker, database_url, wait_for

REGIONS = ["us-east-1", "eu-west-1"]
INTERVAL = 3  # seconds between two pulls of a region (the product's minimum per source is 10)
LEASE = 3
DISPATCH = 1
FIGURES = ROOT / "test-output" / "outage"

# Worker processes see only committed data.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]


class Rig:
    """Beat, a deploy worker and relay workers on one private Redis; stopped (logs kept on failure) at the end."""

    def __init__(self, env: dict[str, str], folder: Path, queue: str, redis_server: RedisServer):
        self.env, self.folder, self.queue, self.redis = env, folder, queue, redis_server
        self.processes: list[CeleryWorker] = []
        self.passed = False

    def start(self, process: CeleryWorker) -> CeleryWorker:
        self.processes.append(process.start())
        return process

    def beat(self) -> CeleryWorker:
        return self.start(CeleryBeat(self.env, self.folder))

    def deploy_worker(self) -> CeleryWorker:
        return self.start(CeleryWorker(["portal"], env=self.env))

    def relay(self) -> CeleryWorker:
        return self.start(CeleryWorker([self.queue], env=self.env))

    def all(self) -> CeleryWorker:
        """The usual topology: beat, one deploy worker, one relay; returns the relay."""
        self.beat()
        self.deploy_worker()
        return self.relay()

    def log(self) -> str:
        """The end of every process's log (what wait_for shows when a deadline passes)."""
        return "\n".join(f"--- {p.log_path.name}\n{p.log()}" for p in self.processes)

    def full_log(self) -> str:
        return "\n".join(p.log_path.read_text(errors="replace") for p in self.processes if p.log_path.exists())

    def close(self) -> None:
        for process in self.processes:
            process.stop()
            if self.passed:
                process.discard_log()


@pytest.fixture
def outage_source(alice):
    """A Manual source in two regions on its own endpoint, pulled every INTERVAL seconds."""
    endpoint = endpoint_create(user=alice, name="Outage relay", hostname=f"relay-{uuid.uuid4().hex[:10]}.acme.example")
    source = log_source_create(
        user=alice,
        data={
            "endpoint": endpoint.pk,
            "hostname": "guardduty-outage-test",
            "protocol": "AWS CloudWatch Logs (HTTPS)",
            "aws_account_number": "123456789012",
            "aws_access_key_id": ACCESS_KEY,
            "aws_secret_access_key": SECRET_KEY,
            "regions": REGIONS,
            "mode": "manual",
        },
    )
    # Below what the product accepts from a person, to keep the test short.
    LogSource.objects.filter(pk=source.pk).update(pull_interval_seconds=INTERVAL)
    source.refresh_from_db()
    return source


@pytest.fixture
def rig(tmp_path, settings, aws, outage_source):
    redis_server = RedisServer(tmp_path / "redis").start()
    # What the API process computes "overdue" from, the same as the workers.
    settings.RELAY_DISPATCH_SECONDS = DISPATCH
    settings.RELAY_LEASE_SECONDS = LEASE
    env = {
        "REDIS_URL": redis_server.url(),
        "CELERY_BROKER_URL": redis_server.url(),
        "RELAY_DISPATCH_SECONDS": str(DISPATCH),
        "RELAY_LEASE_SECONDS": str(LEASE),
        "RELAY_PULL_INTERVAL_SECONDS": str(INTERVAL),
        "RELAY_PAGE_LIMIT": "10",
        "RELAY_RATE_LIMIT_PER_SECOND": "10",
        "RELAY_REREAD_WINDOW_SECONDS": "5",
    }
    rig = Rig(env, tmp_path, outage_source.endpoint.queue, redis_server)
    try:
        yield rig
    finally:
        rig.close()
        redis_server.stop()


def region_states(client, source) -> dict[str, dict]:
    """Each region's state as the REST API shows it."""
    response = client.get(f"/api/v1/log-sources/{source.pk}/")
    assert response.status_code == 200, response.content
    return {state["region"]: state for state in response.json()["region_states"]}


def all_collecting(client, source) -> bool:
    return all(state["collection_state"] == CollectionState.OK for state in region_states(client, source).values())


def stored_count(source, region: str | None = None) -> int:
    events = LogEvent.objects.filter(source=source)
    return (events.filter(region=region) if region else events).count()


def backlog_pull_running(source, region: str = "us-east-1", *, after: int = 0) -> str:
    """The lease holder of `region` once its pull has committed a few pages (more than `after` events); else ''."""
    row = unit(source, region)
    if row.lease_owner and stored_count(source, region) >= after + 20:
        return row.lease_owner
    return ""


def tally(source, feeder: Feeder) -> dict[str, int]:
    """What was put into CloudWatch Logs against what was stored, finding by finding."""
    put = {(region, finding) for region, findings in feeder.put.items() for finding in findings}
    assert len(put) == feeder.total, "the feeder put a finding twice"
    stored = Counter(LogEvent.objects.filter(source=source).values_list("region", "finding_id"))
    return {
        "put": feeder.total,
        "stored": sum(stored.values()),
        "lost": len(put - set(stored)),
        "duplicates": sum(count - 1 for count in stored.values()),
        "unexpected": len(set(stored) - put),
    }


def record(name: str, figures: dict) -> None:
    FIGURES.mkdir(parents=True, exist_ok=True)
    (FIGURES / f"{name}.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"{name}: {json.dumps(figures)}")


def collected_everything(client, source, feeder: Feeder, rig: Rig, *, timeout: float) -> dict[str, int]:
    """Wait until every finding put is stored and every region reads Collecting; the exact tally."""
    wait_for(
        lambda: stored_count(source) >= feeder.total,
        timeout=timeout,
        message=f"all {feeder.total} findings stored",
        worker=rig,
    )
    wait_for(lambda: all_collecting(client, source), timeout=timeout, message="every region Collecting", worker=rig)
    figures = tally(source, feeder)
    assert figures["lost"] == figures["duplicates"] == figures["unexpected"] == 0, figures
    assert figures["stored"] == figures["put"]
    return figures


UNHANDLED = re.compile(r"Task collection\.\w+\[[^\]]+\] raised unexpected: .*")


def no_unhandled_pull_errors(rig: Rig) -> None:
    """No pull or dispatch escaped with an exception (Celery logs those as "raised unexpected")."""
    assert not UNHANDLED.findall(rig.full_log()), UNHANDLED.findall(rig.full_log())


@pytest.mark.worker
def test_redis_down_for_30_seconds_pulls_resume_by_themselves_and_nothing_is_lost_or_doubled(
    rig, outage_source, client_for, alice, aws
):
    client = client_for(alice)
    feeder = Feeder(aws.url, REGIONS).start()
    try:
        relay = rig.all()
        wait_for(lambda: all_collecting(client, outage_source), timeout=90, message="collecting", worker=rig)
        # Stop Redis while a pull runs, as an outage would find it.
        wait_for(
            lambda: PullUnit.objects.filter(source_region__source=outage_source).exclude(lease_owner="").exists(),
            timeout=30,
            message="a pull running",
        )
        rig.redis.stop()
        down = time.monotonic()

        def explained() -> bool:
            states = region_states(client, outage_source).values()
            return all(
                s["collection_state"] in (CollectionState.INTERRUPTED, CollectionState.OVERDUE) and s["last_error"]
                for s in states
            )

        # While Redis is away no pull can be queued: every region soon says why it is not collecting.
        wait_for(explained, timeout=25, message="every region explains the outage", worker=rig)
        shown_after = time.monotonic() - down
        shown = {r: (s["collection_state"], s["last_error"]) for r, s in region_states(client, outage_source).items()}
        time.sleep(max(0.0, 30 - (time.monotonic() - down)))  # the outage lasts 30 s
        rig.redis.start()
        up = time.monotonic()
        feeder.stop()
        figures = collected_everything(client, outage_source, feeder, rig, timeout=90)
        recovered = time.monotonic() - up
        # Beat and the workers reconnected by themselves: the same processes, still running.
        assert all(process.alive for process in rig.processes), rig.log()
        no_unhandled_pull_errors(rig)
        assert relay.alive
    finally:
        feeder.stop()
    record(
        "redis_down",
        {
            **figures,
            "outage_seconds": 30,
            "state_shown_after_seconds": round(shown_after, 1),
            "recovered_after_seconds": round(recovered, 1),
            "shown": shown,
        },
    )
    rig.passed = True


@pytest.mark.worker
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL restart; CI runs on PostgreSQL")
def test_a_postgresql_restart_during_a_pull_is_retried_and_nothing_is_lost_or_doubled(
    rig, outage_source, client_for, alice, aws
):
    client = client_for(alice)
    db = connection.settings_dict
    proxy = TcpProxy(int(db.get("PORT") or 5432), db.get("HOST") or "127.0.0.1")
    host_port = f"@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/"
    rig.env["DATABASE_URL"] = database_url().replace(host_port, f"@127.0.0.1:{proxy.port}/")
    assert str(proxy.port) in rig.env["DATABASE_URL"]
    feeder = Feeder(aws.url, REGIONS)
    # A backlog makes the first pull of us-east-1 long (60 pages), so the restart finds it mid-pull.
    feeder.backlog("us-east-1", 600)
    feeder.start()
    try:
        rig.all()
        wait_for(lambda: backlog_pull_running(outage_source), timeout=90, message="the backlog's pull", worker=rig)
        proxy.cut()
        down = time.monotonic()
        # The pull lost its database mid-pull; its lease runs out and the region reads "overdue" with the
        # reason (the API here reads PostgreSQL directly, not through the proxy).
        wait_for(
            lambda: region_states(client, outage_source)["us-east-1"]["collection_state"] == CollectionState.OVERDUE,
            timeout=20,
            message="us-east-1 overdue while the database is away",
            worker=rig,
        )
        shown_after = time.monotonic() - down
        reason = region_states(client, outage_source)["us-east-1"]["last_error"]
        assert "stopped without finishing" in reason
        time.sleep(max(0.0, 5 - (time.monotonic() - down)))  # a restart takes at least a few seconds
        proxy.restore()
        up = time.monotonic()
        feeder.stop()
        figures = collected_everything(client, outage_source, feeder, rig, timeout=90)
        recovered = time.monotonic() - up
        assert all(process.alive for process in rig.processes), rig.log()
        no_unhandled_pull_errors(rig)
        # The pull met the lost connection itself and handled it.
        assert "interrupted: The relay lost its connection to the portal's database" in rig.full_log(), rig.log()
    finally:
        feeder.stop()
        proxy.close()
    record(
        "postgresql_restart",
        {
            **figures,
            "outage_seconds": round(up - down, 1),
            "state_shown_after_seconds": round(shown_after, 1),
            "recovered_after_seconds": round(recovered, 1),
            "shown": reason,
        },
    )
    rig.passed = True


@pytest.mark.worker
def test_aws_unreachable_shows_region_unreachable_and_collection_comes_back_by_itself(
    rig, outage_source, client_for, alice, aws
):
    client = client_for(alice)
    proxy = TcpProxy(aws.port)
    rig.env["AWS_ENDPOINT_URL"] = proxy.url
    feeder = Feeder(aws.url, REGIONS).start()
    try:
        rig.all()
        wait_for(lambda: all_collecting(client, outage_source), timeout=90, message="collecting", worker=rig)
        proxy.cut()
        down = time.monotonic()

        def unreachable() -> bool:
            states = region_states(client, outage_source).values()
            return all(
                s["collection_state"] == CollectionState.UNREACHABLE and "could not be reached" in s["last_error"]
                for s in states
            )

        wait_for(unreachable, timeout=20, message="every region unreachable", worker=rig)
        shown_after = time.monotonic() - down
        page = client.get(reverse("log_sources:detail", args=[outage_source.pk])).content.decode()
        assert page.count("Region unreachable") >= len(REGIONS)
        time.sleep(max(0.0, 15 - (time.monotonic() - down)))  # the outage lasts 15 s
        proxy.restore()
        up = time.monotonic()
        feeder.stop()
        figures = collected_everything(client, outage_source, feeder, rig, timeout=90)
        recovered = time.monotonic() - up
        no_unhandled_pull_errors(rig)
    finally:
        feeder.stop()
        proxy.close()
    record(
        "aws_unreachable",
        {
            **figures,
            "outage_seconds": 15,
            "state_shown_after_seconds": round(shown_after, 1),
            "recovered_after_seconds": round(recovered, 1),
        },
    )
    rig.passed = True


def test_a_hung_aws_is_given_up_after_the_read_timeout_and_shows_region_unreachable(aws, source, settings, monkeypatch):
    cloudwatch.put("us-east-1", cloudwatch.findings(5))
    proxy = TcpProxy(aws.port)
    settings.RELAY_AWS_READ_TIMEOUT_SECONDS = 1
    monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)
    try:
        proxy.hang()
        started = time.monotonic()
        result = log_events_pull(unit_id=unit(source, "us-east-1").pk, worker="test")
        took = time.monotonic() - started
        assert result.state == CollectionState.UNREACHABLE
        assert "ReadTimeoutError" in result.error
        assert took < 5, f"a hung AWS held the pull for {took:.1f} s"
        row = unit(source, "us-east-1")
        assert row.collection_state == CollectionState.UNREACHABLE and row.lease_owner == ""
        proxy.restore()
        # Due again after one interval; pulled now, it collects and reads Collecting again.
        assert log_events_pull(unit_id=row.pk, worker="test").stored == 5
        assert unit(source, "us-east-1").collection_state == CollectionState.OK
    finally:
        proxy.close()


def test_a_pull_that_loses_redis_mid_pull_says_why_gives_its_lease_back_and_resumes_once_it_is_back(
    aws, source, settings, tmp_path
):
    """The rate budget's Redis going away mid-pull: the pull records why instead of failing the task."""
    cloudwatch.put("us-east-1", cloudwatch.findings(40, step_ms=5))
    redis_server = RedisServer(tmp_path / "redis").start()
    settings.REDIS_URL = redis_server.url()  # the rate budget of this process's pulls
    row = unit(source, "us-east-1")
    try:

        def redis_goes_away(result):
            if result.pages == 1:
                redis_server.stop()

        started = time.monotonic()
        result = log_events_pull(unit_id=row.pk, worker="test", page_limit=10, on_page=redis_goes_away)
        took = time.monotonic() - started
        assert result.state == CollectionState.INTERRUPTED
        assert "the portal's Redis during a pull (ConnectionError)" in result.error
        row = unit(source, "us-east-1")
        assert row.collection_state == CollectionState.INTERRUPTED and row.last_error == result.error
        assert row.lease_owner == "" and row.lease_expires_at is None  # given back, not left to run out
        assert row.next_pull_at > timezone.now()  # retried at its next interval
        stored_before = LogEvent.objects.filter(source=source).count()
        assert 10 <= stored_before < 40  # the committed pages stay
        assert took < 15, f"a Redis that is down held the pull for {took:.1f} s"
        # Retrying by itself: nothing for the customer to do.
        assert log_source_state(source).status != "needs_attention"
        redis_server.start()
        again = log_events_pull(unit_id=row.pk, worker="test", page_limit=10)
        assert again.state == CollectionState.OK
        ids = list(LogEvent.objects.filter(source=source).values_list("event_id", flat=True))
        assert len(ids) == len(set(ids)) == 40
    finally:
        redis_server.stop()


def test_a_pull_that_has_not_run_reads_overdue_until_one_runs_and_a_running_one_never_does(
    aws, alice, source, client_for, settings
):
    """No relay on the endpoint's queue (or no beat): the API says the pull is overdue, and why."""
    cloudwatch.put("us-east-1", cloudwatch.findings(3))
    client = client_for(alice)
    interval = source.pull_interval_seconds
    units = PullUnit.objects.filter(source_region__source=source)
    # Due one interval and a dispatch tick ago: not yet overdue.
    units.update(due_at=timezone.now() - timedelta(seconds=interval + settings.RELAY_DISPATCH_SECONDS - 2))
    assert {s["collection_state"] for s in region_states(client, source).values()} == {CollectionState.WAITING}
    # Longer: overdue, with the reason, and the source needs attention.
    long_ago = timezone.now() - timedelta(seconds=interval + settings.RELAY_DISPATCH_SECONDS + 1)
    units.update(due_at=long_ago)
    states = region_states(client, source)
    assert {s["collection_state"] for s in states.values()} == {CollectionState.OVERDUE}
    assert "has not run: check that a relay worker of the endpoint is running" in states["us-east-1"]["last_error"]
    assert client.get(f"/api/v1/log-sources/{source.pk}/").json()["status"] == "needs_attention"
    # A pull running (its lease alive) is never overdue, however late it started.
    units.filter(source_region__region="eu-west-1").update(
        lease_owner="w/1", lease_expires_at=timezone.now() + timedelta(seconds=30)
    )
    assert region_states(client, source)["eu-west-1"]["collection_state"] == CollectionState.WAITING
    # A pull that runs puts the region back to what it found.
    log_events_pull(unit_id=unit(source, "us-east-1").pk, worker="test")
    assert region_states(client, source)["us-east-1"]["collection_state"] == CollectionState.OK
    # What is stored is what the last pull found: "overdue" is only ever shown.
    assert not PullUnit.objects.filter(collection_state=CollectionState.OVERDUE).exists()


@pytest.mark.worker
def test_a_relay_killed_mid_pull_is_taken_over_within_an_interval_and_shown_overdue_with_none_left(
    rig, outage_source, client_for, alice, aws
):
    client = client_for(alice)
    feeder = Feeder(aws.url, REGIONS)
    feeder.backlog("us-east-1", 600)  # a first pull of 60 pages: long enough to be killed in
    feeder.start()
    try:
        rig.beat()
        rig.deploy_worker()
        relays = [rig.relay(), rig.relay()]
        names = [worker_name(relay) for relay in relays]
        holder = wait_for(
            lambda: backlog_pull_running(outage_source), timeout=90, message="the backlog's pull", worker=rig
        )
        victim = next(i for i, name in enumerate(names) if holder.startswith(name + "/"))
        survivor, survivor_name = relays[1 - victim], names[1 - victim]
        relays[victim].kill()
        killed = time.monotonic()
        # The other relay takes the unit over once the dead pull's short lease has run out.
        wait_for(
            lambda: unit(outage_source, "us-east-1").lease_owner.startswith(survivor_name + "/"),
            timeout=30,
            message="the surviving relay takes us-east-1 over",
            worker=rig,
        )
        taken_over = time.monotonic() - killed
        assert taken_over <= INTERVAL + LEASE + 2 * DISPATCH + 2, f"taken over after {taken_over:.1f} s"

        # Now the last relay dies mid-pull (another backlog, in eu-west-1): nobody can take over, and the API says so.
        region = "eu-west-1"
        wait_for(lambda: all_collecting(client, outage_source), timeout=60, message="collecting again", worker=rig)
        before = stored_count(outage_source, region)
        feeder.backlog(region, 600, minutes_ago=0)
        wait_for(
            lambda: backlog_pull_running(outage_source, region, after=before),
            timeout=30,
            message="the second backlog's pull",
            worker=rig,
        )
        survivor.kill()
        killed = time.monotonic()
        wait_for(
            lambda: region_states(client, outage_source)[region]["collection_state"] == CollectionState.OVERDUE,
            timeout=20,
            message=f"{region} overdue",
            worker=rig,
        )
        shown_after = time.monotonic() - killed
        reason = region_states(client, outage_source)[region]["last_error"]
        assert "stopped without finishing" in reason
        page = client.get(reverse("log_sources:detail", args=[outage_source.pk])).content.decode()
        assert "Pull overdue" in page
        # A relay started again (as systemd's Restart=always would) collects everything.
        rig.relay()
        restarted = time.monotonic()
        feeder.stop()
        figures = collected_everything(client, outage_source, feeder, rig, timeout=90)
        recovered = time.monotonic() - restarted
        no_unhandled_pull_errors(rig)
    finally:
        feeder.stop()
    record(
        "relay_killed",
        {
            **figures,
            "taken_over_after_seconds": round(taken_over, 1),
            "overdue_shown_after_seconds": round(shown_after, 1),
            "recovered_after_restart_seconds": round(recovered, 1),
            "shown": reason,
        },
    )
    rig.passed = True

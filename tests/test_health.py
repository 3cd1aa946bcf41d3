"""Collection health: staleness, failing and throttled pulls, failed deploys, and each change announced once.

Time is controlled by judging at a chosen moment (`health_evaluate(now=...)`); AWS is the
emulator, through the fault-injecting proxy where a pull must fail.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from collection.choices import CollectionState
from collection.services import log_events_pull
from deployments.choices import DeployState
from deployments.models import RegionDeployment
from health.choices import HealthLevel
from health.models import HealthChange, SourceHealth
from health.services import health_changes_purge, health_evaluate
from log_sources.models import LogSource
from log_sources.selectors import log_source_state
from notifications.models import Delivery
from notifications.services import channel_create, delivery_attempt
from tenants.models import AuditEvent
from tests import cloudwatch
from tests.states import unit

pytestmark = pytest.mark.django_db


def judged(source, *, now=None):
    """The source as the pages read it (every reader), judged at `now`."""
    from health.selectors import apply_health

    source = log_source_state(LogSource.objects.get(pk=source.pk))
    if now is not None:
        apply_health([source], now=now)
    return source


def region_health(source, region: str):
    return next(r.health for r in source.regions.all() if r.region == region)


@pytest.fixture
def email_channel(alice):
    return channel_create(user=alice, kind="email", name="SOC", target="soc@acme.example").channel


def test_a_quiet_source_turns_warning_then_critical_then_ok_when_a_finding_arrives_with_three_notifications(
    aws, source, email_channel
):
    added = source.created_at
    assert health_evaluate(now=added + timedelta(hours=1)) == []

    [warning] = health_evaluate(now=added + timedelta(hours=25))
    assert (warning.previous, warning.level) == (HealthLevel.OK, HealthLevel.WARNING)
    assert "No event has arrived" in warning.reason and "Warning after 24 h" in warning.reason
    assert warning.since == added + timedelta(hours=24)
    # Still Warning an hour later: nothing new to announce.
    assert health_evaluate(now=added + timedelta(hours=26)) == []

    [critical] = health_evaluate(now=added + timedelta(hours=49))
    assert (critical.previous, critical.level) == (HealthLevel.WARNING, HealthLevel.CRITICAL)
    assert critical.since == added + timedelta(hours=48)
    assert health_evaluate(now=added + timedelta(hours=50)) == []

    cloudwatch.create_group("us-east-1")
    cloudwatch.put("us-east-1", cloudwatch.findings(3))
    log_events_pull(unit_id=unit(source, "us-east-1").pk, worker="test")
    [ok] = health_evaluate(now=timezone.now() + timedelta(minutes=1))
    assert (ok.previous, ok.level) == (HealthLevel.CRITICAL, HealthLevel.OK)
    assert ok.reason == "" and ok.since is None

    deliveries = list(Delivery.objects.filter(channel=email_channel).order_by("pk"))
    assert [d.event for d in deliveries] == ["warning", "critical", "ok"]
    assert deliveries[0].payload["source"]["id"] == source.pk
    assert deliveries[1].payload["previous"] == "warning" and deliveries[1].payload["health"] == "critical"
    for delivery in deliveries:
        delivery_attempt(delivery_id=delivery.pk)
    assert len(mail.outbox) == 3
    assert mail.outbox[0].to == ["soc@acme.example"]
    assert mail.outbox[1].subject.startswith("[Critical] guardduty-123456789012")
    assert "OK again" in mail.outbox[2].subject
    assert HealthChange.objects.filter(source=source).count() == 3


def test_a_source_that_received_events_is_judged_by_its_newest_event_in_any_region(aws, source):
    cloudwatch.create_group("eu-west-1")
    cloudwatch.put("eu-west-1", cloudwatch.findings(2, region="eu-west-1"))
    log_events_pull(unit_id=unit(source, "eu-west-1").pk, worker="test")
    last = unit(source, "eu-west-1").last_event_at
    # Quiet regions are not judged on their own: us-east-1 never had an event, and is OK.
    fresh = judged(source, now=last + timedelta(hours=23))
    assert fresh.health.level == HealthLevel.OK
    assert region_health(fresh, "us-east-1").level == HealthLevel.OK
    quiet = judged(source, now=last + timedelta(hours=30))
    assert quiet.health.level == HealthLevel.WARNING
    assert "No event for 30 h" in quiet.health.reason


def test_thresholds_are_per_source(aws, source, other_source):
    SourceHealth.objects.create(source=source, warning_after_hours=2, critical_after_hours=4)
    at = source.created_at + timedelta(hours=3)
    assert judged(source, now=at).health.level == HealthLevel.WARNING
    assert judged(other_source, now=other_source.created_at + timedelta(hours=3)).health.level == HealthLevel.OK


def test_a_region_whose_pulls_are_refused_is_critical_at_once_and_the_others_stay_ok(aws_faults, source):
    for region in ("us-east-1", "eu-west-1"):
        cloudwatch.create_group(region)
    aws_faults.inject("FilterLogEvents", "AccessDeniedException", region="eu-west-1")
    log_events_pull(unit_id=unit(source, "us-east-1").pk, worker="test")
    log_events_pull(unit_id=unit(source, "eu-west-1").pk, worker="test")
    assert unit(source, "eu-west-1").collection_state == CollectionState.ACCESS_DENIED

    state = judged(source)
    assert state.health.level == HealthLevel.CRITICAL
    assert state.health.reason.startswith("eu-west-1: pulls fail (Access denied)")
    assert region_health(state, "eu-west-1").level == HealthLevel.CRITICAL
    assert region_health(state, "us-east-1").level == HealthLevel.OK
    assert region_health(state, "eu-west-1").since == unit(source, "eu-west-1").state_since


def test_throttled_for_more_than_half_an_hour_is_a_warning(aws_faults, source, settings, monkeypatch):
    settings.RELAY_RATE_LIMIT_PER_SECOND = 50.0
    monkeypatch.setattr("collection.pulls.MAX_BACKOFF_SECONDS", 0.05)
    cloudwatch.create_group("us-east-1")
    aws_faults.inject("FilterLogEvents", "ThrottlingException")
    log_events_pull(unit_id=unit(source, "us-east-1").pk, worker="test")
    since = unit(source, "us-east-1").state_since
    assert region_health(judged(source, now=since + timedelta(minutes=29)), "us-east-1").level == HealthLevel.OK
    late = region_health(judged(source, now=since + timedelta(minutes=31)), "us-east-1")
    assert late.level == HealthLevel.WARNING
    assert "throttled every pull" in late.reason
    assert late.since == since + timedelta(minutes=30)


def test_a_failed_deployment_is_critical(source):
    region = source.regions.get(region="ap-southeast-2")
    failed_at = timezone.now() - timedelta(minutes=5)
    RegionDeployment.objects.create(
        source_region=region, state=DeployState.FAILED, error="CREATE_FAILED: LogGroup exists", updated_at=failed_at
    )
    state = judged(source)
    assert state.health.level == HealthLevel.CRITICAL
    assert "ap-southeast-2: the deployment failed. CREATE_FAILED: LogGroup exists" in state.health.reason
    assert state.health.since == failed_at


def test_a_paused_source_is_not_judged(source):
    LogSource.objects.filter(pk=source.pk).update(paused_reason="Its account left the Organization.")
    state = judged(source, now=source.created_at + timedelta(days=10))
    assert state.health.level == HealthLevel.OK
    assert "Not collected" in state.health.reason


def test_two_evaluators_at_once_announce_a_change_once(source, email_channel):
    at = source.created_at + timedelta(hours=25)
    first = health_evaluate(now=at)
    second = health_evaluate(now=at)
    assert len(first) == 1 and second == []
    assert Delivery.objects.filter(channel=email_channel).count() == 1


def test_old_health_changes_are_purged_and_purging_never_announces_a_change_again(source, email_channel, settings):
    settings.HEALTH_CHANGE_RETENTION_DAYS = 30
    warned_at = source.created_at + timedelta(hours=25)
    assert len(health_evaluate(now=warned_at)) == 1
    later = warned_at + timedelta(days=31)
    HealthChange.objects.create(
        tenant_id=source.tenant_id, source=source, source_label="recent", previous="ok", level="ok", created_at=later
    )
    assert health_changes_purge(now=later) == 1
    assert list(HealthChange.objects.values_list("source_label", flat=True)) == ["recent"]
    # The level last announced is kept apart: the next pass finds nothing new to say.
    assert SourceHealth.objects.get(source=source).level == HealthLevel.WARNING
    assert health_evaluate(now=warned_at) == []
    assert Delivery.objects.filter(channel=email_channel).count() == 1


# --- Thresholds, pages and API -----------------------------------------------------------------


def test_thresholds_change_through_the_api_and_are_audited(client_for, alice, source):
    api = client_for(alice)
    url = f"/api/v1/log-sources/{source.pk}/health/"
    response = api.patch(url, {"warning_after_hours": 6, "critical_after_hours": 12}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["warning_after_hours"], body["critical_after_hours"]) == (6, 12)
    assert body["level"] == "ok"
    event = AuditEvent.objects.get(action="source.health_thresholds")
    assert event.details["critical_after_hours"] == [48, 12]
    assert api.get(f"/api/v1/log-sources/{source.pk}/").json()["health"]["warning_after_hours"] == 6


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"warning_after_hours": 48, "critical_after_hours": 24}, "critical_after_hours", "must be more than"),
        ({"warning_after_hours": 0}, "warning_after_hours", "between 1 and 8760"),
        ({"critical_after_hours": 100000}, "critical_after_hours", "between 1 and 8760"),
        ({"warning_after_hours": "soon"}, "warning_after_hours", "whole number of hours"),
        ({"warning_after_hours": True}, "warning_after_hours", "whole number of hours"),
        ({"warning_after_hours": 1.5}, "warning_after_hours", "whole number of hours"),
        ({"level": "ok"}, "level", "not a health setting"),
    ],
)
def test_bad_thresholds_are_refused_naming_the_field_and_nothing_is_stored(
    client_for, alice, source, body, field, words
):
    response = client_for(alice).patch(
        f"/api/v1/log-sources/{source.pk}/health/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert any(words in message for message in response.json()[field])
    assert not SourceHealth.objects.filter(source=source).exists()


def test_a_read_only_member_may_see_health_but_not_change_thresholds(client_for, bob, source):
    api = client_for(bob)
    assert api.get(f"/api/v1/log-sources/{source.pk}/health/").status_code == 200
    response = api.patch(
        f"/api/v1/log-sources/{source.pk}/health/", {"warning_after_hours": 2}, content_type="application/json"
    )
    assert response.status_code == 403


def test_another_tenants_source_health_is_a_404(client_for, charlie, source):
    assert client_for(charlie).get(f"/api/v1/log-sources/{source.pk}/health/").status_code == 404


def test_the_health_api_lists_every_source_and_region_worst_first(client_for, alice, source, other_source):
    RegionDeployment.objects.create(
        source_region=source.regions.get(region="eu-west-1"), state=DeployState.FAILED, error="boom"
    )
    rows = client_for(alice).get("/api/v1/health/").json()
    assert rows[0] == {
        "source": source.pk,
        "hostname": source.hostname,
        "aws_account_number": source.aws_account_number,
        "region": None,
        "health": "critical",
        "reason": rows[0]["reason"],
        "since": rows[0]["since"],
    }
    regions = {row["region"]: row["health"] for row in rows if row["region"]}
    assert regions == {"us-east-1": "ok", "eu-west-1": "critical", "ap-southeast-2": "ok"}
    assert other_source.pk not in {row["source"] for row in rows}
    assert client_for(alice).get("/api/v1/health/?health=ok").json() == []
    bad = client_for(alice).get("/api/v1/health/?health=red")
    assert bad.status_code == 400 and "health" in bad.json()


def test_external_sources_shows_health_and_filters_by_it(client_for, alice, source, endpoint):
    from log_sources.services import log_source_create

    quiet = log_source_create(
        user=alice,
        data={
            "endpoint": endpoint.pk,
            "hostname": "quiet-account",
            "aws_account_number": "210987654321",
            "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
            "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "regions": ["us-east-1"],
            "mode": "manual",
        },
    )
    LogSource.objects.filter(pk=quiet.pk).update(created_at=timezone.now() - timedelta(hours=30))
    page = client_for(alice)
    listing = page.get("/sources/").content.decode()
    assert "<th>Health</th>" in listing and "health-warning" in listing
    only_warning = page.get("/sources/?health=warning").content.decode()
    assert "quiet-account" in only_warning and source.hostname not in only_warning
    refused = page.get("/sources/?health=purple")
    assert refused.status_code == 400 and "Health must be one of" in refused.content.decode()

    health_page = page.get("/health/").content.decode()
    assert "quiet-account" in health_page and "No event has arrived" in health_page
    assert source.hostname not in health_page.split('id="health-changes"')[0]


def test_thresholds_form_on_the_source_page(client_for, alice, source):
    page = client_for(alice)
    response = page.post(
        f"/health/sources/{source.pk}/thresholds/", {"warning_after_hours": "12", "critical_after_hours": "6"}
    )
    assert response.status_code == 302
    assert not SourceHealth.objects.filter(source=source).exists()
    followed = page.get(f"/sources/{source.pk}/").content.decode()
    assert "critical_after_hours (6) must be more than warning_after_hours (12)" in followed
    page.post(f"/health/sources/{source.pk}/thresholds/", {"warning_after_hours": "12", "critical_after_hours": "36"})
    assert SourceHealth.objects.get(source=source).critical_after_hours == 36


def test_guardduty_off_in_one_region_of_the_emulator_makes_that_region_critical_and_the_others_ok(
    aws, source, client_for, alice
):
    from deployments.services import coverage_refresh
    from tests import guardduty

    guardduty.detectors(aws, ["us-east-1", "eu-west-1", "ap-southeast-2"], suspended={"eu-west-1"})
    coverage_refresh(source=source)

    state = judged(source)
    assert region_health(state, "eu-west-1").level == HealthLevel.CRITICAL
    assert "detector is suspended" in region_health(state, "eu-west-1").reason
    assert region_health(state, "us-east-1").level == HealthLevel.OK
    assert region_health(state, "ap-southeast-2").level == HealthLevel.OK
    assert state.health.level == HealthLevel.CRITICAL

    [change] = health_evaluate()
    assert change.level == HealthLevel.CRITICAL and change.reason.startswith("eu-west-1:")

    body = client_for(alice).get(f"/api/v1/log-sources/{source.pk}/").json()
    assert body["health"]["level"] == "critical"
    assert {row["region"]: row["detector_status"] for row in body["coverage"]} == {
        "ap-southeast-2": "enabled",
        "eu-west-1": "disabled",
        "us-east-1": "enabled",
    }
    states = {row["region"]: row for row in body["region_states"]}
    assert states["eu-west-1"]["health"]["level"] == "critical"
    assert states["us-east-1"]["health"] == {"level": "ok", "label": "OK", "reason": "", "since": None}


def test_a_region_whose_coverage_could_not_be_checked_is_a_warning(aws_faults, source):
    from deployments.services import coverage_refresh

    aws_faults.inject("ListDetectors", "AccessDeniedException", region="us-east-1")
    coverage_refresh(source=source)
    state = judged(source)
    east = region_health(state, "us-east-1")
    assert east.level == HealthLevel.WARNING and "could not be checked" in east.reason
    # The other regions were checked and have no detector at all in the emulator.
    assert region_health(state, "eu-west-1").level == HealthLevel.CRITICAL
    assert "not enabled" in region_health(state, "eu-west-1").reason


def test_a_silent_source_a_failing_region_and_guardduty_off_are_each_on_the_health_page_and_announced_once(
    aws_faults, alice, source, endpoint, client_for, receiver, private_ok
):
    """What the Health page is for, end to end: each problem seen, and told once by email and by signed webhook."""
    from deployments.services import coverage_refresh
    from log_sources.services import log_source_create
    from tests import guardduty
    from tests.webhooks import verify

    def add(hostname: str, regions: list[str]):
        return log_source_create(
            user=alice,
            data={
                "endpoint": endpoint.pk,
                "hostname": hostname,
                "aws_account_number": "123456789012",
                "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
                "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "regions": regions,
                "mode": "manual",
            },
        )

    silent = add("silent-account", ["us-east-1"])
    LogSource.objects.filter(pk=silent.pk).update(created_at=timezone.now() - timedelta(hours=30))
    # `source` (us-east-1, eu-west-1, ap-southeast-2): its eu-west-1 pulls are refused.
    for region in ("us-east-1", "eu-west-1"):
        cloudwatch.create_group(region)
    aws_faults.inject("FilterLogEvents", "AccessDeniedException", region="eu-west-1")
    log_events_pull(unit_id=unit(source, "eu-west-1").pk, worker="test")
    # GuardDuty suspended in us-west-2, which only `guarded` collects from.
    guardduty.detectors(aws_faults, ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"], suspended={"us-west-2"})
    guarded = add("guardduty-off-account", ["us-east-1", "us-west-2"])
    coverage_refresh(source=guarded)

    hook = receiver()
    email = channel_create(user=alice, kind="email", name="SOC mail", target="soc@acme.example").channel
    webhook = channel_create(user=alice, kind="webhook", name="SOC hook", target=hook.url)
    changes = {change.source_label: change for change in health_evaluate()}
    assert {label: change.level for label, change in changes.items()} == {
        "silent-account": HealthLevel.WARNING,
        source.hostname: HealthLevel.CRITICAL,
        "guardduty-off-account": HealthLevel.CRITICAL,
    }
    assert health_evaluate() == []  # the same problems again: nothing new to tell

    page = client_for(alice).get("/health/").content.decode()
    for words in ("No event has arrived", "eu-west-1: pulls fail (Access denied)", "us-west-2: the GuardDuty detector"):
        assert words in page

    for delivery in Delivery.objects.order_by("pk"):
        delivery_attempt(delivery_id=delivery.pk)
    assert sorted(m.subject.split("]")[0] for m in mail.outbox) == ["[Critical", "[Critical", "[Warning"]
    assert Delivery.objects.filter(channel=email).count() == 3
    assert len(hook.requests) == 3
    for request in hook.requests:
        assert verify(webhook.secret, request["headers"], request["body"])
        assert not verify("not the secret", request["headers"], request["body"])
    bodies = {json.loads(r["body"])["source"]["hostname"]: json.loads(r["body"]) for r in hook.requests}
    assert bodies["guardduty-off-account"]["regions"] == [
        {
            "region": "us-west-2",
            "health": "critical",
            "reason": bodies["guardduty-off-account"]["regions"][0]["reason"],
            "since": bodies["guardduty-off-account"]["regions"][0]["since"],
        }
    ]
    assert bodies[source.hostname]["previous"] == "ok" and bodies[source.hostname]["health"] == "critical"

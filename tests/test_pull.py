"""Pulls of GuardDuty findings from CloudWatch Logs (moto over HTTP), in process.

The pull engine's own service runs against the emulator; tests/test_relay_workers.py runs the same
through real Celery worker processes.
"""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from collection.choices import CollectionState
from collection.services import log_events_pull
from events.models import LogEvent
from log_sources.selectors import log_source_state
from tests import cloudwatch
from tests.conftest import ACCOUNT
from tests.states import unit, units

REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]


def pull(source, region, **kwargs):
    return log_events_pull(unit_id=unit(source, region).pk, worker="test", **kwargs)


def stored(source, region=None) -> list[str]:
    events = LogEvent.objects.filter(source=source)
    if region:
        events = events.filter(region=region)
    return list(events.values_list("event_id", flat=True))


@pytest.fixture
def empty_pages(aws, monkeypatch):
    proxy = cloudwatch.EmptyPagesProxy(aws.url, ratio=0.35)
    monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)
    yield proxy
    proxy.close()


def test_it_pulls_every_region_across_many_pages_including_empty_ones(aws, source):
    for n, region in enumerate(REGIONS):
        cloudwatch.put(region, cloudwatch.findings(60 + n * 10, region=region, seed=n))
    # Seeded first: the proxy then answers about a third of the calls with an empty page.
    proxy = cloudwatch.EmptyPagesProxy(aws.url, ratio=0.35)
    try:
        import os

        os.environ["AWS_ENDPOINT_URL"] = proxy.url
        results = [pull(source, region, page_limit=7) for region in REGIONS]
    finally:
        os.environ["AWS_ENDPOINT_URL"] = aws.url
        proxy.close()
    assert proxy.empty_pages > 3
    for n, (region, result) in enumerate(zip(REGIONS, results, strict=True)):
        assert result.state == CollectionState.OK, result
        assert 0 in result.page_sizes  # empty pages were paged through, not taken as the end
        assert result.pages > (60 + n * 10) // 7
        assert len(stored(source, region)) == 60 + n * 10
        assert len(set(stored(source, region))) == 60 + n * 10
    assert LogEvent.objects.filter(source=source).exclude(malformed=False).count() == 0


def test_it_stores_a_late_event_inside_the_window_exactly_once(aws, source):
    start = cloudwatch.now_ms() - 120_000
    cloudwatch.put("us-east-1", cloudwatch.findings(30, start_ms=start, step_ms=1000))
    first = pull(source, "us-east-1", page_limit=10)
    assert first.stored == 30
    checkpoint = unit(source, "us-east-1").checkpoint_ms
    assert checkpoint == start + 29_000
    # An event that became readable late: its time is before the checkpoint, inside the window.
    late = cloudwatch.findings(1, start_ms=checkpoint - 5 * 60_000, seed=99)
    cloudwatch.put("us-east-1", late, stream="late-stream")
    second = pull(source, "us-east-1", page_limit=10)
    assert second.state == CollectionState.OK
    assert second.stored == 1  # the late one; the 30 re-read in the window are not stored again
    assert second.fetched == 31
    assert LogEvent.objects.filter(source=source).count() == 31
    third = pull(source, "us-east-1")
    assert third.stored == 0
    assert LogEvent.objects.filter(source=source).count() == 31


def test_events_sharing_a_millisecond_all_arrive(aws, source):
    same_ms = cloudwatch.now_ms() - 30_000
    cloudwatch.put("us-east-1", cloudwatch.findings(40, start_ms=same_ms, step_ms=0))
    result = pull(source, "us-east-1", page_limit=6)
    assert result.stored == 40
    # More events in the same millisecond arrive after the first pull: none is skipped.
    cloudwatch.put("us-east-1", cloudwatch.findings(15, start_ms=same_ms, step_ms=0, seed=2), stream="second")
    again = pull(source, "us-east-1", page_limit=6)
    assert again.stored == 15
    assert LogEvent.objects.filter(source=source).count() == 55


def test_a_crash_between_pages_loses_and_duplicates_nothing(aws, source):
    cloudwatch.put("us-east-1", cloudwatch.findings(50, step_ms=10))

    class Crash(Exception):
        pass

    def crash_after_two_pages(result):
        if result.pages == 2:
            raise Crash

    with pytest.raises(Crash):
        pull(source, "us-east-1", page_limit=10, on_page=crash_after_two_pages)
    assert LogEvent.objects.filter(source=source).count() == 20  # two committed pages
    assert unit(source, "us-east-1").lease_owner == ""  # the crash released the lease
    result = pull(source, "us-east-1", page_limit=10)
    assert result.state == CollectionState.OK
    assert LogEvent.objects.filter(source=source).count() == 50


def test_throttling_on_a_share_of_calls_loses_nothing_and_never_fails(aws_faults, source, settings):
    settings.RELAY_RATE_LIMIT_PER_SECOND = 50.0
    cloudwatch.put("us-east-1", cloudwatch.findings(80))
    aws_faults.inject("FilterLogEvents", "ThrottlingException", ratio=0.3)
    result = pull(source, "us-east-1", page_limit=8)
    assert aws_faults.injected("FilterLogEvents") > 0
    assert result.throttled > 0
    assert result.state == CollectionState.OK
    assert LogEvent.objects.filter(source=source).count() == 80


def test_persistent_throttling_is_a_state_not_a_failure(aws_faults, source, settings, monkeypatch):
    settings.RELAY_RATE_LIMIT_PER_SECOND = 50.0
    monkeypatch.setattr("collection.pulls.MAX_BACKOFF_SECONDS", 0.05)
    cloudwatch.put("us-east-1", cloudwatch.findings(5))
    aws_faults.inject("FilterLogEvents", "ThrottlingException")
    result = pull(source, "us-east-1")
    row = unit(source, "us-east-1")
    assert row.collection_state == CollectionState.THROTTLED
    assert "throttling" in row.last_error
    assert row.consecutive_failures == 0
    assert log_source_state(source).status != "needs_attention"
    aws_faults.clear()
    assert pull(source, "us-east-1").state == CollectionState.OK
    assert result.stored == 0 and LogEvent.objects.filter(source=source).count() == 5


def test_access_denied_in_one_region_leaves_the_others_collecting_and_recovers(aws_faults, source):
    for region in REGIONS:
        cloudwatch.put(region, cloudwatch.findings(12, region=region))
    aws_faults.inject("FilterLogEvents", "AccessDeniedException", region="eu-west-1")
    results = {region: pull(source, region) for region in REGIONS}
    assert results["us-east-1"].state == CollectionState.OK
    assert results["ap-southeast-2"].state == CollectionState.OK
    denied = unit(source, "eu-west-1")
    assert denied.collection_state == CollectionState.ACCESS_DENIED
    assert "logs:FilterLogEvents" in denied.last_error and "eu-west-1" in denied.last_error
    assert denied.next_pull_at > timezone.now()
    assert len(stored(source, "eu-west-1")) == 0
    assert len(stored(source)) == 24

    aws_faults.clear()
    assert pull(source, "eu-west-1").state == CollectionState.OK
    recovered = unit(source, "eu-west-1")
    assert recovered.collection_state == CollectionState.OK and recovered.last_error == ""
    assert len(stored(source)) == 36


def test_a_region_without_the_log_group_says_the_template_is_not_deployed_there(aws, source):
    cloudwatch.put("us-east-1", cloudwatch.findings(3))
    assert pull(source, "us-east-1").state == CollectionState.OK
    result = pull(source, "eu-west-1")
    row = unit(source, "eu-west-1")
    assert result.state == row.collection_state == CollectionState.LOG_GROUP_MISSING
    assert "Armor_GuardDuty_Log_Group" in row.last_error and "not deployed" in row.last_error


def test_unknown_credentials_are_reported_as_invalid(aws, source):
    cloudwatch.put("us-east-1", cloudwatch.findings(3))
    aws.enforce_iam(True)
    result = pull(source, "us-east-1")
    aws.enforce_iam(False)
    row = unit(source, "us-east-1")
    assert row.collection_state == CollectionState.CREDENTIALS_INVALID
    assert "MPLE" in row.last_error  # the last 4 of the key, never the secret
    assert "EXAMPLEKEY" not in row.last_error and result.stored == 0


def test_a_malformed_message_is_stored_raw_and_flagged(aws, source):
    not_json = "this is not { json"
    not_guardduty = json.dumps({"source": "aws.ec2", "detail-type": "EC2 Instance State-change", "detail": {}})
    messages = [*cloudwatch.findings(2), (cloudwatch.now_ms(), not_json), (cloudwatch.now_ms(), not_guardduty)]
    cloudwatch.put("us-east-1", messages)
    result = pull(source, "us-east-1")
    assert result.state == CollectionState.OK
    flagged = LogEvent.objects.filter(source=source, malformed=True)
    assert sorted(flagged.values_list("message", flat=True)) == sorted([not_json, not_guardduty])
    assert LogEvent.objects.filter(source=source, malformed=False).count() == 2


def test_last_event_and_last_pull_move(aws, source):
    start = cloudwatch.now_ms() - 10_000
    cloudwatch.put("us-east-1", cloudwatch.findings(5, start_ms=start, step_ms=1000))
    pull(source, "us-east-1")
    row = unit(source, "us-east-1")
    shown = log_source_state(source)
    assert int(row.last_event_at.timestamp() * 1000) == start + 4000
    assert shown.last_event_at == row.last_event_at
    assert row.last_pull_at is not None and shown.last_pull_at == row.last_pull_at


def test_a_unit_held_by_another_worker_is_skipped_until_its_lease_expires(aws, source):
    cloudwatch.put("us-east-1", cloudwatch.findings(3))
    row = unit(source, "us-east-1")
    row.lease_owner = "other-worker/1"
    row.lease_expires_at = timezone.now() + timezone.timedelta(minutes=5)
    row.save()
    assert pull(source, "us-east-1").skipped == "leased"
    assert LogEvent.objects.filter(source=source).count() == 0
    row.lease_expires_at = timezone.now() - timezone.timedelta(seconds=1)  # its worker died
    row.save()
    assert pull(source, "us-east-1").stored == 3


def test_findings_delivered_by_eventbridge_parse(aws, source):
    """The real path: an EventBridge rule routes aws.guardduty events into the log group."""
    region = "us-east-1"
    cloudwatch.create_group(region)
    events = cloudwatch.aws.client("events", region=region, credentials=cloudwatch.CREDENTIALS)
    group_arn = f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{cloudwatch.GROUP}"
    events.put_rule(
        Name="guardduty-to-logs",
        EventPattern=json.dumps({"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"]}),
    )
    events.put_targets(Rule="guardduty-to-logs", Targets=[{"Id": "logs", "Arn": group_arn}])
    from demo.findings import finding

    envelope = finding(region=region)
    events.put_events(
        Entries=[
            {
                "Source": "aws.guardduty",
                "DetailType": "GuardDuty Finding",
                "Detail": json.dumps(envelope["detail"]),
            }
        ]
    )
    result = pull(source, region)
    assert result.stored == 1
    event = LogEvent.objects.get(source=source)
    assert not event.malformed
    assert event.finding_id == envelope["detail"]["id"]
    assert event.account_id == ACCOUNT  # from detail.accountId: the emulator leaves `account` out
    assert event.severity == envelope["detail"]["severity"]
    assert event.tenant_id == source.tenant_id


def test_pull_now_needs_write_log_relays_and_makes_every_region_due(
    aws, alice, bob, source, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from collection.services import log_source_pull_now
    from core.errors import PermissionMissing

    units(source).update(next_pull_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(PermissionMissing) as exc:
        log_source_pull_now(user=bob, source=source)
    assert "Write Log Relays" in str(exc.value)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        log_source_pull_now(user=alice, source=source)
    assert len(callbacks) == 1
    # The pulls were queued on commit and claimed: each region's next pull is one interval out.
    for row in units(source):
        assert timezone.now() < row.next_pull_at <= timezone.now() + timedelta(seconds=61)


def test_dispatch_skips_units_that_are_not_due_or_are_held(aws, source):
    from datetime import timedelta

    from collection import pulls

    now = timezone.now()
    units(source).filter(source_region__region="us-east-1").update(next_pull_at=now + timedelta(minutes=1))
    units(source).filter(source_region__region="eu-west-1").update(
        next_pull_at=now, lease_owner="w/1", lease_expires_at=now + timedelta(minutes=1)
    )
    due = [unit_id for unit_id, _, _ in pulls.due_units()]
    assert due == [unit(source, "ap-southeast-2").pk]


def test_the_time_a_state_began_moves_only_when_the_state_changes(aws_faults, source, settings, monkeypatch):
    settings.RELAY_RATE_LIMIT_PER_SECOND = 50.0
    monkeypatch.setattr("collection.pulls.MAX_BACKOFF_SECONDS", 0.05)
    cloudwatch.create_group("us-east-1")
    aws_faults.inject("FilterLogEvents", "ThrottlingException")
    pull(source, "us-east-1")
    first = unit(source, "us-east-1")
    assert first.collection_state == CollectionState.THROTTLED and first.state_since is not None
    pull(source, "us-east-1")
    assert unit(source, "us-east-1").state_since == first.state_since
    aws_faults.clear()
    pull(source, "us-east-1")
    after = unit(source, "us-east-1")
    assert after.collection_state == CollectionState.OK and after.state_since > first.state_since

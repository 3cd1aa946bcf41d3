"""The health demo of `make run`, against the emulator: a region with GuardDuty off, a quiet source, a channel."""

from __future__ import annotations

import pytest

from collection.services import log_events_pull
from demo import health as demo_health
from health.choices import HealthLevel
from health.services import health_evaluate
from log_sources.models import LogSource
from notifications.models import Delivery, NotificationChannel
from tests.guardduty import client
from tests.states import unit

pytestmark = pytest.mark.django_db


def test_the_demo_makes_a_quiet_source_that_turns_warning_and_switches_guardduty_off_in_one_region(
    aws, portal_principal, alice, endpoint
):
    demo_health.create_demo_health(user=alice, endpoint=endpoint, out=lambda line: None)
    # Run again (every make run does): nothing doubles.
    demo_health.create_demo_health(user=alice, endpoint=endpoint, out=lambda line: None)

    for region, enabled in ((demo_health.DETECTOR_OFF_REGION, False), ("us-east-1", True)):
        guardduty = client(aws, region)
        [detector] = guardduty.list_detectors()["DetectorIds"]
        assert (guardduty.get_detector(DetectorId=detector)["Status"] == "ENABLED") is enabled

    quiet = LogSource.objects.get(hostname=f"guardduty-{demo_health.QUIET_ACCOUNT}-quiet")
    assert quiet.uses_role and quiet.regions.count() == len(demo_health.QUIET_REGIONS)
    for region in demo_health.QUIET_REGIONS:
        log_events_pull(unit_id=unit(quiet, region).pk, worker="test")
    assert unit(quiet, "us-east-1").last_event_at is not None

    [change] = health_evaluate()
    assert change.source_id == quiet.pk and change.level == HealthLevel.WARNING
    channel = NotificationChannel.objects.get(name=demo_health.CHANNEL_NAME)
    assert Delivery.objects.get(channel=channel).event == "warning"

"""The canary: a sample finding sent through GuardDuty (the emulator's stand-in), pulled, indexed and timed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from collection.services import log_events_pull
from deployments import services
from deployments.models import SampleFinding
from events.models import LogEvent
from events.services import log_events_index_all
from health.canary import sample_findings_follow
from tenants.models import AuditEvent
from tests.conftest import ACCOUNT
from tests.guardduty import client as guardduty
from tests.states import unit
from tests.test_deploy import run


@pytest.fixture
def deployed(aws_faults, alice, source, django_capture_on_commit_callbacks):
    """The source's template launched, and GuardDuty on in us-east-1 only."""
    run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))
    guardduty(aws_faults, "us-east-1").create_detector(Enable=True)
    return source


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_a_sample_finding_is_stored_and_searchable_and_its_delays_recorded(deployed, alice):
    sample = services.sample_finding_send(user=alice, source=deployed, region="us-east-1")
    assert sample.status == "sent" and sample.finding_type == "Recon:EC2/PortProbeUnprotectedPort"

    # Nothing collected yet: still pending.
    assert sample_findings_follow() == 1
    log_events_pull(unit_id=unit(deployed, "us-east-1").pk, worker="test")
    event = LogEvent.objects.get(source=deployed, region="us-east-1")
    envelope = json.loads(event.message)
    assert envelope["detail"]["service"]["additionalInfo"]["sample"] is True
    assert envelope["detail-type"] == "GuardDuty Finding" and envelope["account"] == ACCOUNT
    assert event.finding_type == sample.finding_type

    assert sample_findings_follow() == 1  # stored, not yet searchable
    sample.refresh_from_db()
    assert sample.status == "stored" and sample.stored_at == event.ingested_at and sample.searchable_at is None

    log_events_index_all()
    assert sample_findings_follow() == 0
    sample.refresh_from_db()
    assert sample.status == "searchable" and sample.searchable_at >= sample.stored_at
    assert sample.event_id == event.event_id
    assert 0 <= sample.stored_seconds <= sample.searchable_seconds

    figures = api_as(alice).get(f"/api/v1/log-sources/{deployed.pk}/").json()
    east = next(r for r in figures["region_states"] if r["region"] == "us-east-1")["sample_finding"]
    assert east["status"] == "searchable"
    assert east["stored_seconds"] == pytest.approx(sample.stored_seconds)
    assert east["median_searchable_seconds"] == pytest.approx(sample.searchable_seconds)
    assert AuditEvent.objects.filter(action="source.sample_finding").count() == 1


def test_an_ordinary_finding_of_the_same_type_is_not_taken_for_the_sample(deployed, alice):
    from demo.findings import finding, message

    sample = services.sample_finding_send(user=alice, source=deployed, region="us-east-1")
    envelope = finding(account=ACCOUNT, region="us-east-1", kind="Recon:EC2/PortProbeUnprotectedPort")
    LogEvent.objects.create(
        tenant=deployed.tenant,
        source=deployed,
        region="us-east-1",
        event_id="ordinary-1",
        timestamp=timezone.now(),
        finding_type=envelope["detail"]["type"],
        message=message(envelope),
    )
    sample_findings_follow()
    sample.refresh_from_db()
    assert sample.status == "sent" and sample.event_id == ""


def test_a_sample_not_seen_for_30_minutes_times_out(deployed, alice):
    sample = services.sample_finding_send(user=alice, source=deployed, region="us-east-1")

    assert sample_findings_follow(now=sample.requested_at + timedelta(minutes=31)) == 0

    sample.refresh_from_db()
    assert sample.status == "timed_out" and "30 minutes" in sample.error


def test_one_sample_at_a_time_per_region(deployed, alice):
    first = services.sample_finding_send(user=alice, source=deployed, region="us-east-1")
    second = api_as(alice).post(
        f"/api/v1/log-sources/{deployed.pk}/sample-finding/", {"region": "us-east-1"}, format="json"
    )
    assert second.status_code == 409 and "still on its way" in second.json()["detail"]
    assert SampleFinding.objects.count() == 1
    # Once the first is done, the region may have another.
    SampleFinding.objects.filter(pk=first.pk).update(status="searchable")
    services.sample_finding_send(user=alice, source=deployed, region="us-east-1")
    assert SampleFinding.objects.count() == 2


def test_the_api_accepts_a_sample_with_202(deployed, alice):
    response = api_as(alice).post(
        f"/api/v1/log-sources/{deployed.pk}/sample-finding/", {"region": "us-east-1"}, format="json"
    )

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["region"] == "us-east-1" and body["status"] == "sent" and body["requested_at"]
    assert SampleFinding.objects.get(pk=body["id"]).source_region.source_id == deployed.pk


def test_a_read_only_user_gets_403(deployed, bob):
    response = api_as(bob).post(
        f"/api/v1/log-sources/{deployed.pk}/sample-finding/", {"region": "us-east-1"}, format="json"
    )

    assert response.status_code == 403
    assert "Write Log Relays" in response.content.decode()
    assert not SampleFinding.objects.exists()


@pytest.mark.parametrize("body", [{"region": "us-west-2"}, {}, {"region": 7}])
def test_a_region_not_on_the_source_is_a_400_naming_the_field(deployed, alice, body):
    response = api_as(alice).post(f"/api/v1/log-sources/{deployed.pk}/sample-finding/", body, format="json")

    assert response.status_code == 400, response.content
    assert "region" in response.content.decode()
    assert not SampleFinding.objects.exists()


def test_a_region_without_a_detector_is_refused_and_nothing_is_stored(deployed, alice):
    response = api_as(alice).post(
        f"/api/v1/log-sources/{deployed.pk}/sample-finding/", {"region": "eu-west-1"}, format="json"
    )

    assert response.status_code == 409
    assert "eu-west-1" in response.json()["detail"] and "no detector" in response.json()["detail"]
    assert not SampleFinding.objects.exists()


def test_a_denied_create_sample_findings_names_the_permission(deployed, alice, aws_faults):
    aws_faults.inject("CreateSampleFindings", "AccessDeniedException")

    response = api_as(alice).post(
        f"/api/v1/log-sources/{deployed.pk}/sample-finding/", {"region": "us-east-1"}, format="json"
    )

    assert response.status_code == 409
    assert "guardduty:CreateSampleFindings" in response.json()["detail"]
    assert not SampleFinding.objects.exists()


def test_the_page_sends_a_sample_and_shows_the_figures(deployed, alice, client_for):
    client = client_for(alice)
    response = client.post(f"/aws/sources/{deployed.pk}/sample-finding/", {"region": "us-east-1"})
    assert response.status_code == 302
    assert SampleFinding.objects.count() == 1
    page = client.get(f"/sources/{deployed.pk}/").content.decode()
    assert (
        'id="sample-finding"' in page and 'data-sample-finding="us-east-1"' in page and "Send a sample finding" in page
    )

"""GuardDuty coverage per source region, against the emulator's detectors over HTTP."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from deployments import services
from deployments.coverage import plans_of
from deployments.models import RegionCoverage
from log_sources.selectors import log_source_get
from tests.guardduty import client as guardduty
from tests.test_deploy import THREE, run


def coverage_of(source) -> dict[str, RegionCoverage]:
    return {row.source_region.region: row for row in RegionCoverage.objects.filter(source_region__source=source)}


@pytest.fixture
def detectors(aws):
    """GuardDuty on in us-east-1 (with S3 and EKS audit logs), suspended in eu-west-1, absent in ap-southeast-2."""
    east = guardduty(aws, "us-east-1").create_detector(
        Enable=True,
        Features=[
            {"Name": "S3_DATA_EVENTS", "Status": "ENABLED"},
            {"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"},
            {"Name": "RDS_LOGIN_EVENTS", "Status": "DISABLED"},
        ],
    )["DetectorId"]
    west = guardduty(aws, "eu-west-1")
    west_id = west.create_detector(Enable=True)["DetectorId"]
    west.update_detector(DetectorId=west_id, Enable=False)
    return {"us-east-1": east, "eu-west-1": west_id}


def test_each_region_gets_its_detector_status_and_plans(aws, source, detectors):
    found = {c.region: c for c in services.coverage_refresh(source=source)}

    assert {region: c.status for region, c in found.items()} == {
        "us-east-1": "enabled",
        "eu-west-1": "disabled",
        "ap-southeast-2": "missing",
    }
    stored = coverage_of(source)
    east = stored["us-east-1"]
    assert east.detector_id == detectors["us-east-1"]
    assert east.plans["s3"] is True and east.plans["eks_audit_logs"] is True
    assert east.plans["rds_login_events"] is False and east.plans["runtime_monitoring"] is False
    assert east.checked_at and east.status_since and east.error == ""
    assert stored["eu-west-1"].detector_id == detectors["eu-west-1"]
    assert stored["ap-southeast-2"].detector_id == ""


def test_status_since_stays_while_the_status_stays_and_moves_when_it_changes(aws, source, detectors):
    services.coverage_refresh(source=source)
    first = coverage_of(source)
    services.coverage_refresh(source=source)
    second = coverage_of(source)
    assert second["us-east-1"].status_since == first["us-east-1"].status_since
    assert second["us-east-1"].checked_at > first["us-east-1"].checked_at

    guardduty(aws, "eu-west-1").update_detector(DetectorId=detectors["eu-west-1"], Enable=True)
    services.coverage_refresh(source=source)
    third = coverage_of(source)
    assert third["eu-west-1"].detector_status == "enabled"
    assert third["eu-west-1"].status_since > first["eu-west-1"].status_since


def test_a_region_never_checked_reads_as_unknown(aws, alice, source):
    region = log_source_get(user=alice, pk=source.pk).regions.all()[0]
    from log_sources.extensions import read_into

    (read,) = read_into([log_source_get(user=alice, pk=source.pk)])
    for region in read.regions.all():
        assert region.coverage.detector_status == "unknown"
        assert region.coverage.checked_at is None and region.coverage.status_since is None
        assert region.coverage.error


def test_plans_fall_back_to_data_sources_when_features_are_absent():
    detector = {
        "Status": "ENABLED",
        "DataSources": {"S3Logs": {"Status": "ENABLED"}, "Kubernetes": {"AuditLogs": {"Status": "DISABLED"}}},
    }
    assert plans_of(detector)["s3"] is True
    assert plans_of(detector)["eks_audit_logs"] is False
    assert (
        plans_of({"Features": [{"Name": "EKS_RUNTIME_MONITORING", "Status": "ENABLED"}]})["runtime_monitoring"] is True
    )


def test_test_connection_shows_the_guardduty_check_and_stores_coverage(aws, alice, source, detectors):
    run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))

    result = services.connection_verify(user=alice, source=source)

    checks = {r["region"]: {c["name"]: c for c in r["checks"]} for r in result["regions"]}
    east = checks["us-east-1"]["guardduty_detector"]
    assert east["ok"] is True and "S3 protection" in east["message"] and "EKS audit logs" in east["message"]
    west = checks["eu-west-1"]["guardduty_detector"]
    assert west["ok"] is False and "suspended" in west["message"] and "update-detector" in west["message"]
    south = checks["ap-southeast-2"]["guardduty_detector"]
    assert south["ok"] is False and "no detector" in south["message"]
    # Reading the log group works everywhere: GuardDuty's state informs, it does not fail the test.
    assert result["ok"] is True
    assert {r: c.detector_status for r, c in coverage_of(source).items()} == {
        "us-east-1": "enabled",
        "eu-west-1": "disabled",
        "ap-southeast-2": "missing",
    }


def test_a_denied_list_detectors_names_the_permission_to_add(aws_faults, source):
    aws_faults.inject("ListDetectors", "AccessDeniedException", region="eu-west-1")

    found = {c.region: c for c in services.coverage_refresh(source=source)}

    assert found["eu-west-1"].status == "unknown"
    assert "guardduty:ListDetectors" in found["eu-west-1"].error
    assert coverage_of(source)["eu-west-1"].error == found["eu-west-1"].error
    assert found["us-east-1"].status == "missing"


def test_coverage_shows_in_the_api_and_on_the_page(aws, alice, source, detectors, client_for):
    services.coverage_refresh(source=source)
    api = APIClient()
    api.force_authenticate(user=alice)

    body = api.get(f"/api/v1/log-sources/{source.pk}/").json()

    states = {r["region"]: r for r in body["region_states"]}
    assert states["us-east-1"]["coverage"]["detector_status"] == "enabled"
    assert states["us-east-1"]["coverage"]["plans"]["s3"] is True
    assert states["eu-west-1"]["coverage"]["detector_status"] == "disabled"
    assert states["ap-southeast-2"]["coverage"]["detector_id"] == ""
    page = client_for(alice).get(f"/sources/{source.pk}/").content.decode()
    assert 'id="coverage"' in page and 'data-coverage="eu-west-1"' in page and "Refresh coverage" in page


def test_refresh_coverage_button_refreshes_and_audits(aws, alice, source, detectors, client_for):
    from tenants.models import AuditEvent

    response = client_for(alice).post(f"/aws/sources/{source.pk}/coverage/")

    assert response.status_code == 302
    assert coverage_of(source)["us-east-1"].detector_status == "enabled"
    assert AuditEvent.objects.filter(action="source.coverage_refresh").count() == 1


def test_the_daily_refresh_checks_every_source_in_a_task_of_its_own(aws, source, other_source, detectors, monkeypatch):
    from deployments import tasks
    from log_sources.models import LogSource
    from portal.celery import app

    LogSource.objects.filter(pk=other_source.pk).update(paused_reason="Its account left the Organization.")
    queued = []
    with monkeypatch.context() as patch:
        patch.setattr(tasks.refresh_source_coverage_task, "delay", lambda source_id: queued.append(source_id))
        assert services.coverage_refresh_all() == 1
    assert queued == [source.pk] and coverage_of(source) == {}
    # The task that was queued checks the source's regions.
    app.conf.task_always_eager = True
    try:
        services.coverage_refresh_all()
    finally:
        app.conf.task_always_eager = False
    assert len(coverage_of(source)) == len(THREE)


def test_a_new_source_has_its_coverage_checked_as_soon_as_it_is_saved(
    aws, alice, source_data, detectors, django_capture_on_commit_callbacks
):
    """Not at the next daily refresh: a region with GuardDuty off shows within a minute of Save."""
    from log_sources.services import log_source_create
    from portal.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            source = log_source_create(user=alice, data=source_data)
    finally:
        app.conf.task_always_eager = False
    assert {region: row.detector_status for region, row in coverage_of(source).items()} == {
        "us-east-1": "enabled",
        "eu-west-1": "disabled",
        "ap-southeast-2": "missing",
    }

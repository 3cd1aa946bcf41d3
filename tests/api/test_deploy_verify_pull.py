"""deploy/, verify/, pull/, PATCH and DELETE of log sources against the emulator over HTTP.

The deploy workers' steps run in-process through the same service the Celery task calls
(`deployment_advance`), so a test needs no worker and no waiting between polls.
"""

from __future__ import annotations

import boto3
import pytest

from collection.models import PullUnit
from deployments import services as deployment_services
from deployments.models import DeployOperation, OperationStatus, RegionDeployment
from log_sources.models import LogSource
from tests.conftest import ACCESS_KEY, DEPLOY_ACCESS_KEY, DEPLOY_SECRET_KEY, SECRET_KEY

THREE = ["us-east-1", "eu-west-1", "ap-southeast-2"]
OPERATION_FIELDS = {
    "operation",
    "id",
    "kind",
    "status",
    "mode",
    "stack_name",
    "role_arn",
    "error",
    "created_at",
    "started_at",
    "finished_at",
    "regions",
}


def run(operation_id: int) -> DeployOperation:
    """What the deploy worker does, step after step, until the operation ends."""
    for _ in range(60):
        if deployment_services.deployment_advance(operation_id=operation_id) is None:
            break
    else:  # pragma: no cover
        raise AssertionError("the operation did not end")
    return DeployOperation.objects.get(pk=operation_id)


def log_groups(aws, region: str) -> list[str]:
    logs = boto3.client(
        "logs",
        region_name=region,
        endpoint_url=aws.url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    return [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]]


def test_deploy_answers_202_with_the_operation_and_the_workers_deploy_every_region(aws, api, source):
    response = api.post(f"/api/v1/log-sources/{source.pk}/deploy/", {"use_source_credentials": True}, format="json")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert set(body) == OPERATION_FIELDS
    assert body["operation"] == body["id"] and body["kind"] == "create" and body["status"] == "queued"
    assert sorted(r["region"] for r in body["regions"]) == sorted(THREE)
    assert api.get(f"/api/v1/log-sources/{source.pk}/").json()["status"] == "deploying"

    assert run(body["operation"]).status == OperationStatus.SUCCEEDED

    shown = api.get(f"/api/v1/log-sources/{source.pk}/").json()
    assert {s["deployment_state"] for s in shown["region_states"]} == {"complete"}
    assert shown["status"] == "waiting_for_events" and shown["status_label"] == "Waiting for events"
    for region in THREE:
        assert "Armor_GuardDuty_Log_Group" in log_groups(aws, region)


def test_deploy_with_one_time_credentials_wipes_them_when_done(aws, api, source):
    response = api.post(
        f"/api/v1/log-sources/{source.pk}/deploy/",
        {"deploy_credentials": {"aws_access_key_id": DEPLOY_ACCESS_KEY, "aws_secret_access_key": DEPLOY_SECRET_KEY}},
        format="json",
    )
    assert response.status_code == 202, response.json()
    operation = DeployOperation.objects.get(pk=response.json()["operation"])
    assert operation.access_key_id == DEPLOY_ACCESS_KEY and not operation.use_source_credentials
    operation = run(operation.pk)
    assert operation.status == OperationStatus.SUCCEEDED
    assert not operation.has_credentials


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "deploy_credentials"),
        (
            {
                "use_source_credentials": True,
                "deploy_credentials": {
                    "aws_access_key_id": DEPLOY_ACCESS_KEY,
                    "aws_secret_access_key": DEPLOY_SECRET_KEY,
                },
            },
            "deploy_credentials",
        ),
        ({"deploy_credentials": {"aws_access_key_id": "short", "aws_secret_access_key": "x"}}, "deploy_credentials"),
        ({"deploy_credentials": "AKIA..."}, "deploy_credentials"),
        ({"deploy_credentials": {"aws_access_key_id": 5, "aws_secret_access_key": []}}, "deploy_credentials"),
        ({"use_source_credentials": "yes"}, "use_source_credentials"),
        ([True], "non_field_errors"),
    ],
)
def test_deploy_refuses_unclear_credentials(aws, api, source, body, field):
    response = api.post(f"/api/v1/log-sources/{source.pk}/deploy/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not DeployOperation.objects.exists()


def test_deploy_refuses_a_manual_source(aws, api, alice, source_data):
    from log_sources.services import log_source_create

    manual = log_source_create(user=alice, data={**source_data, "mode": "manual"})
    response = api.post(f"/api/v1/log-sources/{manual.pk}/deploy/", {"use_source_credentials": True}, format="json")
    assert response.status_code == 409
    assert "Manual" in response.json()["detail"]


def test_verify_returns_the_checklist(aws, api, source):
    before = api.post(f"/api/v1/log-sources/{source.pk}/verify/")
    assert before.status_code == 200
    checklist = before.json()
    assert checklist["ok"] is False and checklist["account"]["ok"] is True
    assert "is not deployed in" in checklist["regions"][0]["checks"][0]["message"]

    operation = api.post(f"/api/v1/log-sources/{source.pk}/deploy/", {"use_source_credentials": True}, format="json")
    run(operation.json()["operation"])
    after = api.post(f"/api/v1/log-sources/{source.pk}/verify/").json()
    assert after["ok"] is True
    assert [r["region"] for r in after["regions"]] == sorted(THREE)
    assert RegionDeployment.objects.filter(source_region__source=source, verified_at__isnull=False).count() == 3


def test_verify_names_keys_of_another_account(aws, api, alice, source_data):
    from log_sources.services import log_source_create

    other = log_source_create(user=alice, data={**source_data, "aws_account_number": "999988887777"})
    checklist = api.post(f"/api/v1/log-sources/{other.pk}/verify/").json()
    assert checklist["ok"] is False
    assert checklist["account"]["code"] == "account_mismatch"
    assert "belong to AWS account 123456789012" in checklist["account"]["message"]


def test_pull_queues_every_region_now(api, source, django_capture_on_commit_callbacks):
    PullUnit.objects.filter(source_region__source=source).update(next_pull_at=None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post(f"/api/v1/log-sources/{source.pk}/pull/")
    assert response.status_code == 202
    assert sorted(response.json()["regions"]) == sorted(THREE)
    assert not PullUnit.objects.filter(source_region__source=source, next_pull_at__isnull=True).exists()
    assert len(callbacks) == 1  # the dispatch to the relay's queue happens once the change is committed


def test_patch_of_a_deployed_source_launches_the_update(aws, api, source):
    launched = api.post(f"/api/v1/log-sources/{source.pk}/deploy/", {"use_source_credentials": True}, format="json")
    run(launched.json()["operation"])

    response = api.patch(
        f"/api/v1/log-sources/{source.pk}/",
        {"regions": [*THREE, "us-west-2"], "deployment": {"log_retention_days": 7}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    operation = response.json()["operation"]
    assert operation["kind"] == "update"
    assert {r["region"]: r["action"] for r in operation["regions"]}["us-west-2"] == "create"
    assert run(operation["operation"]).status == OperationStatus.SUCCEEDED
    assert "Armor_GuardDuty_Log_Group" in log_groups(aws, "us-west-2")
    assert LogSource.objects.get(pk=source.pk).log_retention_days == 7


def test_patch_while_a_deployment_runs_is_a_conflict(aws, api, source):
    api.post(f"/api/v1/log-sources/{source.pk}/deploy/", {"use_source_credentials": True}, format="json")
    response = api.patch(f"/api/v1/log-sources/{source.pk}/", {"regions": ["us-east-1"]}, format="json")
    assert response.status_code == 409
    assert "still running" in response.json()["detail"]
    assert sorted(LogSource.objects.get(pk=source.pk).region_codes) == sorted(THREE)


def test_delete_without_keeping_aws_resources_tears_the_stacks_down(aws, api, source):
    launched = api.post(f"/api/v1/log-sources/{source.pk}/deploy/", {"use_source_credentials": True}, format="json")
    run(launched.json()["operation"])

    response = api.delete(f"/api/v1/log-sources/{source.pk}/?keep_aws_resources=false")
    assert response.status_code == 202
    assert response.json()["kind"] == "delete"
    assert not LogSource.objects.filter(pk=source.pk).exists()
    assert run(response.json()["operation"]).status == OperationStatus.SUCCEEDED
    for region in THREE:
        assert "Armor_GuardDuty_Log_Group" not in log_groups(aws, region)


def test_a_teardown_is_followed_at_operations_after_its_source_is_gone(aws, api, api_for, bob, nobody, charlie, source):
    launched = api.post(f"/api/v1/log-sources/{source.pk}/deploy/", {"use_source_credentials": True}, format="json")
    launch_id = launched.json()["operation"]
    run(launch_id)
    teardown = api.delete(f"/api/v1/log-sources/{source.pk}/?keep_aws_resources=false").json()
    path = f"/api/v1/operations/{teardown['operation']}/"

    queued = api.get(path)
    assert queued.status_code == 200
    assert set(queued.json()) == OPERATION_FIELDS
    assert queued.json()["kind"] == "delete" and queued.json()["status"] == "queued"
    assert sorted(r["region"] for r in queued.json()["regions"]) == sorted(THREE)

    run(teardown["operation"])
    done = api.get(path).json()
    assert done["status"] == "succeeded"
    assert {r["state"] for r in done["regions"]} == {"complete"}
    # The launch stays readable too, with the same fields.
    assert api.get(f"/api/v1/operations/{launch_id}/").json()["kind"] == "create"

    assert api_for(bob).get(path).status_code == 200  # Read Log Relays is enough
    refused = api_for(nobody).get(path)
    assert refused.status_code == 403 and refused.json()["missing_permissions"] == ["Read Log Relays"]
    assert api_for(charlie).get(path).status_code == 404
    assert api.get("/api/v1/operations/999999/").status_code == 404
    assert api.get("/api/v1/operations/abc/").status_code == 404


def test_delete_keeping_aws_resources_leaves_the_stacks(aws, api, source):
    launched = api.post(f"/api/v1/log-sources/{source.pk}/deploy/", {"use_source_credentials": True}, format="json")
    run(launched.json()["operation"])
    assert api.delete(f"/api/v1/log-sources/{source.pk}/?keep_aws_resources=true").status_code == 204
    assert "Armor_GuardDuty_Log_Group" in log_groups(aws, "eu-west-1")

"""Launch for me, edit in place and delete: the deploy workers against the emulator over HTTP.

Most tests run the worker's steps in-process by calling the same service the Celery task
calls (`deployment_advance`), one step at a time, without waiting between steps. One test
goes through `transaction.on_commit` and the Celery queue with an in-process eager worker,
and one starts a real Celery worker process on the broker.
"""

from __future__ import annotations

import io
from urllib.parse import parse_qs

import boto3
import pytest
from django.db import connection
from django.urls import reverse

from core.aws import AwsCredentials
from core.errors import Conflict, PermissionMissing, ValidationFailed
from deployments import services, steps
from deployments.choices import DeployState
from deployments.models import DeployEvent, DeployOperation, OperationStatus
from deployments.services import deployed_source_delete, deployed_source_update
from log_sources.models import LogSource
from log_sources.services import log_source_create
from tests.conftest import ACCESS_KEY, ACCOUNT, SECRET_KEY
from tests.states import deploy_states, deployment

THREE = ["us-east-1", "eu-west-1", "ap-southeast-2"]
DEPLOY_KEY = "AKIAZZZZZZZZZZDEPLOY1"[:20]
DEPLOY_SECRET = "d" * 40


def boto(service: str, region: str, endpoint: str):
    return boto3.client(
        service,
        region_name=region,
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def run(operation: DeployOperation, max_steps: int = 60) -> DeployOperation:
    """Run the worker's steps until the operation ends (no waiting between polls)."""
    for _ in range(max_steps):
        if services.deployment_advance(operation_id=operation.pk) is None:
            break
    else:  # pragma: no cover - a bound that must never be reached
        raise AssertionError("the operation did not end")
    operation.refresh_from_db()
    return operation


def collection_resources(aws, region: str) -> dict:
    logs = boto("logs", region, aws.url)
    events = boto("events", region, aws.url)
    groups = {g["logGroupName"]: g for g in logs.describe_log_groups()["logGroups"]}
    rules = {r["Name"]: r for r in events.list_rules()["Rules"]}
    policies = [p["policyName"] for p in logs.describe_resource_policies()["resourcePolicies"]]
    return {"groups": groups, "rules": rules, "policies": policies}


def assert_deployed(aws, region: str, retention: int = 3) -> None:
    found = collection_resources(aws, region)
    assert found["groups"]["Armor_GuardDuty_Log_Group"]["retentionInDays"] == retention, region
    rule = found["rules"]["Armor-GuardDuty-Findings"]
    assert '"aws.guardduty"' in rule["EventPattern"] and "GuardDuty Finding" in rule["EventPattern"]
    targets = boto("events", region, aws.url).list_targets_by_rule(Rule="Armor-GuardDuty-Findings")["Targets"]
    assert targets[0]["Arn"].endswith(":log-group:Armor_GuardDuty_Log_Group")
    assert "Armor-GuardDuty-EventBridge-To-Logs" in found["policies"], region


def assert_not_deployed(aws, region: str) -> None:
    found = collection_resources(aws, region)
    assert "Armor_GuardDuty_Log_Group" not in found["groups"], region
    assert "Armor-GuardDuty-Findings" not in found["rules"], region
    assert found["policies"] == [], region


def region_history(operation: DeployOperation, region: str) -> list[str]:
    states = list(DeployEvent.objects.filter(operation=operation, region=region).values_list("state", flat=True))
    return [s for i, s in enumerate(states) if i == 0 or states[i - 1] != s]


@pytest.fixture
def stack_source(alice, source_data):
    return log_source_create(
        user=alice, data={**source_data, "mode": "stack", "regions": ["eu-west-1"], "stack_name": "Acme-GuardDuty"}
    )


def test_it_launches_a_stack_in_one_region(aws, alice, stack_source):
    operation = services.deployment_launch(user=alice, source=stack_source, use_source_credentials=True)
    assert deploy_states(stack_source) == {"eu-west-1": DeployState.PENDING}

    operation = run(operation)

    assert operation.status == OperationStatus.SUCCEEDED
    assert_deployed(aws, "eu-west-1")
    stacks = boto("cloudformation", "eu-west-1", aws.url).describe_stacks(StackName="Acme-GuardDuty")["Stacks"]
    assert stacks[0]["StackStatus"] == "CREATE_COMPLETE"
    assert region_history(operation, "eu-west-1") == ["pending", "in_progress", "complete"]
    region = deployment(stack_source, "eu-west-1")
    assert region.state == DeployState.COMPLETE and region.updated_at
    assert_not_deployed(aws, "us-east-1")


def test_it_launches_a_stackset_in_three_regions_and_records_progress_in_order(aws, alice, source):
    operation = services.deployment_launch(user=alice, source=source, use_source_credentials=True)
    operation = run(operation)

    assert operation.status == OperationStatus.SUCCEEDED
    for region in THREE:
        assert_deployed(aws, region)
        assert region_history(operation, region) == ["pending", "in_progress", "complete"]
    cf = boto("cloudformation", "us-east-1", aws.url)
    instances = cf.list_stack_instances(StackSetName=source.effective_stack_name)["Summaries"]
    assert sorted(i["Region"] for i in instances) == sorted(THREE)
    assert all(i["Account"] == ACCOUNT for i in instances)
    overall = list(DeployEvent.objects.filter(operation=operation, region="").values_list("state", flat=True))
    assert overall[0] == "queued" and overall[1] == "running" and overall[-1] == "succeeded"
    assert set(deploy_states(source).values()) == {DeployState.COMPLETE}


def test_the_launch_goes_through_on_commit_and_the_queue(aws, alice, source, django_capture_on_commit_callbacks):
    """The service queues the Celery task on commit; an eager worker runs it (and its re-queues)."""
    from portal.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            operation = services.deployment_launch(user=alice, source=source, use_source_credentials=True)
        assert len(callbacks) == 1
        operation.refresh_from_db()
        assert operation.status == OperationStatus.QUEUED  # nothing runs before the commit
        callbacks[0]()
    finally:
        app.conf.task_always_eager = False
    operation.refresh_from_db()
    assert operation.status == OperationStatus.SUCCEEDED
    for region in THREE:
        assert_deployed(aws, region)


def test_a_step_message_that_comes_back_late_ends_and_beat_resumes_a_stalled_operation(aws, alice, source, monkeypatch):
    from datetime import timedelta

    from deployments import tasks

    operation = services.deployment_launch(user=alice, source=source, use_source_credentials=True)
    assert services.deployment_advance(operation_id=operation.pk, step=0) is not None
    operation.refresh_from_db()
    assert operation.steps == 1 and operation.status == OperationStatus.RUNNING
    # The same message handed out again (a worker was lost): the operation has moved on.
    assert services.deployment_advance(operation_id=operation.pk, step=0) is None
    operation.refresh_from_db()
    assert operation.steps == 1

    queued = []
    with monkeypatch.context() as patch:
        patch.setattr(tasks.deployment_advance_task, "delay", lambda *args: queued.append(args))
        assert services.deployments_resume_stalled(now=operation.stepped_at + timedelta(minutes=4)) == 0
        assert services.deployments_resume_stalled(now=operation.stepped_at + timedelta(minutes=6)) == 1
    assert queued == [(operation.pk, 1)]
    # The resumed chain carries on to the end; a finished operation is never resumed.
    services.deployment_advance(operation_id=operation.pk, step=1)
    operation.refresh_from_db()
    assert operation.steps == 2
    operation = run(operation)
    assert operation.status == OperationStatus.SUCCEEDED, operation.last_error
    assert services.deployments_resume_stalled(now=operation.stepped_at + timedelta(hours=1)) == 0


def test_a_second_launch_creates_nothing_new(aws_faults, alice, source):
    first = services.deployment_launch(user=alice, source=source, use_source_credentials=True)
    # Launching again while the first runs returns the running operation.
    assert services.deployment_launch(user=alice, source=source, use_source_credentials=True).pk == first.pk
    run(first)

    again = services.deployment_launch(user=alice, source=source, use_source_credentials=True)

    assert again.pk == first.pk
    assert DeployOperation.objects.filter(source=source).count() == 1
    assert len(aws_faults.calls("CreateStackSet")) == 1
    assert len(aws_faults.calls("CreateStackInstances")) == 1
    cf = boto("cloudformation", "us-east-1", aws_faults.url)
    assert len(cf.list_stack_sets()["Summaries"]) == 1


def test_a_relaunch_after_a_failure_reuses_what_exists(aws_faults, alice, source):
    aws_faults.inject("CreateStackInstances", "AccessDenied", times=1)
    failed = run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))
    assert failed.status == OperationStatus.FAILED

    second = run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))

    assert second.pk != failed.pk and second.status == OperationStatus.SUCCEEDED
    assert len(aws_faults.calls("CreateStackSet")) == 1  # the StackSet from the first try is reused
    for region in THREE:
        assert_deployed(aws_faults, region)


def test_delete_removes_the_stackset_and_its_instances(aws, alice, source):
    run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))
    name = source.effective_stack_name

    operation = deployed_source_delete(user=alice, source=source, keep_aws_resources=False)
    assert not LogSource.objects.filter(pk=source.pk).exists()
    operation = run(operation)

    assert operation.status == OperationStatus.SUCCEEDED and operation.kind == "delete"
    for region in THREE:
        assert_not_deployed(aws, region)
        assert region_history(operation, region) == ["pending", "in_progress", "complete"]
    cf = boto("cloudformation", "us-east-1", aws.url)
    assert [s for s in cf.list_stack_sets()["Summaries"] if s["StackSetName"] == name and s["Status"] == "ACTIVE"] == []


def test_a_teardown_removes_every_instance_of_its_account_even_those_an_earlier_source_left(
    aws, alice, source, source_data
):
    """A source deleted with its resources kept leaves its StackSet; a new source of the same account
    takes the same default name and adopts it. Deleting that one with its resources must empty
    the StackSet of the account's every instance, or AWS refuses to delete it (StackSetNotEmpty)."""
    run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))
    name = source.effective_stack_name
    deployed_source_delete(user=alice, source=source, keep_aws_resources=True)
    again = log_source_create(user=alice, data={**source_data, "regions": ["us-east-1"]})
    assert again.effective_stack_name == name
    assert run(services.deployment_launch(user=alice, source=again, use_source_credentials=True)).status == (
        OperationStatus.SUCCEEDED
    )

    operation = run(deployed_source_delete(user=alice, source=again, keep_aws_resources=False))

    assert operation.status == OperationStatus.SUCCEEDED, operation.last_error
    assert sorted(operation.regions.values_list("region", flat=True)) == sorted(THREE)
    for region in THREE:
        assert_not_deployed(aws, region)
    cf = boto("cloudformation", "us-east-1", aws.url)
    assert [s for s in cf.list_stack_sets()["Summaries"] if s["StackSetName"] == name and s["Status"] == "ACTIVE"] == []


def test_the_delete_page_leads_to_the_teardowns_own_page_which_follows_it(aws, alice, charlie, source, client_for):
    run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))
    client = client_for(alice)

    response = client.post(reverse("deployments:source_delete", args=[source.pk]), {"aws_resources": "delete"})
    teardown = DeployOperation.objects.get(kind="delete")
    assert response.status_code == 302 and response.url == reverse("deployments:operation", args=[teardown.pk])
    page = client.get(response.url).content.decode()
    assert f"Removing the AWS resources of guardduty-{ACCOUNT}" in page
    assert "its AWS resources are being removed" in page
    assert "the log source itself is already deleted" in page
    assert 'data-running="1"' in page and 'data-region="eu-west-1"' in page

    run(teardown)
    progress = client.get(reverse("deployments:operation_progress", args=[teardown.pk])).content.decode()
    assert 'data-running="0"' in progress and 'data-operation-status="succeeded"' in progress
    assert progress.count('data-state="complete"') == 3
    assert client_for(charlie).get(response.url).status_code == 404
    assert client_for(charlie).get(reverse("deployments:operation_progress", args=[teardown.pk])).status_code == 404


def test_external_sources_lists_teardowns_that_run_or_failed(
    aws_faults, alice, charlie, source, source_data, client_for
):
    run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))
    teardown = deployed_source_delete(user=alice, source=source, keep_aws_resources=False)
    link = reverse("deployments:operation", args=[teardown.pk])
    listing = reverse("log_sources:list")

    page = client_for(alice).get(listing).content.decode()
    assert f'href="{link}"' in page and "being removed" in page
    assert link not in client_for(charlie).get(listing).content.decode()

    run(teardown)  # removed: nothing left to tell
    assert link not in client_for(alice).get(listing).content.decode()

    # A teardown AWS refuses stays listed, with AWS's reason, since stacks remain in the account.
    second = log_source_create(user=alice, data={**source_data, "hostname": "guardduty-second", "stack_name": "Second"})
    run(services.deployment_launch(user=alice, source=second, use_source_credentials=True))
    aws_faults.inject("DeleteStackInstances", "AccessDenied")
    failed = run(deployed_source_delete(user=alice, source=second, keep_aws_resources=False))
    assert failed.status == OperationStatus.FAILED
    page = client_for(alice).get(listing).content.decode()
    assert reverse("deployments:operation", args=[failed.pk]) in page
    assert "removal failed" in page and "may not call cloudformation:DeleteStackInstances" in page


def test_a_launch_again_deploys_what_aws_lost(aws, alice, source):
    first = run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))
    aws.reset()  # what a restart of `make run` does to the emulator's memory
    for region in THREE:
        assert_not_deployed(aws, region)
    # A plain launch trusts the recorded state and creates nothing...
    assert services.deployment_launch(user=alice, source=source, use_source_credentials=True).pk == first.pk

    again = run(services.deployment_launch(user=alice, source=source, use_source_credentials=True, again=True))

    assert again.pk != first.pk and again.status == OperationStatus.SUCCEEDED
    for region in THREE:
        assert_deployed(aws, region)
    assert set(deploy_states(source).values()) == {DeployState.COMPLETE}


def test_make_runs_relaunch_covers_the_demo_sources_the_portal_deployed(aws, source_data, monkeypatch):
    from django.core.management import call_command

    from relay.models import Endpoint
    from tenants.models import Membership

    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", stdout=io.StringIO())
    demo = Membership.objects.select_related("user", "tenant").get(user__username="demo")
    endpoint = Endpoint.objects.get(tenant=demo.tenant)
    deployed = log_source_create(user=demo.user, data={**source_data, "endpoint": endpoint.pk})
    manual = log_source_create(
        user=demo.user, data={**source_data, "endpoint": endpoint.pk, "hostname": "by-hand", "mode": "manual"}
    )
    run(services.deployment_launch(user=demo.user, source=deployed, use_source_credentials=True))
    aws.reset()

    out = io.StringIO()
    call_command("relaunch_demo_sources", stdout=out)

    assert out.getvalue().splitlines() == [
        f"Launching {deployed.hostname} again in 3 region(s) (operation {DeployOperation.objects.latest('id').pk})."
    ]
    assert not DeployOperation.objects.filter(source=manual).exists()
    run(DeployOperation.objects.latest("id"))
    for region in THREE:
        assert_deployed(aws, region)


def test_delete_removes_the_stack(aws, alice, stack_source):
    run(services.deployment_launch(user=alice, source=stack_source, use_source_credentials=True))
    operation = run(deployed_source_delete(user=alice, source=stack_source, keep_aws_resources=False))
    assert operation.status == OperationStatus.SUCCEEDED
    assert_not_deployed(aws, "eu-west-1")


def test_delete_keeping_the_resources_keeps_them(aws, alice, source):
    run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))

    assert deployed_source_delete(user=alice, source=source, keep_aws_resources=True) is None

    assert not LogSource.objects.filter(pk=source.pk).exists()
    for region in THREE:
        assert_deployed(aws, region)


def test_delete_of_a_source_the_portal_never_deployed_touches_nothing(aws_faults, alice, source):
    assert deployed_source_delete(user=alice, source=source, keep_aws_resources=False) is None
    assert aws_faults.calls() == []


def test_updating_a_stackset_sends_the_new_retention_tags_and_regions(aws_faults, alice, source):
    """The emulator reports StackSet updates as done without changing the stacks, so this checks
    what the portal sent: the StackSet's parameters and tags as AWS recorded them, and the calls."""
    run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))

    source, operation = deployed_source_update(
        user=alice,
        source=source,
        data={"regions": ["us-east-1", "ap-southeast-2", "ap-south-1"], "log_retention_days": 14, "tags": "team=sec"},
    )
    assert source.log_retention_days == 14
    assert deploy_states(source)["eu-west-1"] == DeployState.DELETING
    operation = run(operation)

    assert operation.status == OperationStatus.SUCCEEDED, operation.last_error
    cf = boto("cloudformation", "us-east-1", aws_faults.url)
    stack_set = cf.describe_stack_set(StackSetName=source.effective_stack_name)["StackSet"]
    assert stack_set["Parameters"] == [{"ParameterKey": "LogRetentionInDays", "ParameterValue": "14"}]
    assert stack_set["Tags"] == [{"Key": "team", "Value": "sec"}]
    assert len(aws_faults.calls("UpdateStackSet")) == 1
    instances = cf.list_stack_instances(StackSetName=source.effective_stack_name)["Summaries"]
    assert sorted(i["Region"] for i in instances) == ["ap-south-1", "ap-southeast-2", "us-east-1"]
    assert_deployed(aws_faults, "ap-south-1", retention=14)  # a new instance gets the new value
    assert_not_deployed(aws_faults, "eu-west-1")
    assert sorted(source.region_codes) == ["ap-south-1", "ap-southeast-2", "us-east-1"]
    assert set(deploy_states(source).values()) == {DeployState.COMPLETE}
    assert {r.region: r.action for r in operation.regions.all()} == {
        "us-east-1": "update",
        "ap-southeast-2": "update",
        "ap-south-1": "create",
        "eu-west-1": "delete",
    }


def test_updating_a_stack_sends_the_new_parameters(aws_faults, alice, stack_source):
    """moto's UpdateStack reports success but leaves the stack unreadable (DescribeStacks then
    answers HTTP 500), so this checks the request the portal sent through the proxy, and that
    the worker keeps following the region instead of failing it on the emulator's error page."""
    run(services.deployment_launch(user=alice, source=stack_source, use_source_credentials=True))

    _, operation = deployed_source_update(user=alice, source=stack_source, data={"log_retention_days": 30})
    services.deployment_advance(operation_id=operation.pk)

    updates = aws_faults.calls("UpdateStack")
    assert len(updates) == 1 and updates[0].region == "eu-west-1"
    sent = parse_qs(updates[0].body.decode())
    assert sent["StackName"] == ["Acme-GuardDuty"]
    assert sent["Parameters.member.1.ParameterKey"] == ["LogRetentionInDays"]
    assert sent["Parameters.member.1.ParameterValue"] == ["30"]
    assert "Armor_GuardDuty_Log_Group" in sent["TemplateBody"][0]
    row = operation.regions.get()
    assert (row.region, row.action, row.state) == ("eu-west-1", "update", "in_progress")
    operation.refresh_from_db()
    assert operation.status == OperationStatus.RUNNING


def test_an_update_of_a_source_not_deployed_by_the_portal_only_changes_the_source(aws_faults, alice, source):
    source, operation = deployed_source_update(user=alice, source=source, data={"regions": ["us-east-1"]})
    assert operation is None and source.region_codes == ["us-east-1"]
    assert aws_faults.calls() == []


def test_an_update_refuses_fields_that_cannot_change_in_place(aws, alice, source):
    with pytest.raises(ValidationFailed) as caught:
        deployed_source_update(user=alice, source=source, data={"aws_account_number": "210987654321"})
    assert "aws_account_number" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        deployed_source_update(user=alice, source=source, data={"log_retention_days": 4})
    assert "log_retention_days" in caught.value.errors
    assert LogSource.objects.get(pk=source.pk).log_retention_days == 3


def test_throttling_is_retried_and_the_launch_still_completes(aws_faults, alice, source):
    # More throttles than boto3's own retries absorb, so the worker's backoff has to carry it.
    aws_faults.inject("CreateStackInstances", "Throttling", times=5)
    aws_faults.inject("DescribeStackSetOperation", "Throttling", times=5)

    operation = run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))

    assert operation.status == OperationStatus.SUCCEEDED
    assert aws_faults.injected("CreateStackInstances") == 5
    assert aws_faults.injected("DescribeStackSetOperation") == 5
    assert DeployEvent.objects.filter(operation=operation, state="retrying").count() >= 2
    assert len(aws_faults.calls("CreateStackSet")) == 1
    for region in THREE:
        assert_deployed(aws_faults, region)


def test_the_backoff_grows_and_is_jittered():
    delays = [steps.backoff_seconds(n) for n in range(1, 9)]
    ceilings = [min(120, 2**n) for n in range(1, 9)]
    assert all(c / 2 <= d <= c for c, d in zip(ceilings, delays, strict=True))
    assert delays[-1] >= 60


def test_access_denied_stops_with_a_reason_a_person_can_act_on(aws_faults, alice, source):
    aws_faults.inject("CreateStackSet", "AccessDenied")

    operation = run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))

    assert operation.status == OperationStatus.FAILED
    assert "may not call cloudformation:CreateStackSet" in operation.last_error
    assert len(aws_faults.calls("CreateStackSet")) == 1  # not retried
    for region in source.regions.all():
        assert deployment(source, region.region).state == DeployState.FAILED
        assert "CloudFormation rights" in deployment(source, region.region).error


def test_invalid_deploy_credentials_stop_with_their_own_message(aws, alice, source):
    aws.enforce_iam()
    operation = run(
        services.deployment_launch(
            user=alice, source=source, deploy_credentials=AwsCredentials("AKIAUNKNOWNKEY000000", "x" * 40)
        )
    )
    assert operation.status == OperationStatus.FAILED
    assert "does not recognise the deploy access key (InvalidClientTokenId)" in operation.last_error


def _raw(operation_id: int) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT access_key_id, secret_access_key, session_token FROM deployments_deployoperation WHERE id = %s",
            [operation_id],
        )
        return cursor.fetchone()


@pytest.mark.parametrize("ends", ["success", "failure"])
def test_one_time_deploy_credentials_are_gone_once_the_operation_ends(aws_faults, alice, source, ends):
    if ends == "failure":
        aws_faults.inject("CreateStackSet", "AccessDenied")
    operation = services.deployment_launch(
        user=alice, source=source, deploy_credentials=AwsCredentials(DEPLOY_KEY, DEPLOY_SECRET, "session-token-1")
    )
    raw = _raw(operation.pk)
    assert all(value.startswith("enc:fernet:") for value in raw)  # encrypted while it runs
    assert DEPLOY_SECRET not in "".join(raw)

    operation = run(operation)

    assert operation.status == (OperationStatus.SUCCEEDED if ends == "success" else OperationStatus.FAILED)
    assert _raw(operation.pk) == ("", "", "")
    assert not operation.has_credentials


def test_launch_needs_exactly_one_credential_choice(aws, alice, source):
    for kwargs in (
        {},
        {"use_source_credentials": True, "deploy_credentials": AwsCredentials(DEPLOY_KEY, DEPLOY_SECRET)},
    ):
        with pytest.raises(ValidationFailed) as caught:
            services.deployment_launch(user=alice, source=source, **kwargs)
        assert "deploy_credentials" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        services.deployment_launch(user=alice, source=source, deploy_credentials=AwsCredentials("AKIA123", "short"))
    assert "Deploy access key" in caught.value.message
    assert DeployOperation.objects.count() == 0


def test_a_manual_source_is_not_launched_by_the_portal(aws, alice, source_data):
    manual = log_source_create(user=alice, data={**source_data, "mode": "manual"})
    with pytest.raises(Conflict, match="Manual"):
        services.deployment_launch(user=alice, source=manual, use_source_credentials=True)


def test_launch_needs_the_deploy_permission_and_the_tenants_source(aws, bob, charlie, source):
    with pytest.raises(PermissionMissing):
        services.deployment_launch(user=bob, source=source, use_source_credentials=True)
    with pytest.raises(LogSource.DoesNotExist):
        services.deployment_launch(user=charlie, source=source, use_source_credentials=True)
    assert DeployOperation.objects.count() == 0


def test_the_launch_button_and_the_progress_endpoint(aws, alice, source, client_for):
    client = client_for(alice)
    response = client.post(f"/aws/sources/{source.pk}/launch/", {"credentials": "source"})
    assert response.status_code == 302
    operation = DeployOperation.objects.get(source=source)

    running = client.get(f"/aws/sources/{source.pk}/progress/", HTTP_ACCEPT="application/json").json()
    assert running["running"] is True
    assert [r["state"] for r in running["operation"]["regions"]] == ["pending"] * 3

    run(operation)
    done = client.get(f"/aws/sources/{source.pk}/progress/", HTTP_ACCEPT="application/json").json()
    assert done["running"] is False and done["operation"]["status"] == "succeeded"
    assert {r["region"]: r["state"] for r in done["operation"]["regions"]} == dict.fromkeys(THREE, "complete")
    assert "secret" not in str(done).lower() and ACCESS_KEY not in str(done)
    fragment = client.get(f"/aws/sources/{source.pk}/progress/").content.decode()
    assert 'data-running="0"' in fragment and fragment.count('data-state="complete"') == 3


def test_the_edit_page_changes_retention_in_place(aws, alice, source, client_for):
    run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))
    client = client_for(alice)
    assert client.get(f"/aws/sources/{source.pk}/edit/").status_code == 200

    response = client.post(
        f"/aws/sources/{source.pk}/edit/",
        {"regions": THREE, "log_retention_days": "7", "tags": "", "credentials": "source"},
    )

    assert response.status_code == 302
    update = DeployOperation.objects.filter(source=source, kind="update").get()
    assert run(update).status == OperationStatus.SUCCEEDED
    assert update.parameters == {"LogRetentionInDays": "7"}


def test_other_tenants_cannot_reach_the_deploy_pages(aws, charlie, source, client_for):
    client = client_for(charlie)
    assert client.post(f"/aws/sources/{source.pk}/launch/", {"credentials": "source"}).status_code == 404
    assert client.get(f"/aws/sources/{source.pk}/progress/").status_code == 404
    assert client.get(f"/aws/sources/{source.pk}/edit/").status_code == 404


def test_a_stackset_spanning_both_partitions_is_administered_per_partition(aws_faults, alice, source_data):
    """A StackSet cannot reach across partitions, so China regions get their own, run from cn-north-1."""
    source = log_source_create(user=alice, data={**source_data, "regions": ["us-east-1", "cn-north-1"]})

    operation = run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))

    assert operation.status == OperationStatus.SUCCEEDED
    assert sorted(c.region for c in aws_faults.calls("CreateStackSet")) == ["cn-north-1", "us-east-1"]
    for region in ("us-east-1", "cn-north-1"):
        assert_deployed(aws_faults, region)
    arn = boto("logs", "cn-north-1", aws_faults.url).describe_log_groups()["logGroups"][0]["arn"]
    assert arn.startswith("arn:aws-cn:logs:cn-north-1:")


def test_moving_a_stack_to_another_region_creates_it_there_and_deletes_the_old_one(aws, alice, stack_source):
    run(services.deployment_launch(user=alice, source=stack_source, use_source_credentials=True))

    source, operation = deployed_source_update(user=alice, source=stack_source, data={"regions": ["us-west-2"]})
    operation = run(operation)

    assert operation.status == OperationStatus.SUCCEEDED
    assert {r.region: r.action for r in operation.regions.all()} == {"us-west-2": "create", "eu-west-1": "delete"}
    assert_deployed(aws, "us-west-2")
    assert_not_deployed(aws, "eu-west-1")
    assert deploy_states(source) == {"us-west-2": DeployState.COMPLETE}
    with pytest.raises(ValidationFailed, match="exactly one region"):
        deployed_source_update(user=alice, source=source, data={"regions": ["us-west-2", "eu-west-1"]})

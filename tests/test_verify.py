"""Test connection: each known problem gets its own message, against the emulator over HTTP.

Bad keys, bad secrets and missing permissions use the emulator's IAM enforcement with real
IAM users and access keys created through its IAM API.
"""

from __future__ import annotations

import json

import boto3
import pytest

from core.aws import AwsCredentials
from deployments import services
from deployments.models import RegionDeployment
from log_sources.services import log_source_create
from tests import guardduty
from tests.conftest import ACCESS_KEY, ACCOUNT, SECRET_KEY
from tests.test_deploy import THREE, run


def boto(service: str, region: str, endpoint: str, key: str = ACCESS_KEY, secret: str = SECRET_KEY):
    return boto3.client(
        service, region_name=region, endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret
    )


def make_user(aws, name: str, actions: list[str]) -> AwsCredentials:
    """An IAM user in the emulator with exactly these allowed actions, and its access key."""
    iam = boto("iam", "us-east-1", aws.url)
    iam.create_user(UserName=name)
    iam.put_user_policy(
        UserName=name,
        PolicyName="portal-test",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}
        ),
    )
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return AwsCredentials(key["AccessKeyId"], key["SecretAccessKey"])


def make_log_group(aws, region: str) -> None:
    boto("logs", region, aws.url).create_log_group(logGroupName="Armor_GuardDuty_Log_Group")


def enable_guardduty(aws, regions) -> None:
    """A GuardDuty detector on in each region (Test connection checks it too)."""
    guardduty.detectors(aws, regions)


def source_with(alice, source_data, credentials: AwsCredentials, **extra):
    return log_source_create(
        user=alice,
        data={
            **source_data,
            "aws_access_key_id": credentials.access_key_id,
            "aws_secret_access_key": credentials.secret_access_key,
            **extra,
        },
    )


def messages(result: dict) -> str:
    parts = [result["account"]["message"]] + [c["message"] for r in result["regions"] for c in r["checks"]]
    return "\n".join(parts)


def test_every_check_is_green_after_launch_for_me(aws, alice, source):
    run(services.deployment_launch(user=alice, source=source, use_source_credentials=True))
    enable_guardduty(aws, THREE)

    result = services.connection_verify(user=alice, source=source)

    assert result["ok"] is True
    assert result["account"]["ok"] and result["account"]["actual"] == ACCOUNT
    assert sorted(r["region"] for r in result["regions"]) == sorted(THREE)
    for region in result["regions"]:
        assert [(c["name"], c["ok"]) for c in region["checks"]] == [
            ("log_group", True),
            ("filter_log_events", True),
            ("guardduty_detector", True),
        ]
    json.dumps(result)  # the API and the page get it as it is
    stored = {r.source_region.region: r for r in RegionDeployment.objects.filter(source_region__source=source)}
    assert all(stored[r].verified_at and stored[r].verification["ok"] for r in THREE)


def test_an_account_mismatch_names_both_accounts_and_the_child_account_mistake(aws, alice, source_data):
    source = log_source_create(user=alice, data={**source_data, "aws_account_number": "210987654321"})

    result = services.connection_verify(user=alice, source=source)

    assert result["ok"] is False
    account = result["account"]
    assert (account["ok"], account["code"], account["actual"]) == (False, "account_mismatch", ACCOUNT)
    assert f"belong to AWS account {ACCOUNT}" in account["message"]
    assert "source is for account 210987654321" in account["message"]
    assert "Organizations" in account["message"] and "child account" in account["message"]
    assert all(not r["ok"] for r in result["regions"])


def test_access_denied_says_which_action_is_missing_and_the_policy_to_attach(aws, alice, source_data):
    narrow = make_user(aws, "too-narrow", ["sts:GetCallerIdentity", "logs:DescribeLogGroups"])
    make_log_group(aws, "eu-west-1")
    source = source_with(alice, source_data, narrow, regions=["eu-west-1"])
    aws.enforce_iam()

    result = services.connection_verify(user=alice, source=source)

    assert result["account"]["ok"] is True
    checks = {c["name"]: c for c in result["regions"][0]["checks"]}
    assert checks["log_group"]["ok"] is True
    denied = checks["filter_log_events"]
    assert denied["ok"] is False
    assert "may not call logs:FilterLogEvents on Armor_GuardDuty_Log_Group in eu-west-1" in denied["message"]
    assert '"logs:FilterLogEvents"' in denied["message"] and "Attach this policy" in denied["message"]


def test_a_missing_log_group_says_the_template_is_not_deployed_there(aws, alice, source):
    make_log_group(aws, "us-east-1")
    enable_guardduty(aws, ["us-east-1"])

    result = services.connection_verify(user=alice, source=source)

    by_region = {r["region"]: r for r in result["regions"]}
    assert by_region["us-east-1"]["ok"] is True
    for region in ("eu-west-1", "ap-southeast-2"):
        assert by_region[region]["ok"] is False
        assert f"the collection template is not deployed in {region}" in by_region[region]["checks"][0]["message"]
    stored = RegionDeployment.objects.get(source_region__source=source, source_region__region="eu-west-1")
    assert stored.verification["ok"] is False and "not deployed in eu-west-1" in json.dumps(stored.verification)


def test_a_wrong_secret_and_an_unknown_key_are_told_apart(aws, alice, source_data):
    real = make_user(aws, "reader", ["sts:GetCallerIdentity"])
    aws.enforce_iam()

    bad_secret = services.connection_check(
        account_number=ACCOUNT, credentials=AwsCredentials(real.access_key_id, "w" * 40), regions=["us-east-1"]
    )
    unknown_key = services.connection_check(
        account_number=ACCOUNT, credentials=AwsCredentials("AKIAUNKNOWNKEY000000", "w" * 40), regions=["us-east-1"]
    )

    assert bad_secret["account"]["code"] == "SignatureDoesNotMatch"
    assert "exists but the secret key does not match it" in bad_secret["account"]["message"]
    assert unknown_key["account"]["code"] == "InvalidClientTokenId"
    assert "does not recognise the entered access key" in unknown_key["account"]["message"]
    assert bad_secret["account"]["message"] != unknown_key["account"]["message"]
    assert "w" * 40 not in json.dumps(bad_secret)


def test_verify_needs_permission_and_the_tenants_source(aws, bob, charlie, source):
    from core.errors import PermissionMissing
    from tenants.models import Role
    from tenants.permissions import Permission

    with pytest.raises(type(source).DoesNotExist):
        services.connection_verify(user=charlie, source=source)
    # bob may view sources (Read Log Relays), which is what Test connection needs.
    assert services.connection_verify(user=bob, source=source)["regions"]
    Role.objects.filter(name="Source Viewer").update(permissions=[Permission.READ_LOG_ENDPOINTS.value])
    with pytest.raises(PermissionMissing):
        services.connection_verify(user=type(bob).objects.get(pk=bob.pk), source=source)


def test_the_test_connection_button_shows_the_checklist(aws, alice, source, client_for):
    make_log_group(aws, "us-east-1")
    client = client_for(alice)

    response = client.post(f"/aws/sources/{source.pk}/verify/", follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-check="us-east-1:log_group"' in page
    assert "the collection template is not deployed in eu-west-1" in page
    as_json = client.post(f"/aws/sources/{source.pk}/verify/", HTTP_ACCEPT="application/json").json()
    assert as_json["ok"] is False and len(as_json["regions"]) == 3


def test_the_wizard_check_tests_keys_before_the_source_exists(aws, alice, client_for):
    client = client_for(alice)
    response = client.post(
        "/aws/check/",
        {
            "aws_account_number": "2109-8765-4321",
            "aws_access_key_id": ACCESS_KEY,
            "aws_secret_access_key": SECRET_KEY,
            "regions": ["us-east-1"],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"These keys belong to AWS account {ACCOUNT}" in page and "210987654321" in page
    bad = client.post("/aws/check/", {"aws_account_number": "12", "aws_access_key_id": ACCESS_KEY})
    assert bad.status_code == 400 and "12 digits" in bad.content.decode()

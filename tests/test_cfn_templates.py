"""The CloudFormation templates: cfn-lint finds nothing, and they deploy in the emulator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import boto3
import pytest
import yaml

from deployments import templates
from log_sources.validation import DEFAULT_RETENTION_DAYS, RETENTION_DAYS
from tests.conftest import ACCESS_KEY, SECRET_KEY

FILES = sorted(templates.CLOUDFORMATION_DIR.glob("*.yaml"))


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation's short-form tags (!Ref, !Sub, ...) as plain values."""


_CfnLoader.add_multi_constructor(
    "!",
    lambda loader, suffix, node: (
        loader.construct_scalar(node)
        if isinstance(node, yaml.ScalarNode)
        else loader.construct_sequence(node)
        if isinstance(node, yaml.SequenceNode)
        else loader.construct_mapping(node)
    ),
)


def parsed(kind: str) -> dict:
    return yaml.load(templates.template_text(kind), Loader=_CfnLoader)  # noqa: S506 (a SafeLoader subclass)


def cf(aws, region: str):
    return boto3.client(
        "cloudformation",
        region_name=region,
        endpoint_url=aws.url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def test_both_templates_exist():
    assert [f.name for f in FILES] == ["guardduty-collection.yaml", "service-account.yaml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_cfn_lint_reports_nothing(path: Path):
    cfn_lint = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(cfn_lint), str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_stack_and_stackset_deploy_the_same_collection_template():
    assert templates.template_text("stack") == templates.template_text("stackset")
    with pytest.raises(KeyError):
        templates.template_text("nope")


def test_the_collection_template_routes_guardduty_findings_to_the_log_group():
    body = parsed("stack")
    retention = body["Parameters"]["LogRetentionInDays"]
    assert retention["Default"] == DEFAULT_RETENTION_DAYS == 3
    assert tuple(retention["AllowedValues"]) == RETENTION_DAYS
    resources = body["Resources"]
    group = resources["GuardDutyLogGroup"]
    assert group["Type"] == "AWS::Logs::LogGroup"
    assert group["Properties"]["LogGroupName"] == "Armor_GuardDuty_Log_Group"
    rule = resources["GuardDutyFindingsRule"]["Properties"]
    assert rule["EventPattern"] == {"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"]}
    assert rule["Targets"][0]["Arn"] == "GuardDutyLogGroup.Arn"
    policy = resources["GuardDutyLogGroupPolicy"]
    assert policy["Type"] == "AWS::Logs::ResourcePolicy"
    document = policy["Properties"]["PolicyDocument"]
    assert "events.amazonaws.com" in document and "logs:CreateLogStream" in document and "logs:PutLogEvents" in document
    assert body["Outputs"]["LogGroupArn"]["Value"] == "GuardDutyLogGroup.Arn"


@pytest.mark.parametrize("kind", ["stack", "service-account"])
def test_templates_are_partition_neutral(kind):
    text = templates.template_text(kind)
    assert "arn:aws:" not in text and "arn:aws-cn:" not in text
    assert "${AWS::Partition}" in text


@pytest.mark.parametrize("region", ["us-west-2", "cn-north-1"])
def test_the_collection_template_deploys_as_a_stack(aws, region):
    client = cf(aws, region)
    client.create_stack(StackName="Armor-GuardDuty", TemplateBody=templates.template_text("stack"))
    stack = client.describe_stacks(StackName="Armor-GuardDuty")["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    partition = "aws-cn" if region.startswith("cn-") else "aws"
    assert stack["Outputs"][0]["OutputValue"].startswith(f"arn:{partition}:logs:{region}:")
    logs = boto3.client(
        "logs", region_name=region, endpoint_url=aws.url, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY
    )
    assert logs.describe_log_groups()["logGroups"][0]["retentionInDays"] == 3


def test_the_service_account_template_creates_the_user_with_the_policy_and_no_key_by_default(aws):
    iam = boto3.client(
        "iam",
        region_name="us-east-1",
        endpoint_url=aws.url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    client = cf(aws, "us-east-1")
    client.create_stack(
        StackName="Armor-Service-Account",
        TemplateBody=templates.template_text("service-account"),
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )

    assert client.describe_stacks(StackName="Armor-Service-Account")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    assert iam.get_user(UserName="armor_service_account")["User"]["UserName"] == "armor_service_account"
    assert iam.list_access_keys(UserName="armor_service_account")["AccessKeyMetadata"] == []
    body = parsed("service-account")
    statement = body["Resources"]["ArmorServiceAccount"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][0]
    assert statement["Action"] == list(templates.SERVICE_ACCOUNT_ACTIONS)
    expected = templates.service_account_policy()["Statement"][0]
    assert [r.replace("${AWS::Partition}", "aws") for r in statement["Resource"]] == expected["Resource"]
    assert body["Parameters"]["CreateAccessKey"]["Default"] == "false"


def test_the_service_account_template_creates_a_key_only_when_asked(aws):
    iam = boto3.client(
        "iam",
        region_name="us-east-1",
        endpoint_url=aws.url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    cf(aws, "us-east-1").create_stack(
        StackName="Armor-Service-Account",
        TemplateBody=templates.template_text("service-account"),
        Parameters=[{"ParameterKey": "CreateAccessKey", "ParameterValue": "true"}],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    assert len(iam.list_access_keys(UserName="armor_service_account")["AccessKeyMetadata"]) == 1


def test_the_option_1_policy_is_the_design_policy():
    policy = templates.service_account_policy()
    statement = policy["Statement"][0]
    assert statement["Action"] == [
        "logs:Describe*",
        "logs:Get*",
        "logs:List*",
        "logs:StartQuery",
        "logs:StopQuery",
        "logs:TestMetricFilter",
        "logs:FilterLogEvents",
    ]
    assert statement["Resource"] == [
        "arn:aws:logs:*:*:log-group:Armor_GuardDuty_Log_Group",
        "arn:aws:logs:*:*:log-group:Armor_GuardDuty_Log_Group:*",
        "arn:aws:logs:*:*:log-group:Armor_GuardDuty_Log_Group:*:*",
    ]
    assert templates.service_account_policy(partition="aws-cn")["Statement"][0]["Resource"][0].startswith("arn:aws-cn:")

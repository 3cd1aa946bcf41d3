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
from tests.conftest import ACCESS_KEY, SECRET_KEY, emulator_iam

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


def test_every_template_exists():
    assert [f.name for f in FILES] == [
        "guardduty-collection.yaml",
        "organization-role.yaml",
        "reader-role.yaml",
        "service-account.yaml",
    ]


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


@pytest.mark.parametrize("kind", ["stack", "service-account", "role", "organization-role"])
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
    iam = emulator_iam(aws)
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
    iam = emulator_iam(aws)
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


def _short_form(value):
    """Long-form intrinsic functions as the short-form loader reads `!Ref X`, `!Sub X`, `!GetAtt A.B`."""
    if isinstance(value, dict):
        if set(value) == {"Ref"} or set(value) == {"Fn::Sub"}:
            return next(iter(value.values()))
        if set(value) == {"Fn::GetAtt"}:
            return ".".join(value["Fn::GetAtt"])
        return {key: _short_form(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_short_form(item) for item in value]
    return value


def test_the_reader_role_template_is_plain_yaml():
    """Scripts that create the role themselves can read it with any YAML parser (no `!` tags)."""
    body = yaml.safe_load(templates.template_text("role"))
    assert body["Outputs"]["RoleArn"]["Value"] == {"Fn::GetAtt": ["ReaderRole", "Arn"]}


def test_the_reader_role_has_the_service_accounts_read_policy_and_trusts_only_the_portal_with_the_external_id():
    role = _short_form(parsed("role"))["Resources"]["ReaderRole"]["Properties"]
    user = parsed("service-account")["Resources"]["ArmorServiceAccount"]["Properties"]
    assert role["Policies"] == user["Policies"]  # the same read policy, word for word
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust == {
        "Sid": "PortalWithExternalId",
        "Effect": "Allow",
        "Principal": {"AWS": "PortalPrincipalArn"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "ExternalId"}},
    }
    parameters = parsed("role")["Parameters"]
    assert parameters["RoleName"]["Default"] == templates.READER_ROLE_NAME
    assert int(parameters["ExternalId"]["MinLength"]) >= 32
    assert role["RoleName"] == "RoleName"


def test_the_organization_role_reads_like_the_reader_role_and_only_lists_besides():
    """The Organization role trusts exactly as the reader role does and carries its read policy
    word for word; what it adds only lists and describes (it changes nothing in the Organization)."""
    body = yaml.safe_load(templates.template_text(templates.ORGANIZATION_ROLE_KIND))
    reader = yaml.safe_load(templates.template_text(templates.READER_ROLE_KIND))
    role, reader_role = body["Resources"]["ReaderRole"]["Properties"], reader["Resources"]["ReaderRole"]["Properties"]
    assert role["AssumeRolePolicyDocument"] == reader_role["AssumeRolePolicyDocument"]
    assert role["Policies"][0] == reader_role["Policies"][0]
    added = [a for statement in role["Policies"][1]["PolicyDocument"]["Statement"] for a in statement["Action"]]
    verbs = {action.split(":")[1].split("*")[0] for action in added}
    assert {verb[:4] for verb in verbs} <= {"Desc", "List", "GetM"}, added
    assert body["Parameters"]["RoleName"]["Default"] == templates.ORGANIZATION_ROLE_NAME


def test_the_reader_role_template_creates_the_role_with_its_trust_policy(aws):
    principal = "arn:aws:iam::210987654321:user/armor-portal"
    external_id = "0123456789abcdef0123456789abcdef01234567"
    client = cf(aws, "us-east-1")
    client.create_stack(
        StackName=templates.READER_ROLE_STACK,
        TemplateBody=templates.template_text("role"),
        Parameters=[
            {"ParameterKey": key, "ParameterValue": value}
            for key, value in templates.reader_role_parameters(principal_arn=principal, external_id=external_id).items()
        ],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    stack = client.describe_stacks(StackName=templates.READER_ROLE_STACK)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert outputs["RoleArn"] == templates.reader_role_arn(account="123456789012")
    iam = emulator_iam(aws)
    document = iam.get_role(RoleName=templates.READER_ROLE_NAME)["Role"]["AssumeRolePolicyDocument"]
    (statement,) = document["Statement"]
    assert statement["Principal"] == {"AWS": principal}
    assert statement["Condition"] == {"StringEquals": {"sts:ExternalId": external_id}}

"""The CloudFormation templates the portal offers (and how a deploy call passes them), and the
service account's IAM policy."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from log_sources import regions as region_catalogue
from log_sources.source_types import GUARDDUTY

if TYPE_CHECKING:
    from .models import DeployOperation

CLOUDFORMATION_DIR = Path(__file__).resolve().parent / "cloudformation"

# A Stack and a StackSet deploy the very same collection template.
TEMPLATE_FILES: dict[str, str] = {
    "stack": "guardduty-collection.yaml",
    "stackset": "guardduty-collection.yaml",
    "service-account": "service-account.yaml",
    # The reader role is a Stack of its own, never part of the collection StackSet: IAM is global,
    # so a role in a StackSet instance per region would be created once per region (and clash).
    "role": "reader-role.yaml",
    # The role an AWS Organization is collected through: the reader's rights, plus listing the
    # Organization's accounts and GuardDuty members and reading the portal's StackSets.
    "organization-role": "organization-role.yaml",
}
TEMPLATE_KINDS = tuple(TEMPLATE_FILES)
LOG_GROUP = GUARDDUTY.default_log_group
SERVICE_ACCOUNT_USER = "armor_service_account"
READER_ROLE_KIND = "role"
READER_ROLE_NAME = "ArmorGuardDutyReader"
READER_ROLE_STACK = "Armor-GuardDuty-Reader-Role"
ORGANIZATION_ROLE_KIND = "organization-role"
ORGANIZATION_ROLE_NAME = "ArmorGuardDutyOrganizationReader"
ORGANIZATION_ROLE_STACK = "Armor-GuardDuty-Organization-Role"
# The role templates Launch for me creates, each as a Stack of its own: kind -> (default role name, stack name).
ROLE_KINDS = {
    READER_ROLE_KIND: (READER_ROLE_NAME, READER_ROLE_STACK),
    ORGANIZATION_ROLE_KIND: (ORGANIZATION_ROLE_NAME, ORGANIZATION_ROLE_STACK),
}
SERVICE_ACCOUNT_ACTIONS = (
    "logs:Describe*",
    "logs:Get*",
    "logs:List*",
    "logs:StartQuery",
    "logs:StopQuery",
    "logs:TestMetricFilter",
    "logs:FilterLogEvents",
)
# GuardDuty coverage (is a detector on, which plans) and the sample-finding canary.
GUARDDUTY_READ_ACTIONS = ("guardduty:ListDetectors", "guardduty:GetDetector")
SAMPLE_FINDING_ACTIONS = ("guardduty:CreateSampleFindings",)


def template_filename(kind: str) -> str:
    """The file name of a template kind ("stack", "stackset", "service-account" or "role"); KeyError otherwise."""
    return TEMPLATE_FILES[kind]


@cache
def _read(filename: str) -> str:
    return (CLOUDFORMATION_DIR / filename).read_text(encoding="utf-8")


def template_text(kind: str) -> str:
    """The YAML text of a template kind, exactly as it is deployed and downloaded."""
    return _read(template_filename(kind))


def template_kwargs(operation: DeployOperation) -> dict[str, Any]:
    """The template, parameters and tags of an operation, as CloudFormation's create and update calls take them."""
    kwargs = {
        "TemplateBody": template_text(operation.mode),
        "Parameters": [{"ParameterKey": k, "ParameterValue": str(v)} for k, v in operation.parameters.items()],
        "Tags": [{"Key": k, "Value": str(v)} for k, v in operation.tags.items()],
    }
    if operation.mode in ROLE_KINDS:
        kwargs["Capabilities"] = ["CAPABILITY_NAMED_IAM"]  # it creates a named IAM role
    return kwargs


def reader_role_parameters(*, principal_arn: str, external_id: str, role_name: str = READER_ROLE_NAME) -> dict:
    return {"RoleName": role_name, "PortalPrincipalArn": principal_arn, "ExternalId": external_id}


def reader_role_arn(*, account: str, role_name: str = READER_ROLE_NAME, region: str = "us-east-1") -> str:
    """The ARN the role template gives its role (its RoleArn output), known before it is launched."""
    return f"arn:{partition(region)}:iam::{account}:role/{role_name}"


def partition(region: str) -> str:
    """The AWS partition of a region ("aws", or "aws-cn" for China): the `arn:<partition>:` of a policy."""
    return region_catalogue.partition_of(region)


def service_account_policy(*, partition: str = "aws", log_group: str = LOG_GROUP) -> dict:
    """Option 1: the IAM policy to attach to an existing user so the portal may read the log group."""
    base = f"arn:{partition}:logs:*:*:log-group:{log_group}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadArmorGuardDutyLogGroup",
                "Effect": "Allow",
                "Action": list(SERVICE_ACCOUNT_ACTIONS),
                "Resource": [base, f"{base}:*", f"{base}:*:*"],
            },
            {
                "Sid": "ReadGuardDutyCoverage",
                "Effect": "Allow",
                "Action": list(GUARDDUTY_READ_ACTIONS),
                "Resource": "*",
            },
            {
                "Sid": "SampleFindingCanaryOnly",
                "Effect": "Allow",
                "Action": list(SAMPLE_FINDING_ACTIONS),
                "Resource": f"arn:{partition}:guardduty:*:*:detector/*",
            },
        ],
    }


def service_account_policy_json(*, partition: str = "aws", log_group: str = LOG_GROUP) -> str:
    return json.dumps(service_account_policy(partition=partition, log_group=log_group), indent=2)

"""What the portal asks AWS about an Organization: its accounts, GuardDuty's members, and the
StackSets that deploy the collection into every account.

All of it runs in the account the Organization works from, through its role (assumed with the
tenant's External ID); only the StackSets' creation uses one-time deploy credentials, which are
used in the request and never stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from botocore.config import Config
from django.conf import settings

from core import aws
from deployments import templates
from log_sources.credentials import portal_principal_arn

from .choices import AWS_ACCOUNT_STATUS, AccountStatus

logger = logging.getLogger(__name__)

READER_ROLE_STACK_SET = "Armor-GuardDuty-Organization-Reader-Role"
COLLECTION_STACK_SET = "Armor-GuardDuty-Organization-Collection"

# StackSet operation preferences for hundreds of accounts x 15 regions: regions in parallel,
# up to a quarter of the accounts at once, and a failing account (an SCP, a suspended account)
# does not stop the others until a tenth of them have failed.
OPERATION_PREFERENCES = {
    "RegionConcurrencyType": "PARALLEL",
    "MaxConcurrentPercentage": 25,
    "FailureTolerancePercentage": 10,
}
AUTO_DEPLOYMENT = {"Enabled": True, "RetainStacksOnAccountRemoval": False}

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=5, read_timeout=20)


@dataclass
class AwsAccount:
    account_number: str
    name: str
    status: str  # AccountStatus
    parent_id: str
    parent_name: str


class OrganizationUnavailable(Exception):
    """AWS refused or could not answer what the Organization's sync or deploy needs."""


def role_credentials(organization) -> aws.AwsCredentials:
    """The Organization's role, assumed as the portal with the tenant's External ID."""
    if not portal_principal_arn():
        raise OrganizationUnavailable(
            "The portal's AWS principal is not configured (PORTAL_AWS_PRINCIPAL_ARN), so the Organization's "
            "role cannot be assumed."
        )
    return aws.assume_role(
        role_arn=organization.role_arn,
        external_id=organization.tenant.aws_external_id,
        session_name=aws.session_name(f"ArmorPortal-organization-{organization.pk or 'new'}"),
        region=organization.home_region,
    )


def _client(service: str, credentials: aws.AwsCredentials, region: str):
    return aws.client(service, region=region, credentials=credentials, config=_CONFIG)


def _pages(call, key: str, **kwargs) -> list[dict]:
    items: list[dict] = []
    while True:
        page = call(**kwargs)
        items.extend(page.get(key, []))
        token = page.get("NextToken")
        if not token:
            return items
        kwargs["NextToken"] = token


def describe_organization(credentials: aws.AwsCredentials, region: str) -> dict:
    """{"Id", "MasterAccountId", ...} of the Organization the account belongs to."""
    return _client("organizations", credentials, region).describe_organization()["Organization"]


def root_id(credentials: aws.AwsCredentials, region: str) -> str:
    roots = _pages(_client("organizations", credentials, region).list_roots, "Roots")
    return roots[0]["Id"]


def list_accounts(credentials: aws.AwsCredentials, region: str, parents: list[str]) -> list[AwsAccount]:
    """Every account under `parents` (OU or root ids) and their child OUs, each with the OU it sits in.

    Walks the tree with ListOrganizationalUnitsForParent and ListAccountsForParent, which the
    management account and delegated administrators may call.
    """
    org = _client("organizations", credentials, region)
    accounts: dict[str, AwsAccount] = {}
    pending: list[tuple[str, str]] = [(parent, _parent_name(org, parent)) for parent in parents]
    seen: set[str] = set()
    while pending:
        parent, parent_name = pending.pop(0)
        if parent in seen:
            continue
        seen.add(parent)
        for account in _pages(org.list_accounts_for_parent, "Accounts", ParentId=parent):
            state = str(account.get("Status") or account.get("State") or "ACTIVE").upper()
            accounts[account["Id"]] = AwsAccount(
                account_number=account["Id"],
                name=account.get("Name", ""),
                status=AWS_ACCOUNT_STATUS.get(state, AccountStatus.SUSPENDED),
                parent_id=parent,
                parent_name=parent_name,
            )
        for unit in _pages(org.list_organizational_units_for_parent, "OrganizationalUnits", ParentId=parent):
            pending.append((unit["Id"], unit.get("Name", unit["Id"])))
    return list(accounts.values())


def _parent_name(org, parent: str) -> str:
    if parent.startswith("r-"):
        return "Root"
    try:
        return org.describe_organizational_unit(OrganizationalUnitId=parent)["OrganizationalUnit"].get("Name", parent)
    except Exception as exc:  # a name is a nicety: the id still says where the account is
        logger.info("OU %s has no name the portal may read (%s)", parent, aws.error_code(exc))
        return parent


def guardduty_members(credentials: aws.AwsCredentials, region: str) -> dict[str, str] | None:
    """{account: GuardDuty's RelationshipStatus} of the administrator's detector in `region`,
    or None when GuardDuty does not answer (no detector, no right, an AWS that lacks the call)."""
    guardduty = _client("guardduty", credentials, region)
    try:
        detectors = guardduty.list_detectors().get("DetectorIds", [])
        if not detectors:
            return None
        members = _pages(
            guardduty.list_members, "Members", DetectorId=detectors[0], OnlyAssociated="false", MaxResults=50
        )
    except Exception as exc:
        logger.info("GuardDuty members not read in %s: %s", region, aws.error_code(exc) or exc)
        return None
    return {m["AccountId"]: m.get("RelationshipStatus", "") for m in members}


def _parameters(values: dict[str, Any]) -> list[dict[str, str]]:
    return [{"ParameterKey": k, "ParameterValue": str(v)} for k, v in values.items()]


def call_as(organization, management_account: str) -> dict[str, str]:
    """A delegated administrator of StackSets must say so; the management account must not."""
    return {} if organization.account_number == management_account else {"CallAs": "DELEGATED_ADMIN"}


def _stack_set_create(cf, *, name: str, body: str, parameters: dict, caller: dict, description: str) -> None:
    try:
        cf.create_stack_set(
            StackSetName=name,
            Description=description,
            TemplateBody=body,
            Parameters=_parameters(parameters),
            Capabilities=["CAPABILITY_NAMED_IAM"],
            PermissionModel="SERVICE_MANAGED",
            AutoDeployment=AUTO_DEPLOYMENT,
            **caller,
        )
    except Exception as exc:
        if aws.error_code(exc) != "NameAlreadyExistsException":
            raise
        # Deployed before (a second Deploy, a new OU): the instances call below adds what is missing.


def stack_sets_deploy(
    organization, *, deploy_credentials: aws.AwsCredentials, targets: list[str], management_account: str
) -> list[str]:
    """Create the two service-managed StackSets and their instances in `targets` (OU or root ids).

    The reader role's StackSet deploys to one region only (IAM is global: a role per region would
    clash); the collection's to every region of the Organization. Returns the operation ids.
    """
    region = organization.home_region
    cf = _client("cloudformation", deploy_credentials, region)
    caller = call_as(organization, management_account)
    _stack_set_create(
        cf,
        name=READER_ROLE_STACK_SET,
        body=templates.template_text(templates.READER_ROLE_KIND),
        parameters=templates.reader_role_parameters(
            principal_arn=portal_principal_arn(), external_id=organization.tenant.aws_external_id
        ),
        caller=caller,
        description="The role the GuardDuty External Sources portal assumes in each account (IAM: one region).",
    )
    _stack_set_create(
        cf,
        name=COLLECTION_STACK_SET,
        body=templates.template_text("stackset"),
        parameters={"LogRetentionInDays": settings.ORGANIZATION_LOG_RETENTION_DAYS},
        caller=caller,
        description="Routes GuardDuty findings into Armor_GuardDuty_Log_Group in each account and region.",
    )
    operations = []
    for name, regions in ((READER_ROLE_STACK_SET, [region]), (COLLECTION_STACK_SET, organization.regions)):
        operations.append(
            cf.create_stack_instances(
                StackSetName=name,
                DeploymentTargets={"OrganizationalUnitIds": targets},
                Regions=regions,
                OperationPreferences=OPERATION_PREFERENCES,
                **caller,
            )["OperationId"]
        )
    return operations


def stack_instances(credentials: aws.AwsCredentials, region: str, *, caller: dict) -> dict[str, dict[str, dict]]:
    """{account: {region: instance summary}} of the collection StackSet ({} before it exists)."""
    cf = _client("cloudformation", credentials, region)
    try:
        summaries = _pages(cf.list_stack_instances, "Summaries", StackSetName=COLLECTION_STACK_SET, **caller)
    except Exception as exc:
        if aws.error_code(exc) in ("StackSetNotFoundException", "StackSetNotFound"):
            return {}
        raise
    instances: dict[str, dict[str, dict]] = {}
    for summary in summaries:
        instances.setdefault(str(summary.get("Account", "")), {})[summary.get("Region", "")] = summary
    return instances

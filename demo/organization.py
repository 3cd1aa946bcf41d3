"""The demo's AWS Organization in the local emulator: a management account that is also GuardDuty's
administrator, three member accounts in two OUs, and findings of all four in the administrator's
log group, added to the demo tenant in Administrator account mode.

The emulator starts empty and gives new accounts new numbers, so the Organization is created
afresh on every start (the portal's earlier demo Organization, and what it collected, goes).
The emulator answers Organizations' listing calls only in the management account, so that is
the account the demo works from; a real Organization usually works from a delegated
administrator member account, with the same calls.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings

from deployments import templates
from organizations import services
from organizations.models import Organization
from tenants.selectors import tenant_of

from .findings import stream
from .simulator import LOG_GROUP, emulator_client

MANAGEMENT_ACCOUNT = "111122223333"
ORGANIZATION_NAME = "Demo Organization"
REGIONS = ["us-east-1", "eu-west-1"]
MEMBERS = (("Production", "Workloads"), ("Development", "Workloads"), ("Audit", "Security"))
FINDINGS_PER_ACCOUNT = 6


def _client(service: str, region: str = "us-east-1"):
    return emulator_client(service, region=region, account=MANAGEMENT_ACCOUNT)


def _organization_tree(out: Callable[[str], None]) -> dict[str, str]:
    """Create the Organization, its OUs and member accounts; {account: name}."""
    org = _client("organizations")
    with contextlib.suppress(org.exceptions.AlreadyInOrganizationException):
        org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    units = {}
    accounts = {MANAGEMENT_ACCOUNT: "Management (GuardDuty administrator)"}
    for name, unit in MEMBERS:
        if unit not in units:
            units[unit] = org.create_organizational_unit(ParentId=root, Name=unit)["OrganizationalUnit"]["Id"]
        account = org.create_account(AccountName=name, Email=f"{name.lower()}@demo.example")["CreateAccountStatus"][
            "AccountId"
        ]
        org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=units[unit])
        accounts[account] = name
        out(f"member account {account} ({name}) in OU {unit}")
    return accounts


def _administrator_account(external_id: str) -> str:
    """What the customer deploys in the administrator account: the Organization role and the
    collection template in each region, and GuardDuty's detector. Returns the role's ARN."""
    role_stack = _client("cloudformation")
    role_stack.create_stack(
        StackName="Armor-GuardDuty-Organization-Role",
        TemplateBody=templates.template_text(templates.ORGANIZATION_ROLE_KIND),
        Parameters=[
            {"ParameterKey": "PortalPrincipalArn", "ParameterValue": settings.PORTAL_AWS_PRINCIPAL_ARN},
            {"ParameterKey": "ExternalId", "ParameterValue": external_id},
        ],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    for region in REGIONS:
        _client("cloudformation", region).create_stack(
            StackName="Armor-GuardDuty-Collection", TemplateBody=templates.template_text("stack")
        )
        _client("guardduty", region).create_detector(Enable=True)
    return f"arn:aws:iam::{MANAGEMENT_ACCOUNT}:role/{templates.ORGANIZATION_ROLE_NAME}"


def _findings(accounts: dict[str, str]) -> int:
    """GuardDuty aggregates every member's findings in the administrator: its log groups receive them."""
    written = 0
    start = datetime.now(UTC) - timedelta(minutes=30)
    for region in REGIONS:
        logs = _client("logs", region)
        for account in accounts:
            name = f"demo-organization-{account}"
            logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=name)
            events = [
                {"timestamp": int(when.timestamp() * 1000), "message": text}
                for when, text in stream(
                    FINDINGS_PER_ACCOUNT, account=account, region=region, seed=account, start=start
                )
            ]
            logs.put_log_events(logGroupName=LOG_GROUP, logStreamName=name, logEvents=events)
            written += len(events)
    return written


def create_demo_organization(*, user, endpoint, out: Callable[[str], None] = print) -> Organization:
    tenant = tenant_of(user)
    for earlier in Organization.objects.filter(tenant=tenant, name=ORGANIZATION_NAME):
        services.organization_delete(user=user, organization=earlier)
    accounts = _organization_tree(out)
    role_arn = _administrator_account(tenant.aws_external_id)
    organization = services.organization_create(
        user=user,
        data={
            "name": ORGANIZATION_NAME,
            "endpoint": endpoint.pk,
            "mode": "administrator",
            "account_number": MANAGEMENT_ACCOUNT,
            "role_arn": role_arn,
            "regions": REGIONS,
        },
    )
    out(f"{_findings(accounts)} findings of {len(accounts)} accounts in the administrator's log groups")
    return organization

"""Test connection: whether a source's credentials reach its account and may read its log group.

For a role, the portal first assumes it with the tenant's External ID, as the relays will;
the assumed identity must then be of the source's account, like an access key's.
`connection_check` works before a source exists (the wizard's Test connection button);
`connection_verify` checks a saved source and keeps each region's checklist on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError
from django.utils import timezone

from core import aws
from log_sources import credentials as source_credentials
from log_sources.choices import CredentialType
from log_sources.models import LogSource, SourceRegion
from tenants import audit
from tenants.selectors import require, tenant_of

from . import coverage as detector_coverage
from . import templates
from .models import RegionDeployment
from .steps import credential_problem

_CHILD_ACCOUNT_HELP = (
    "This usually happens with AWS Organizations: the access key was created in another account of the "
    "organisation (for example the management account or a different child account) than the one whose "
    "GuardDuty findings are collected."
)


def _check(name: str, ok: bool, message: str) -> dict[str, Any]:
    return {"name": name, "ok": ok, "message": message}


@dataclass(frozen=True)
class RoleAccess:
    """A reader role as Test connection assumes it: the ARN, the tenant's External ID, the session name."""

    role_arn: str
    external_id: str
    session_name: str


def _assumed(role: RoleAccess, region: str, account: dict[str, Any]) -> aws.AwsCredentials | None:
    """Assume the role as the relays will; on failure, say why in `account` and return None."""
    if not source_credentials.portal_principal_arn():
        account.update(
            code="role_unavailable",
            message="The portal's AWS principal is not configured (PORTAL_AWS_PRINCIPAL_ARN): no role can be assumed.",
        )
        return None
    try:
        return aws.assume_role(
            role_arn=role.role_arn,
            external_id=role.external_id,
            session_name=role.session_name,
            region=source_credentials.sts_region(region),
        )
    except aws.NETWORK_ERRORS as exc:
        account.update(code="unreachable", message=f"Could not reach AWS STS in {region} ({exc.__class__.__name__}).")
    except ClientError as exc:
        failure = aws.classify(exc)
        if failure.kind == aws.Kind.ACCESS_DENIED:
            message = source_credentials.role_denied_message(
                role_arn=role.role_arn, external_id=role.external_id, failure=failure
            )
        elif failure.kind in (aws.Kind.INVALID_KEY, aws.Kind.BAD_SECRET, aws.Kind.EXPIRED):
            message = (
                f"STS refused the portal's own credentials ({failure.code}); the portal's operators must fix "
                "the credentials of PORTAL_AWS_PRINCIPAL_ARN. Nothing is wrong with your role."
            )
        else:
            message = f"AWS STS refused AssumeRole on {role.role_arn}: {failure.message} ({failure.code})."
        account.update(code=failure.code or "role_denied", message=message)
    return None


def connection_check(
    *,
    account_number: str,
    credentials: aws.AwsCredentials | None = None,
    role: RoleAccess | None = None,
    regions: list[str],
    log_group: str = templates.LOG_GROUP,
    on_coverage: Callable[[detector_coverage.Coverage], None] | None = None,
) -> dict[str, Any]:
    """Test access keys, or a role, against an account and regions; usable before a source exists.

    `on_coverage` is given each region's GuardDuty coverage as the `guardduty_detector` check found it.

    Returns a JSON-serialisable checklist: {"ok", "account": {...}, "regions": [{"region", "ok",
    "checks": [{"name", "ok", "message"}]}]}; for a role, `account.role_arn` names it.
    """
    first = regions[0] if regions else "us-east-1"
    account: dict[str, Any] = {
        "expected": account_number,
        "actual": "",
        "arn": "",
        "ok": False,
        "message": "",
        "code": "",
    }
    if role is not None:
        account["role_arn"] = role.role_arn
        credentials = _assumed(role, first, account)  # None: the account check already says why
    if credentials is not None:
        _identify(account, credentials=credentials, region=first, account_number=account_number, role=role)
    region_results = []
    for region in regions:
        if not account["ok"]:
            region_results.append(
                {
                    "region": region,
                    "ok": False,
                    "checks": [_check("credentials", False, "Not checked: the credentials failed the account check.")],
                }
            )
            continue
        checks = _region_checks(credentials=credentials, region=region, log_group=log_group)
        coverage = detector_coverage.detector_coverage(credentials=credentials, region=region)
        checks.append(_check("guardduty_detector", *detector_coverage.check_message(coverage)))
        if on_coverage is not None:
            on_coverage(coverage)
        # The detector check informs; it does not fail the region. `ok` answers "may the portal read
        # this log group", which gates a credentials change; GuardDuty being off is the customer's
        # choice, shown in the check and in the coverage matrix.
        access = [c for c in checks if c["name"] != "guardduty_detector"]
        region_results.append({"region": region, "ok": all(c["ok"] for c in access), "checks": checks})
    return {
        "ok": bool(account["ok"] and all(r["ok"] for r in region_results)),
        "account": account,
        "regions": region_results,
    }


def _identify(
    account: dict[str, Any],
    *,
    credentials: aws.AwsCredentials,
    region: str,
    account_number: str,
    role: RoleAccess | None,
) -> None:
    """Whose credentials these are (STS GetCallerIdentity): they must act in the source's account."""
    try:
        identity = aws.client("sts", region=region, credentials=credentials).get_caller_identity()
    except aws.NETWORK_ERRORS as exc:
        account.update(code="unreachable", message=f"Could not reach AWS STS in {region} ({exc.__class__.__name__}).")
    except ClientError as exc:
        failure = aws.classify(exc)
        account.update(
            code=failure.code,
            message=credential_problem(failure, "entered")
            or f"AWS STS refused GetCallerIdentity: {failure.message} ({failure.code}).",
        )
    else:
        actual = str(identity.get("Account", ""))
        account.update(actual=actual, arn=identity.get("Arn", ""))
        what = "The role's session acts" if role is not None else "The keys act"
        if actual == account_number:
            account.update(ok=True, message=f"{what} in account {actual} ({identity.get('Arn', '')}).")
        elif role is not None:
            account.update(
                code="account_mismatch",
                message=(
                    f"The role acts in AWS account {actual}, but the source is for account {account_number}. "
                    f"Create the role in account {account_number}, or correct the AWS Account Number."
                ),
            )
        else:
            account.update(
                code="account_mismatch",
                message=(
                    f"These keys belong to AWS account {actual}, but the source is for account {account_number}. "
                    f"{_CHILD_ACCOUNT_HELP} Create the access key in account {account_number}, or correct the "
                    "AWS Account Number."
                ),
            )


def _missing_permission(action: str, log_group: str, region: str) -> str:
    policy = templates.service_account_policy_json(partition=templates.partition(region), log_group=log_group)
    return (
        f"The credentials may not call {action} on {log_group} in {region}. Attach this policy to the IAM user "
        f"or reader role (Service Account page): {policy}"
    )


def _log_group_missing(log_group: str, region: str) -> str:
    return (
        f"Log group missing: the collection template is not deployed in {region} (the log group "
        f"{log_group} does not exist there)."
    )


def _region_checks(*, credentials: aws.AwsCredentials, region: str, log_group: str) -> list[dict[str, Any]]:
    logs = aws.client("logs", region=region, credentials=credentials)
    checks: list[dict[str, Any]] = []
    try:
        groups = logs.describe_log_groups(logGroupNamePrefix=log_group).get("logGroups", [])
        if any(g.get("logGroupName") == log_group for g in groups):
            checks.append(_check("log_group", True, f"The log group {log_group} exists in {region}."))
        else:
            checks.append(
                _check(
                    "log_group",
                    False,
                    f"{_log_group_missing(log_group, region)} Launch the template (Launch for me) or deploy it "
                    "from the CloudFormation console.",
                )
            )
            return checks
    except aws.NETWORK_ERRORS as exc:
        checks.append(
            _check("log_group", False, f"Could not reach CloudWatch Logs in {region} ({exc.__class__.__name__}).")
        )
        return checks
    except ClientError as exc:
        failure = aws.classify(exc)
        if failure.kind == aws.Kind.ACCESS_DENIED:
            checks.append(_check("log_group", False, _missing_permission("logs:DescribeLogGroups", log_group, region)))
        else:
            checks.append(
                _check("log_group", False, f"CloudWatch Logs refused DescribeLogGroups in {region}: {failure.message}.")
            )
    try:
        logs.filter_log_events(logGroupName=log_group, limit=1)
        checks.append(
            _check("filter_log_events", True, f"The credentials may read {log_group} (logs:FilterLogEvents).")
        )
    except aws.NETWORK_ERRORS as exc:
        checks.append(
            _check(
                "filter_log_events", False, f"Could not reach CloudWatch Logs in {region} ({exc.__class__.__name__})."
            )
        )
    except ClientError as exc:
        failure = aws.classify(exc)
        if failure.code == "ResourceNotFoundException":
            message = _log_group_missing(log_group, region)
        elif failure.kind == aws.Kind.ACCESS_DENIED:
            message = _missing_permission("logs:FilterLogEvents", log_group, region)
        elif failure.kind == aws.Kind.THROTTLED:
            message = f"CloudWatch Logs throttled the check in {region}; try again in a minute."
        else:
            message = f"CloudWatch Logs refused FilterLogEvents in {region}: {failure.message}."
        checks.append(_check("filter_log_events", False, message))
    return checks


def connection_verify(*, user, source: LogSource) -> dict[str, Any]:
    """Test a saved source's connection and keep each region's checklist (shown on the source's page)."""
    require(user, "source.verify", source)
    found: list[detector_coverage.Coverage] = []
    result = connection_check(
        account_number=source.aws_account_number,
        regions=source.region_codes,
        log_group=source.log_group,
        on_coverage=found.append,
        **source_access(source),
    )
    now = timezone.now()
    regions = {region.region: region for region in SourceRegion.objects.filter(source=source)}
    for coverage in found:
        if coverage.region in regions:
            detector_coverage.region_coverage_save(regions[coverage.region], coverage, now=now)
    for part in result["regions"]:
        if part["region"] in regions:
            RegionDeployment.objects.update_or_create(
                source_region=regions[part["region"]],
                defaults={"verification": {**part, "account": result["account"]}, "verified_at": now},
            )
    result["verified_at"] = now.isoformat()
    audit.record("source.verify", actor=user, target=source, details=_outcome(result))
    return result


def source_access(source: LogSource, clean: dict[str, Any] | None = None) -> dict[str, Any]:
    """connection_check's credentials for a source: its own, or `clean` (new ones, not saved yet)."""
    values = clean or {
        "credential_type": source.credential_type,
        "role_arn": source.role_arn,
        "aws_access_key_id": source.aws_access_key_id,
        "aws_secret_access_key": source.aws_secret_access_key,
    }
    if values["credential_type"] == CredentialType.ROLE:
        return {"role": role_access(tenant=source.tenant, role_arn=values["role_arn"], session=source)}
    return {"credentials": aws.AwsCredentials(values["aws_access_key_id"], values["aws_secret_access_key"])}


def role_access(*, tenant, role_arn: str, session: LogSource | None = None) -> RoleAccess:
    """A role as the tenant's sources assume it (the wizard's check names no source yet)."""
    name = source_credentials.session_name(session) if session else aws.session_name("ArmorPortal-check")
    return RoleAccess(role_arn=role_arn, external_id=tenant.aws_external_id, session_name=name)


def credentials_check(
    *,
    user,
    account_number: str,
    regions: list[str],
    credentials: aws.AwsCredentials | None = None,
    role_arn: str = "",
) -> dict[str, Any]:
    """Test connection in the wizard, before a source exists: the keys typed in, or the role, against AWS."""
    require(user, "source.add")
    if role_arn:
        result = connection_check(
            account_number=account_number, role=role_access(tenant=tenant_of(user), role_arn=role_arn), regions=regions
        )
        tried = {"role_arn": role_arn}
    else:
        result = connection_check(account_number=account_number, credentials=credentials, regions=regions)
        tried = {"access_key": f"…{credentials.access_key_id[-4:]}"}
    audit.record("credentials.check", actor=user, details={"account": account_number, **tried, **_outcome(result)})
    return result


def _outcome(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "ok": result["ok"],
        "regions": [part["region"] for part in result["regions"]],
        "failed_regions": [part["region"] for part in result["regions"] if not part["ok"]],
        "account_check": result["account"].get("code") or ("ok" if result["account"].get("ok") else ""),
    }

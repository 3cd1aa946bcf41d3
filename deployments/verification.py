"""Test connection: whether a source's keys belong to its account and may read its log group.

`connection_check` works before a source exists (the wizard's Test connection button);
`connection_verify` checks a saved source and keeps each region's checklist on it.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError
from django.utils import timezone

from core import aws
from log_sources.models import LogSource, SourceRegion
from tenants import audit
from tenants.selectors import require

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


def connection_check(
    *, account_number: str, credentials: aws.AwsCredentials, regions: list[str], log_group: str = templates.LOG_GROUP
) -> dict[str, Any]:
    """Test credentials against an account and regions; usable before a source exists.

    Returns a JSON-serialisable checklist: {"ok", "account": {...}, "regions": [{"region", "ok",
    "checks": [{"name", "ok", "message"}]}]}.
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
    try:
        sts = aws.client("sts", region=first, credentials=credentials)
        identity = sts.get_caller_identity()
    except aws.NETWORK_ERRORS as exc:
        account.update(code="unreachable", message=f"Could not reach AWS STS in {first} ({exc.__class__.__name__}).")
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
        if actual == account_number:
            account.update(ok=True, message=f"The keys belong to account {actual} ({identity.get('Arn', '')}).")
        else:
            account.update(
                code="account_mismatch",
                message=(
                    f"These keys belong to AWS account {actual}, but the source is for account {account_number}. "
                    f"{_CHILD_ACCOUNT_HELP} Create the access key in account {account_number}, or correct the "
                    "AWS Account Number."
                ),
            )
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
        region_results.append({"region": region, "ok": all(c["ok"] for c in checks), "checks": checks})
    return {
        "ok": bool(account["ok"] and all(r["ok"] for r in region_results)),
        "account": account,
        "regions": region_results,
    }


def _missing_permission(action: str, log_group: str, region: str) -> str:
    policy = templates.service_account_policy_json(partition=templates.partition(region), log_group=log_group)
    return (
        f"The credentials may not call {action} on {log_group} in {region}. Attach this policy to the IAM user "
        f"(Service Account page, Option 1): {policy}"
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
    result = connection_check(
        account_number=source.aws_account_number,
        credentials=aws.AwsCredentials.of_source(source),
        regions=source.region_codes,
        log_group=source.log_group,
    )
    now = timezone.now()
    regions = {region.region: region for region in SourceRegion.objects.filter(source=source)}
    for part in result["regions"]:
        if part["region"] in regions:
            RegionDeployment.objects.update_or_create(
                source_region=regions[part["region"]],
                defaults={"verification": {**part, "account": result["account"]}, "verified_at": now},
            )
    result["verified_at"] = now.isoformat()
    audit.record("source.verify", actor=user, target=source, details=_outcome(result))
    return result


def credentials_check(
    *, user, account_number: str, credentials: aws.AwsCredentials, regions: list[str]
) -> dict[str, Any]:
    """Test connection in the wizard, before a source exists: the keys typed in, against AWS."""
    require(user, "source.add")
    result = connection_check(account_number=account_number, credentials=credentials, regions=regions)
    audit.record(
        "credentials.check",
        actor=user,
        details={"account": account_number, "access_key": f"…{credentials.access_key_id[-4:]}", **_outcome(result)},
    )
    return result


def _outcome(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "ok": result["ok"],
        "regions": [part["region"] for part in result["regions"]],
        "failed_regions": [part["region"] for part in result["regions"] if not part["ok"]],
        "account_check": result["account"].get("code") or ("ok" if result["account"].get("ok") else ""),
    }

"""GuardDuty coverage of a region: is there a detector, is it on, which protection plans are on.

A log group fed by a detector that is off, or by none, stays silent, and silence looks like a
quiet account. This reads what GuardDuty says (ListDetectors, GetDetector) so the portal can
tell the two apart. Test connection and the daily coverage refresh share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from core import aws

from .choices import DetectorStatus

# plan key -> (label, GetDetector feature names that turn it on). Runtime Monitoring replaced
# EKS Runtime Monitoring; an account may still have only the older one.
PLANS: dict[str, tuple[str, tuple[str, ...]]] = {
    "s3": ("S3 protection", ("S3_DATA_EVENTS",)),
    "eks_audit_logs": ("EKS audit logs", ("EKS_AUDIT_LOGS",)),
    "runtime_monitoring": ("Runtime Monitoring", ("RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING")),
    "malware_protection": ("Malware Protection", ("EBS_MALWARE_PROTECTION",)),
    "rds_login_events": ("RDS login events", ("RDS_LOGIN_EVENTS",)),
    "lambda_network_logs": ("Lambda network activity", ("LAMBDA_NETWORK_LOGS",)),
}
PLAN_LABELS = {key: label for key, (label, _) in PLANS.items()}

GUARDDUTY_CONSOLE_HELP = (
    "Enable GuardDuty in this region (GuardDuty console › Get started, or `aws guardduty create-detector --enable`)."
)


@dataclass
class Coverage:
    """What one region's check found; `error` says why the status is unknown."""

    region: str
    status: str = DetectorStatus.UNKNOWN
    detector_id: str = ""
    plans: dict[str, bool] = field(default_factory=dict)
    error: str = ""
    failure: aws.AwsFailure | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "detector_id": self.detector_id,
            "detector_status": self.status,
            "plans": self.plans,
            "error": self.error,
        }


def _enabled(value: Any) -> bool:
    return isinstance(value, dict) and str(value.get("Status", "")).upper() == "ENABLED"


def plans_of(detector: dict[str, Any]) -> dict[str, bool]:
    """GetDetector's protection plans: its `Features`, or the older `DataSources` where there are none.

    Detectors created before Features existed, and some emulators, answer with an empty list.
    """
    features = detector.get("Features") or []
    if features:
        on = {str(f.get("Name", "")) for f in features if _enabled(f)}
        return {key: any(name in on for name in names) for key, (_, names) in PLANS.items()}
    sources = detector.get("DataSources") or {}
    malware = ((sources.get("MalwareProtection") or {}).get("ScanEc2InstanceWithFindings") or {}).get("EbsVolumes")
    return {
        "s3": _enabled(sources.get("S3Logs")),
        "eks_audit_logs": _enabled((sources.get("Kubernetes") or {}).get("AuditLogs")),
        "runtime_monitoring": False,
        "malware_protection": _enabled(malware),
        "rds_login_events": False,
        "lambda_network_logs": False,
    }


def plans_text(plans: dict[str, bool]) -> str:
    on = [PLAN_LABELS[key] for key, value in plans.items() if value and key in PLAN_LABELS]
    return ", ".join(on) if on else "none of the protection plans (only the foundational data sources)"


def _denied(action: str, region: str) -> str:
    return (
        f"The credentials may not call guardduty:{action} in {region}. Add guardduty:ListDetectors and "
        "guardduty:GetDetector to the IAM user's or reader role's policy (Service Account page shows the full policy; "
        "updating the role's stack adds them)."
    )


def detector_coverage(*, credentials: aws.AwsCredentials, region: str) -> Coverage:
    """GuardDuty's detector in `region` as the credentials see it; never raises for AWS's answers."""
    coverage = Coverage(region=region)
    guardduty = aws.client("guardduty", region=region, credentials=credentials)
    action = "ListDetectors"
    try:
        detector_ids = guardduty.list_detectors().get("DetectorIds", [])
        if not detector_ids:
            coverage.status = DetectorStatus.MISSING
            return coverage
        # GuardDuty allows one detector per account and region.
        coverage.detector_id = detector_ids[0]
        action = "GetDetector"
        detector = guardduty.get_detector(DetectorId=coverage.detector_id)
    except aws.NETWORK_ERRORS as exc:
        coverage.error = f"Could not reach GuardDuty in {region} ({exc.__class__.__name__})."
        coverage.failure = aws.classify(exc)
        return coverage
    except ClientError as exc:
        failure = coverage.failure = aws.classify(exc)
        if failure.kind == aws.Kind.ACCESS_DENIED:
            coverage.error = _denied(action, region)
        elif failure.kind == aws.Kind.THROTTLED:
            coverage.error = f"GuardDuty throttled {action} in {region}; try again in a minute."
        else:
            coverage.error = f"GuardDuty refused {action} in {region}: {failure.message or failure.code}."
        return coverage
    enabled = str(detector.get("Status", "")).upper() == "ENABLED"
    coverage.status = DetectorStatus.ENABLED if enabled else DetectorStatus.DISABLED
    coverage.plans = plans_of(detector)
    return coverage


def check_message(coverage: Coverage) -> tuple[bool, str]:
    """Test connection's `guardduty_detector` check: (ok, what it found or what to do)."""
    region = coverage.region
    if coverage.status == DetectorStatus.ENABLED:
        return (
            True,
            f"GuardDuty is enabled in {region} (detector {coverage.detector_id}); plans on: {plans_text(coverage.plans)}.",
        )
    if coverage.status == DetectorStatus.DISABLED:
        return False, (
            f"GuardDuty's detector {coverage.detector_id} in {region} is suspended: it produces no findings, so none "
            "reach the log group. Re-enable it (GuardDuty console › Settings › Enable, or "
            f"`aws guardduty update-detector --detector-id {coverage.detector_id} --enable`)."
        )
    if coverage.status == DetectorStatus.MISSING:
        return (
            False,
            f"GuardDuty is not enabled in {region} (no detector): no findings are produced there. {GUARDDUTY_CONSOLE_HELP}",
        )
    return False, coverage.error or f"GuardDuty could not be checked in {region}."


def region_coverage_save(source_region, coverage: Coverage, *, now) -> None:
    """Keep a region's coverage; `status_since` moves only when the status changes."""
    from .models import RegionCoverage

    row = RegionCoverage.objects.filter(pk=source_region.pk).first() or RegionCoverage(source_region=source_region)
    if row.status_since is None or row.detector_status != coverage.status:
        row.status_since = now
    row.detector_status = coverage.status
    row.detector_id = coverage.detector_id
    row.plans = coverage.plans
    row.error = coverage.error
    row.checked_at = now
    row.save()

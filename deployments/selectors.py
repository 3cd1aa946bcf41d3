"""Reads for the AWS side: console links, operation progress, what a source page shows."""

from __future__ import annotations

import statistics
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from log_sources import regions as region_catalogue
from log_sources.choices import DeploymentMode
from log_sources.credentials import portal_principal_arn
from log_sources.models import LogSource

from . import templates
from .choices import ACTIVE_STATUSES, SAMPLE_PENDING_STATUSES, DetectorStatus, OperationKind, OperationStatus
from .models import DeployOperation, RegionCoverage, RegionDeployment, SampleFinding


def template_url(kind: str) -> str:
    """Where a template is published (an S3 URL), or "" when PORTAL_TEMPLATE_BUCKET_URL is not set."""
    bucket = (settings.PORTAL_TEMPLATE_BUCKET_URL or "").rstrip("/")
    return f"{bucket}/{templates.template_filename(kind)}" if bucket else ""


def quick_create_link(
    *, region: str, stack_name: str, kind: str = "stack", parameters: dict[str, Any] | None = None
) -> str:
    """The console link that opens CloudFormation's quick-create page with the template imported."""
    url = template_url(kind)
    if not url:
        return ""
    host = region_catalogue.get(region).console_host
    query = {"templateURL": url, "stackName": stack_name}
    for key, value in (parameters or {}).items():
        query[f"param_{key}"] = str(value)
    fragment = "/stacks/create/review?" + urlencode(query, quote_via=quote, safe="")
    return f"https://{host}/cloudformation/home?region={region}#{fragment}"


def console_links(source: LogSource) -> dict[str, str]:
    """region -> quick-create URL. Only a Stack has one, and only once the template is published."""
    if source.deployment_mode != DeploymentMode.STACK or not template_url("stack"):
        return {}
    return {
        region: quick_create_link(
            region=region,
            stack_name=source.effective_stack_name,
            parameters={"LogRetentionInDays": source.log_retention_days},
        )
        for region in source.region_codes
    }


def stackset_console_link(region: str = "us-east-1") -> str:
    """StackSets have no quick-create link: this opens the console's StackSet creation page."""
    host = region_catalogue.get(region).console_host
    return f"https://{host}/cloudformation/home?region={region}#/stacksets/create"


def service_account_console_link(region: str = "us-east-1") -> str:
    """Option 2's console link: quick-create when the template is published, else the upload page."""
    link = quick_create_link(region=region, stack_name="Armor-Service-Account", kind="service-account")
    if link:
        return link
    host = region_catalogue.get(region).console_host
    return f"https://{host}/cloudformation/home?region={region}#/stacks/create/template"


def reader_role_console_link(*, tenant, region: str = "us-east-1") -> str:
    """The reader role's quick-create link (its parameters filled in) when the template is published,
    else the console's upload page. One region: IAM is global."""
    link = quick_create_link(
        region=region,
        stack_name=templates.READER_ROLE_STACK,
        kind=templates.READER_ROLE_KIND,
        parameters=templates.reader_role_parameters(
            principal_arn=portal_principal_arn(), external_id=tenant.aws_external_id
        ),
    )
    if link:
        return link
    host = region_catalogue.get(region).console_host
    return f"https://{host}/cloudformation/home?region={region}#/stacks/create/template"


def aws_identity(*, tenant) -> dict[str, Any]:
    """What a customer needs to create the reader role: whom it trusts, with which External ID, and how."""
    principal = portal_principal_arn()
    return {
        "principal_arn": principal,
        "roles_available": bool(principal),
        "external_id": tenant.aws_external_id,
        "role_name": templates.READER_ROLE_NAME,
        "role_template": templates.READER_ROLE_KIND,
        "console_link": reader_role_console_link(tenant=tenant) if principal else "",
        "console_link_cn": reader_role_console_link(tenant=tenant, region="cn-north-1") if principal else "",
        "published": bool(template_url(templates.READER_ROLE_KIND)),
    }


def operation_progress(operation: DeployOperation | None) -> dict[str, Any]:
    """An operation as the API and the live page show it (never its credentials)."""
    if operation is None:
        return {}
    return {
        "id": operation.pk,
        "kind": operation.kind,
        "status": operation.status,
        "mode": operation.mode,
        "stack_name": operation.stack_name,
        # A reader role's ARN is known from the start; it works once the operation succeeds.
        "role_arn": _reader_role_arn(operation),
        "error": operation.last_error,
        "created_at": operation.created_at.isoformat() if operation.created_at else None,
        "started_at": operation.started_at.isoformat() if operation.started_at else None,
        "finished_at": operation.finished_at.isoformat() if operation.finished_at else None,
        "regions": [
            {
                "region": row.region,
                "action": row.action,
                "state": row.state,
                "reason": row.reason,
                "updated_at": row.updated_at.isoformat() if row.updated_at else None,
            }
            for row in operation.regions.all()
        ],
    }


def _reader_role_arn(operation: DeployOperation) -> str | None:
    if operation.mode not in templates.ROLE_KINDS:
        return None
    region = next((row.region for row in operation.regions.all()), "us-east-1")
    return templates.reader_role_arn(
        account=operation.account_number,
        role_name=operation.parameters.get("RoleName", templates.ROLE_KINDS[operation.mode][0]),
        region=region,
    )


def latest_operation(source: LogSource) -> DeployOperation | None:
    return DeployOperation.objects.filter(source=source).prefetch_related("regions").order_by("-id").first()


def operation_get(*, user, pk) -> DeployOperation:
    """One of the tenant's deploy operations, also after its source was deleted (a teardown).

    DeployOperation.DoesNotExist (a 404) for another tenant's. Reading it needs what reading a
    source needs (Read Log Relays).
    """
    return DeployOperation.objects.restrict(user, "source.view").prefetch_related("regions").get(pk=pk)


TEARDOWN_FAILURES_SHOWN_FOR = timedelta(days=7)


def teardowns_to_watch(*, user) -> list[DeployOperation]:
    """Teardowns of deleted sources that still run, or failed lately (AWS resources may remain).

    Their source is gone, so External Sources lists them itself: otherwise a failed teardown
    would leave stacks in the customer's account with nobody told.
    """
    recent_failure = Q(status=OperationStatus.FAILED, finished_at__gte=timezone.now() - TEARDOWN_FAILURES_SHOWN_FOR)
    return list(
        DeployOperation.objects.restrict(user, "source.list")
        .filter(kind=OperationKind.DELETE, source__isnull=True)
        .filter(Q(status__in=ACTIVE_STATUSES) | recent_failure)
        .order_by("-id")[:20]
    )


def operation_state(operation: DeployOperation) -> dict[str, Any]:
    """What the live progress poller needs for one operation."""
    return {"running": operation.is_active, "operation": operation_progress(operation)}


def source_progress(source: LogSource) -> dict[str, Any]:
    """What the live progress poller needs: the latest operation and whether to keep polling."""
    operation = latest_operation(source)
    return operation_state(operation) if operation else {"running": False, "operation": None}


def read_deployment_state(sources: list[LogSource]) -> None:
    """log_sources' reader: `region.deployment` on every region and `source.console_links` on every source.

    A region never deployed nor tested reads as a blank, not deployed RegionDeployment. Also
    `region.coverage` (a RegionCoverage; unsaved, status unknown, when never checked) and
    `region.sample_finding` (the canary's figures, sample_finding_figures).
    """
    regions = [region for source in sources for region in source.regions.all()]
    recorded = {row.pk: row for row in RegionDeployment.objects.filter(pk__in=[region.pk for region in regions])}
    coverage = {row.pk: row for row in RegionCoverage.objects.filter(pk__in=[region.pk for region in regions])}
    samples = sample_findings_by_region([region.pk for region in regions])
    for region in regions:
        region.deployment = recorded.get(region.pk) or RegionDeployment(source_region=region)
        region.coverage = coverage.get(region.pk) or RegionCoverage(
            source_region=region, detector_status=DetectorStatus.UNKNOWN, error="Not checked yet."
        )
        region.sample_finding = sample_finding_figures(samples.get(region.pk, []))
    for source in sources:
        source.console_links = console_links(source)


RECENT_SAMPLES = 10  # the median of this many latest samples per region


def sample_findings_by_region(region_ids: list[int]) -> dict[int, list[SampleFinding]]:
    """region id -> its latest samples, newest first (at most RECENT_SAMPLES each)."""
    by_region: dict[int, list[SampleFinding]] = {}
    since = timezone.now() - timedelta(days=30)
    rows = SampleFinding.objects.filter(source_region_id__in=region_ids, requested_at__gte=since).order_by(
        "source_region_id", "-requested_at", "-id"
    )
    for row in rows:
        kept = by_region.setdefault(row.source_region_id, [])
        if len(kept) < RECENT_SAMPLES:
            kept.append(row)
    return by_region


def sample_finding_figures(runs: list[SampleFinding]) -> dict:
    """One region's canary figures, from its runs newest first (the selectors' and the API's shape)."""
    last = runs[0] if runs else None
    stored = [r.stored_seconds for r in runs if r.stored_seconds is not None]
    searchable = [r.searchable_seconds for r in runs if r.searchable_seconds is not None]
    return {
        "id": last.pk if last else None,
        "status": last.status if last else None,
        "requested_at": last.requested_at if last else None,
        "error": last.error if last else "",
        "stored_seconds": last.stored_seconds if last else None,
        "searchable_seconds": last.searchable_seconds if last else None,
        "median_stored_seconds": statistics.median(stored) if stored else None,
        "median_searchable_seconds": statistics.median(searchable) if searchable else None,
    }


def sample_findings_pending() -> list[SampleFinding]:
    """Samples still followed (sent, or stored but not yet searchable), oldest first, with their source."""
    return list(
        SampleFinding.objects.filter(status__in=SAMPLE_PENDING_STATUSES)
        .select_related("source_region__source")
        .order_by("requested_at", "id")
    )

"""State changes for the AWS side, as the rest of the portal asks for them: launching, updating and
deleting the collection template, the worker's step, and Test connection.

The work itself lives beside this module: `steps` (the step runner and its records), `stacks`
and `stacksets` (the two engines) and `verification` (Test connection).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from botocore.exceptions import ClientError
from celery import current_app
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import aws
from core.errors import Conflict, RateLimited, ValidationFailed
from log_sources import regions as region_catalogue
from log_sources import validation
from log_sources.choices import DeploymentMode
from log_sources.credentials import RoleUnavailable, credentials_for, require_portal_principal
from log_sources.models import LogSource, SourceRegion
from log_sources.services import (
    log_source_credentials_replace,
    log_source_credentials_validate,
    log_source_delete,
    log_source_update,
)
from tenants import audit
from tenants.selectors import require, tenant_of

from . import stacks, stacksets, steps, templates
from .choices import (
    ACTIVE_STATUSES,
    SAMPLE_PENDING_STATUSES,
    DeployState,
    OperationKind,
    OperationStatus,
    RegionAction,
    SampleFindingStatus,
)
from .coverage import Coverage, detector_coverage, region_coverage_save
from .models import DeployOperation, DeployRegion, RegionDeployment, SampleFinding
from .verification import connection_check, connection_verify, credentials_check, source_access

logger = logging.getLogger(__name__)

__all__ = [
    "active_operation",
    "coverage_refresh",
    "coverage_refresh_all",
    "sample_finding_record",
    "sample_finding_send",
    "reader_role_launch",
    "source_credentials_change",
    "connection_check",
    "connection_verify",
    "credentials_check",
    "deployed_by_portal",
    "deployed_source_delete",
    "deployed_source_update",
    "deployment_advance",
    "deployment_launch",
    "deployment_teardown",
    "deployment_update",
]


def _parameters(source: LogSource) -> dict[str, str]:
    return {"LogRetentionInDays": str(source.log_retention_days)}


def _operation_new(
    *,
    source: LogSource,
    kind: str,
    credentials: aws.AwsCredentials,
    use_source_credentials: bool,
    user,
    region_actions: Iterable[tuple[str, str]],
) -> DeployOperation:
    operation = DeployOperation.objects.create(
        tenant=source.tenant,
        source=source,
        source_label=f"{source.hostname} ({source.aws_account_number})",
        kind=kind,
        mode=source.deployment_mode,
        stack_name=source.effective_stack_name,
        account_number=source.aws_account_number,
        parameters=_parameters(source),
        tags=dict(source.tags or {}),
        iam_role_arn=source.iam_role_arn,
        use_source_credentials=use_source_credentials,
        access_key_id=credentials.access_key_id,
        secret_access_key=credentials.secret_access_key,
        session_token=credentials.session_token or "",
        created_by=user if getattr(user, "pk", None) else None,
    )
    steps.event(operation, OperationStatus.QUEUED)
    regions = []
    for region, action in region_actions:
        row = DeployRegion.objects.create(operation=operation, region=region, action=action)
        steps.event(operation, DeployState.PENDING, region=region)
        steps.mirror(operation, row)
        regions.append(region)
    audit.record(
        _AUDIT_ACTIONS[kind],
        actor=user,
        target=source,
        details={
            "operation": operation.pk,
            "mode": operation.mode,
            "stack_name": operation.stack_name,
            "regions": regions,
            "credentials": "source" if use_source_credentials else "one-time deploy credentials",
        },
    )
    return operation


_AUDIT_ACTIONS = {
    OperationKind.CREATE: "source.deploy",
    OperationKind.UPDATE: "source.deploy_update",
    OperationKind.DELETE: "source.teardown",
}


def clean_deploy_credentials(credentials: aws.AwsCredentials) -> aws.AwsCredentials:
    errors: dict[str, list[str]] = {}
    for rule, value in (
        (validation.access_key_id, credentials.access_key_id),
        (validation.secret_access_key, credentials.secret_access_key),
    ):
        try:
            rule(value)
        except ValidationFailed as exc:
            for messages in exc.errors.values():
                errors.setdefault("deploy_credentials", []).extend(
                    m.replace("AWS Access Key", "Deploy access key").replace("AWS Secret Key", "Deploy secret key")
                    for m in messages
                )
    if errors:
        raise ValidationFailed(errors)
    return aws.AwsCredentials(
        credentials.access_key_id.strip(), credentials.secret_access_key.strip(), credentials.session_token or None
    )


_ROLE_CANNOT_DEPLOY = (
    "This source collects through an IAM role that may only read its log group, so it cannot deploy: enter "
    "one-time deploy credentials with CloudFormation rights (they are wiped when the operation ends), or "
    "deploy the template yourself from the console link."
)


def _choose_credentials(
    source: LogSource, use_source_credentials: bool, deploy_credentials: aws.AwsCredentials | None
) -> aws.AwsCredentials:
    if use_source_credentials and deploy_credentials is None and source.uses_role:
        raise ValidationFailed.one("deploy_credentials", _ROLE_CANNOT_DEPLOY)
    if bool(use_source_credentials) == (deploy_credentials is not None):
        raise ValidationFailed.one(
            "deploy_credentials",
            "Choose one: enter one-time deploy credentials with CloudFormation rights, or confirm that the "
            "source's own credentials have them.",
        )
    if deploy_credentials is not None:
        return clean_deploy_credentials(deploy_credentials)
    return aws.AwsCredentials.of_source(source)


def active_operation(source: LogSource) -> DeployOperation | None:
    return DeployOperation.objects.filter(source=source, status__in=ACTIVE_STATUSES).order_by("-id").first()


def deployed_by_portal(source: LogSource) -> bool:
    """Whether the portal ever launched this source's template (so it owns what is there)."""
    return source.deployment_mode != DeploymentMode.MANUAL and (
        DeployOperation.objects.filter(source=source, kind=OperationKind.CREATE).exists()
    )


def deployment_launch(
    *,
    user,
    source: LogSource,
    use_source_credentials: bool = False,
    deploy_credentials: aws.AwsCredentials | None = None,
    again: bool = False,
) -> DeployOperation:
    """Launch the collection template (a Stack or a StackSet) in the source's regions.

    Idempotent: while an operation runs, it is returned; once every region is deployed, the
    last launch is returned and nothing new is created in AWS. With `again`, a launch goes to
    AWS even where every region is recorded as deployed, for when the AWS side lost what the
    portal deployed (a stack deleted by hand; the emulator of `make run`, which starts empty);
    whatever is still there is found and left as it is.
    """
    require(user, "source.deploy", source)
    if source.deployment_mode == DeploymentMode.MANUAL:
        raise Conflict(
            "This source is set to Manual: you deploy the template yourself. Download it from this page, "
            "or change the source to Stack or StackSet to let the portal launch it."
        )
    credentials = _choose_credentials(source, use_source_credentials, deploy_credentials)
    with transaction.atomic():
        # One launch at a time per source: the row lock orders concurrent clicks.
        LogSource.objects.select_for_update().filter(pk=source.pk).first()
        running = active_operation(source)
        if running:
            return running
        regions = list(source.regions.all())
        last = (
            DeployOperation.objects.filter(
                source=source, kind__in=[OperationKind.CREATE, OperationKind.UPDATE], status=OperationStatus.SUCCEEDED
            )
            .order_by("-id")
            .first()
        )
        deployed = RegionDeployment.objects.filter(source_region__in=regions, state=DeployState.COMPLETE).count()
        if last and regions and deployed == len(regions) and not again:
            return last
        operation = _operation_new(
            source=source,
            kind=OperationKind.CREATE,
            credentials=credentials,
            use_source_credentials=use_source_credentials,
            user=user,
            region_actions=[(r.region, RegionAction.CREATE) for r in regions],
        )
        steps.queue(operation)
    return operation


def deployment_update(
    *,
    user,
    source: LogSource,
    added: list[str],
    removed: list[str],
    kept: list[str],
    use_source_credentials: bool = True,
    deploy_credentials: aws.AwsCredentials | None = None,
) -> DeployOperation:
    """Bring the deployed template in line with the source: new regions, dropped regions, parameters, tags."""
    require(user, "source.deploy", source)
    if deploy_credentials is not None:
        use_source_credentials = False
    credentials = _choose_credentials(source, use_source_credentials, deploy_credentials)

    with transaction.atomic():
        LogSource.objects.select_for_update().filter(pk=source.pk).first()
        if active_operation(source):
            raise Conflict("A deployment of this source is still running; wait for it to finish, then change it.")
        actions = (
            [(r, RegionAction.UPDATE) for r in kept]
            + [(r, RegionAction.CREATE) for r in added]
            + [(r, RegionAction.DELETE) for r in removed]
        )
        operation = _operation_new(
            source=source,
            kind=OperationKind.UPDATE,
            credentials=credentials,
            use_source_credentials=use_source_credentials,
            user=user,
            region_actions=actions,
        )
        steps.queue(operation)
    return operation


def deployment_teardown(
    *, user, source: LogSource, deploy_credentials: aws.AwsCredentials | None = None
) -> DeployOperation | None:
    """Start removing what the portal deployed for a source (before the source row is deleted).

    Returns None when the portal deployed nothing. The operation copies what it needs, so it
    goes on after the source is gone.
    """
    require(user, "source.delete", source)
    if not deployed_by_portal(source):
        return None
    credentials = _choose_credentials(source, deploy_credentials is None, deploy_credentials)
    DeployOperation.objects.filter(source=source, status__in=ACTIVE_STATUSES).update(
        status=OperationStatus.FAILED,
        finished_at=timezone.now(),
        last_error="Stopped: the source was deleted.",
        access_key_id="",
        secret_access_key="",
        session_token="",
    )
    # Every region any launch touched, so instances of regions removed earlier go too.
    regions = list(
        dict.fromkeys(
            list(source.region_codes)
            + list(DeployRegion.objects.filter(operation__source=source).values_list("region", flat=True))
        )
    )
    operation = _operation_new(
        source=source,
        kind=OperationKind.DELETE,
        credentials=credentials,
        use_source_credentials=deploy_credentials is None,
        user=user,
        region_actions=[(r, RegionAction.DELETE) for r in regions],
    )
    steps.queue(operation)
    return operation


def deployed_source_update(
    *, user, source: LogSource, data: dict, deploy_credentials: aws.AwsCredentials | None = None
) -> tuple[LogSource, DeployOperation | None]:
    """Change a source in place (log_sources' rules) and bring what the portal deployed in line.

    Returns (source, operation). When the portal deployed the source, the deploy workers follow
    the change (new stack instances, removed ones, new parameters and tags) and the operation
    shows its progress; removed regions stay listed, as deleting, until their stacks are gone.
    Otherwise the operation is None.
    """
    with transaction.atomic():
        owned = deployed_by_portal(source)
        change = log_source_update(user=user, source=source, data=data, keep_removed_regions=owned)
        operation = None
        if owned and change.changes_aws:
            operation = deployment_update(
                user=user,
                source=change.source,
                added=change.added,
                removed=change.removed,
                kept=change.kept if change.parameters_changed else [],
                deploy_credentials=deploy_credentials,
            )
    return change.source, operation


def deployed_source_delete(
    *, user, source: LogSource, keep_aws_resources: bool = True, deploy_credentials: aws.AwsCredentials | None = None
) -> DeployOperation | None:
    """Delete a source and what was collected for it; return the teardown operation, if any.

    With `keep_aws_resources` false, the deploy workers remove what the portal deployed (stack
    instances and the StackSet, or the Stack), using `deploy_credentials` or else the source's
    own. The source row goes at once; the teardown goes on and keeps its own progress.
    """
    require(user, "source.delete", source)
    with transaction.atomic():
        operation = None
        if not keep_aws_resources:
            operation = deployment_teardown(user=user, source=source, deploy_credentials=deploy_credentials)
        log_source_delete(
            user=user,
            source=source,
            audit_details={
                "keep_aws_resources": keep_aws_resources,
                "teardown_operation": operation.pk if operation else None,
            },
        )
    return operation


def _advance(operation: DeployOperation) -> None:
    if operation.mode == DeploymentMode.STACK or operation.mode in templates.ROLE_KINDS:
        stacks.stacks_advance(operation)
    else:
        stacksets.stacksets_advance(operation)


def deployment_advance(*, operation_id: int, step: int | None = None) -> float | None:
    """Do one step of an operation; return the seconds until the next step, or None when it ended.

    The deploy workers call this step by step; each step submits what is pending or looks at
    what AWS is doing, records every region's progress, and says when to look again.
    """
    return steps.run_step(operation_id=operation_id, advance=_advance, step=step)


# The longest a step waits for the next is BACKOFF_CAP_SECONDS (2 minutes).
STALLED_AFTER = timedelta(minutes=5)


def deployments_resume_stalled(*, now=None) -> int:
    """Queue a step of every operation still under way whose last step is older than STALLED_AFTER.

    A worker killed mid-step (a restart, a lost machine) takes its messages with it until the
    broker hands them out again, an hour later with Redis, and the customer's launch would
    stand still meanwhile. The step queued here expects the operation's current count, so
    when the old message does come back it ends at once. Returns how many were resumed.
    """
    from .tasks import deployment_advance_task

    cutoff = (now or timezone.now()) - STALLED_AFTER
    stalled = DeployOperation.objects.filter(status__in=ACTIVE_STATUSES).filter(
        Q(stepped_at__lt=cutoff) | Q(stepped_at=None, created_at__lt=cutoff)
    )
    resumed = 0
    for operation_id, steps_taken in stalled.values_list("pk", "steps"):
        logger.warning("deploy operation %s had no step for %s: resuming it", operation_id, STALLED_AFTER)
        deployment_advance_task.delay(operation_id, steps_taken)
        resumed += 1
    return resumed


def reader_role_launch(
    *,
    user,
    account_number: str,
    deploy_credentials: aws.AwsCredentials,
    role_name: str | None = None,
    region: str = "us-east-1",
    kind: str = templates.READER_ROLE_KIND,
) -> DeployOperation:
    """Launch a role template in a customer's account (Launch for me), as one Stack: the reader
    role of a source, or (`kind` "organization-role") the role an AWS Organization is read through.

    One region is enough: IAM is global. The role trusts the portal's principal with the
    tenant's External ID; its ARN is known at once (`templates.reader_role_arn`) and works as
    soon as the operation succeeds. The deploy credentials are wiped when it ends.
    """
    require(user, "source.add")
    errors: dict[str, list[str]] = {}
    try:
        account_number = validation.account_number(account_number)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    try:
        principal = require_portal_principal("role_name")
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if kind not in templates.ROLE_KINDS:
        errors["kind"] = [f"kind must be one of: {', '.join(templates.ROLE_KINDS)}."]
    default_name, stack_name = templates.ROLE_KINDS.get(kind, templates.ROLE_KINDS[templates.READER_ROLE_KIND])
    role_name = default_name if role_name is None else role_name
    if not isinstance(role_name, str) or not validation.ROLE_NAME_RE.match(role_name):
        errors["role_name"] = ["Role name must be 1 to 64 letters, digits or + = , . @ _ - characters."]
    if not isinstance(region, str) or region not in region_catalogue.BY_CODE:
        errors["region"] = [f"region must be one of: {', '.join(region_catalogue.REGION_CODES)}."]
    try:
        credentials = clean_deploy_credentials(deploy_credentials)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    tenant = tenant_of(user)
    with transaction.atomic():
        operation = DeployOperation.objects.create(
            tenant=tenant,
            source=None,
            source_label=f"{'Organization' if kind == templates.ORGANIZATION_ROLE_KIND else 'reader'} role "
            f"{role_name} ({account_number})",
            kind=OperationKind.CREATE,
            mode=kind,
            stack_name=stack_name,
            account_number=account_number,
            parameters=templates.reader_role_parameters(
                principal_arn=principal, external_id=tenant.aws_external_id, role_name=role_name
            ),
            access_key_id=credentials.access_key_id,
            secret_access_key=credentials.secret_access_key,
            session_token=credentials.session_token or "",
            created_by=user if getattr(user, "pk", None) else None,
        )
        steps.event(operation, OperationStatus.QUEUED)
        DeployRegion.objects.create(operation=operation, region=region, action=RegionAction.CREATE)
        steps.event(operation, DeployState.PENDING, region=region)
        audit.record(
            "reader_role.deploy",
            actor=user,
            details={
                "operation": operation.pk,
                "account": account_number,
                "role_arn": templates.reader_role_arn(account=account_number, role_name=role_name, region=region),
                "region": region,
                "template": kind,
            },
        )
        steps.queue(operation)
    return operation


class CredentialsUnverified(Conflict):
    """New credentials failed Test connection and the user did not confirm saving them anyway."""

    def __init__(self, result: dict):
        super().__init__(
            "Test connection failed with the new credentials, so nothing was changed: see the checklist, fix "
            "the role or keys, or confirm to save them anyway.",
            field="credentials",
        )
        self.result = result
        self.details = {"verification": result}


def source_credentials_change(*, user, source: LogSource, data: dict, save_unverified: bool = False) -> dict:
    """Rotate a source's access keys, or move it between keys and a role, in place.

    The new credentials are tested first (AssumeRole for a role, then the account and every
    region, as Test connection does); a failed test saves nothing unless `save_unverified`.
    Returns the checklist. Collection continues from the same checkpoints.
    """
    clean = log_source_credentials_validate(user=user, source=source, data=data)
    result = connection_check(
        account_number=source.aws_account_number,
        regions=source.region_codes,
        log_group=source.log_group,
        **source_access(source, clean),
    )
    if not result["ok"] and not save_unverified:
        audit.record(
            "source.credentials_change_refused",
            actor=user,
            target=source,
            details={"credential_type": clean["credential_type"], "failed_regions": _failed_regions(result)},
        )
        raise CredentialsUnverified(result)
    log_source_credentials_replace(user=user, source=source, clean=clean, verified=bool(result["ok"]))
    return result


def _failed_regions(result: dict) -> list[str]:
    return [part["region"] for part in result["regions"] if not part["ok"]]


# --- GuardDuty coverage per region


def _region_coverage(source: LogSource, region: str) -> Coverage:
    try:
        credentials = credentials_for(source, region=region)
    except RoleUnavailable as exc:
        return Coverage(region=region, error=str(exc), failure=exc.failure)
    except Exception as exc:  # STS throttled or unreachable: unknown this time, checked again tomorrow
        failure = aws.classify(exc)
        if failure.kind == aws.Kind.OTHER:
            raise
        return Coverage(region=region, error=f"Could not get the source's credentials in {region} ({failure.kind}).")
    return detector_coverage(credentials=credentials, region=region)


def coverage_refresh(*, source: LogSource) -> list[Coverage]:
    """Ask GuardDuty, region by region, whether it watches the source's account, and keep the answers.

    System work (the daily beat task, "Refresh coverage"): no user, nothing audited here.
    """
    found = []
    for source_region in SourceRegion.objects.filter(source=source).order_by("region"):
        coverage = _region_coverage(source, source_region.region)
        region_coverage_save(source_region, coverage, now=timezone.now())
        found.append(coverage)
    return found


def coverage_refresh_by(*, user, source: LogSource) -> list[Coverage]:
    """ "Refresh coverage" on a source's page: the same check, asked by a person, and audited."""
    require(user, "source.verify", source)
    found = coverage_refresh(source=source)
    audit.record(
        "source.coverage_refresh",
        actor=user,
        target=source,
        details={"regions": {c.region: c.status for c in found}},
    )
    return found


def coverage_refresh_soon(*, source: LogSource, **kwargs) -> None:
    """When a source gains regions or credentials: check its GuardDuty coverage once the change commits.

    A receiver of log_sources' signals, so a new source shows GuardDuty off in a region within
    a minute rather than at the next daily refresh.
    """
    from .tasks import refresh_source_coverage_task

    def queue() -> None:
        try:
            refresh_source_coverage_task.delay(source.pk)
        except Exception as exc:  # the daily refresh checks it anyway
            logger.warning("coverage check of source %s not queued: the broker is unreachable (%s)", source.pk, exc)

    transaction.on_commit(queue)


def coverage_refresh_all() -> int:
    """Queue a coverage check of every source that is still collected, one task each; returns how many.

    One task per source: an Organization brings hundreds of sources of 15 regions, two GuardDuty
    calls each, which one task would take a worker for a long while to check. So the workers
    share them, and one source's surprise fails only its own check.
    """
    from .tasks import refresh_source_coverage_task

    source_ids = list(LogSource.objects.filter(paused_reason="").order_by("pk").values_list("pk", flat=True))
    for source_id in source_ids:
        refresh_source_coverage_task.delay(source_id)
    return len(source_ids)


# --- The canary: a sample finding, followed until it is searchable

SAMPLE_FINDING_TYPE = "Recon:EC2/PortProbeUnprotectedPort"  # Low severity, no action expected of anyone
SAMPLE_FINDING_TIMEOUT = timedelta(minutes=30)
FOLLOW_TASK = "health.follow_sample_findings"
FOLLOW_COUNTDOWN_SECONDS = 15


def follow_sample_findings_soon(countdown: int = FOLLOW_COUNTDOWN_SECONDS) -> None:
    """Queue the health app's follower (by name: it lives above this app); beat's pass catches a lost one."""
    try:
        current_app.send_task(FOLLOW_TASK, countdown=countdown)
    except Exception as exc:
        logger.warning("sample findings follower not queued: the broker is unreachable (%s)", exc)


def _sample_refusal(region: str, action: str, failure: aws.AwsFailure) -> Exception:
    if failure.kind == aws.Kind.ACCESS_DENIED:
        return Conflict(
            f"The credentials may not call guardduty:{action} in {region}. Add guardduty:ListDetectors and "
            "guardduty:CreateSampleFindings to the IAM user's or reader role's policy (Service Account page), "
            "then try again."
        )
    if failure.kind == aws.Kind.THROTTLED:
        return RateLimited(f"GuardDuty throttled {action} in {region}; try again in a minute.", retry_after=60)
    if failure.kind == aws.Kind.NETWORK:
        return Conflict(f"Could not reach GuardDuty in {region}; nothing was sent. Try again later.")
    return Conflict(f"GuardDuty refused {action} in {region}: {failure.message or failure.code}. Nothing was sent.")


def sample_finding_send(*, user, source: LogSource, region) -> SampleFinding:
    """Ask GuardDuty for a sample finding in one of the source's regions, to time its way to Search.

    Nothing is stored unless GuardDuty accepted the request; the follower (health) then watches
    for the collected event.
    """
    require(user, "source.sample_finding", source)
    if not isinstance(region, str) or not region:
        raise ValidationFailed.one("region", "region is required: one of the source's regions.")
    source_region = SourceRegion.objects.filter(source=source, region=region).first()
    if source_region is None:
        raise ValidationFailed.one(
            "region",
            f"region must be one of the source's regions ({', '.join(source.region_codes)}); {region[:32]} is not.",
        )
    # One sample at a time per region: a second could be taken for the first when it arrives,
    # and a click held down must not fill the customer's GuardDuty with samples.
    pending = SampleFinding.objects.filter(
        source_region=source_region,
        status__in=SAMPLE_PENDING_STATUSES,
        requested_at__gt=timezone.now() - SAMPLE_FINDING_TIMEOUT,
    ).first()
    if pending is not None:
        raise Conflict(
            f"A sample finding sent to {region} at {pending.requested_at:%H:%M:%S} UTC is still on its way; "
            "send another once it is searchable (or after 30 minutes)."
        )
    try:
        credentials = credentials_for(source, region=region)
    except RoleUnavailable as exc:
        raise Conflict(str(exc)) from exc
    except Exception as exc:
        failure = aws.classify(exc)
        if failure.kind == aws.Kind.OTHER:
            raise
        raise _sample_refusal(region, "AssumeRole", failure) from exc
    guardduty = aws.client("guardduty", region=region, credentials=credentials)
    action = "ListDetectors"
    try:
        detector_ids = guardduty.list_detectors().get("DetectorIds", [])
        if not detector_ids:
            raise Conflict(
                f"GuardDuty is not enabled in {region} (no detector), so it cannot produce a sample finding there. "
                "Enable GuardDuty in that region first."
            )
        action = "CreateSampleFindings"
        guardduty.create_sample_findings(DetectorId=detector_ids[0], FindingTypes=[SAMPLE_FINDING_TYPE])
    except (ClientError, *aws.NETWORK_ERRORS) as exc:
        raise _sample_refusal(region, action, aws.classify(exc)) from exc
    with transaction.atomic():
        run = SampleFinding.objects.create(
            tenant=source.tenant,
            source_region=source_region,
            requested_by=user,
            # GuardDuty has it by now: anything collected before this is an earlier sample.
            requested_at=timezone.now(),
            finding_type=SAMPLE_FINDING_TYPE,
            detector_id=detector_ids[0],
        )
        audit.record(
            "source.sample_finding",
            actor=user,
            target=source,
            details={"region": region, "finding_type": SAMPLE_FINDING_TYPE, "sample_finding": run.pk},
        )
        transaction.on_commit(follow_sample_findings_soon)
    return run


def sample_finding_record(
    run: SampleFinding,
    *,
    stored_at: datetime | None = None,
    searchable_at: datetime | None = None,
    event_id: str = "",
    now: datetime | None = None,
) -> SampleFinding:
    """What the follower saw of a pending sample: stored, searchable, or nothing for too long (timed out)."""
    now = now or timezone.now()
    if stored_at and not run.stored_at:
        run.stored_at = stored_at
        run.event_id = event_id or run.event_id
        run.status = SampleFindingStatus.STORED
    if searchable_at and run.stored_at and not run.searchable_at:
        run.searchable_at = max(searchable_at, run.stored_at)
        run.status = SampleFindingStatus.SEARCHABLE
    if run.status in SAMPLE_PENDING_STATUSES and now - run.requested_at > SAMPLE_FINDING_TIMEOUT:
        run.status = SampleFindingStatus.TIMED_OUT
        waited = int(SAMPLE_FINDING_TIMEOUT.total_seconds() // 60)
        run.error = f"Not searchable {waited} minutes after it was sent" + (
            " (it was collected, but the search indexer has not processed it)."
            if run.stored_at
            else " (it never reached the log group's collected events: check the collection template and the relay)."
        )
    # Only what this service owns changes, and only while the run is still pending.
    SampleFinding.objects.filter(pk=run.pk, status__in=SAMPLE_PENDING_STATUSES).update(
        status=run.status,
        stored_at=run.stored_at,
        searchable_at=run.searchable_at,
        event_id=run.event_id,
        error=run.error,
    )
    return run

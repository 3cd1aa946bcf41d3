"""State changes for the AWS side: launching, updating and deleting the collection template, and
checking a source's connection.

The deploy workers call `deployment_advance` step by step; each step submits what is pending
or looks at what AWS is doing, records every region's progress, and says when to look again.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterable
from typing import Any

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from botocore.parsers import ResponseParserError
from django.db import transaction
from django.utils import timezone

from core import aws
from core.errors import Conflict, ValidationFailed
from log_sources import regions as region_catalogue
from log_sources import validation
from log_sources.models import DeploymentMode, DeploymentState, LogSource, SourceRegion
from tenants.selectors import require

from . import templates
from .models import (
    ACTIVE_STATUSES,
    FINAL_REGION_STATES,
    DeployEvent,
    DeployOperation,
    DeployRegion,
    OperationKind,
    OperationStatus,
    RegionAction,
    RegionState,
)

log = logging.getLogger(__name__)

POLL_SECONDS = 3.0  # how long a worker waits before looking at AWS again
MAX_POLLS = 1200  # about an hour of polling, then the operation is given up
MAX_TRANSIENT_ATTEMPTS = 8  # consecutive throttling / network failures before giving up
BACKOFF_CAP_SECONDS = 120.0

# StackSets are administered from one fixed region per partition, so an update or delete
# finds the StackSet whatever regions the source has by then.
STACKSET_HOME = {"aws": "us-east-1", "aws-cn": "cn-north-1"}

# A garbled answer (an HTML error page from a proxy, say) is treated like a network failure.
_NETWORK_ERRORS = (
    EndpointConnectionError,
    ConnectTimeoutError,
    ReadTimeoutError,
    ConnectionClosedError,
    ResponseParserError,
)
_TRANSIENT_CODES = aws.THROTTLING_CODES | {
    "OperationInProgressException",
    "InternalFailure",
    "InternalError",
    "ServiceUnavailable",
    "RequestTimeout",
}
_STACK_DONE = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "IMPORT_COMPLETE"}
_STACK_FAILED_LEFTOVER = {"ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED"}

_CHILD_ACCOUNT_HELP = (
    "This usually happens with AWS Organizations: the access key was created in another account of the "
    "organisation (for example the management account or a different child account) than the one whose "
    "GuardDuty findings are collected."
)


class TransientAwsError(Exception):
    """Throttling or a network failure: try again later."""


class PermanentAwsError(Exception):
    """AWS refused for a reason a person must fix; trying again changes nothing."""


# --------------------------------------------------------------------------------------------
# Errors


def _is_access_denied(exc: ClientError) -> bool:
    code = aws.error_code(exc)
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    # CloudWatch Logs can answer a denial as a bare HTTP 403 whose body is the XML error.
    return code in aws.ACCESS_DENIED_CODES or code == "403" or (status == 403 and "AccessDenied" in str(exc))


def _aws_message(exc: ClientError) -> str:
    message = str(exc.response.get("Error", {}).get("Message", "")).strip()
    if message.startswith("<?xml") and "<Message>" in message:
        message = message.split("<Message>", 1)[1].split("</Message>", 1)[0]
    return message


def _credential_problem(exc: ClientError, who: str) -> str | None:
    """A message for a bad key or secret, or None when the error is something else."""
    code = aws.error_code(exc)
    if code in aws.INVALID_KEY_CODES:
        return (
            f"AWS does not recognise the {who} access key ({code}): it was mistyped, deactivated or deleted, "
            "or it belongs to a different AWS partition."
        )
    if code in aws.BAD_SECRET_CODES:
        return (
            f"The {who} access key exists but the secret key does not match it ({code}). "
            "Enter the secret key that was shown when this access key was created."
        )
    return None


def _call(method: Callable[..., Any], action: str, **kwargs) -> Any:
    """Call AWS, sorting failures into transient (retry) and permanent (stop with a reason)."""
    try:
        return method(**kwargs)
    except _NETWORK_ERRORS as exc:
        raise TransientAwsError(f"Could not reach AWS for {action} ({exc.__class__.__name__}).") from exc
    except ClientError as exc:
        code = aws.error_code(exc)
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        if code in _TRANSIENT_CODES or status >= 500:
            raise TransientAwsError(f"AWS answered {code or status} to {action}; retrying.") from exc
        problem = _credential_problem(exc, "deploy")
        if problem:
            raise PermanentAwsError(problem) from exc
        if _is_access_denied(exc):
            raise PermanentAwsError(
                f"The deploy credentials may not call {action}: {_aws_message(exc)}. Give them CloudFormation "
                "rights (cloudformation:*, plus logs:*, events:* and iam:PassRole for the StackSet roles), "
                "or launch again with credentials that have them."
            ) from exc
        raise


def _backoff(attempt: int) -> float:
    """Exponential backoff with full jitter, so many workers do not retry in lockstep."""
    ceiling = min(BACKOFF_CAP_SECONDS, 2.0**attempt)
    return round(random.uniform(ceiling / 2, ceiling), 2)


# --------------------------------------------------------------------------------------------
# Recording progress


def _event(operation: DeployOperation, state: str, message: str = "", region: str = "") -> None:
    DeployEvent.objects.create(operation=operation, region=region, state=state, message=message[:4000])


def _set_row(operation: DeployOperation, row: DeployRegion, state: str, reason: str = "", aws_id: str | None = None):
    """Move one region to a new state, record it, and mirror it onto the source's region."""
    changed = row.state != state or (reason and reason != row.reason)
    row.state = state
    row.reason = reason[:4000]
    if aws_id is not None:
        row.aws_id = aws_id
    row.save()
    if changed:
        _event(operation, state, reason, region=row.region)
    _mirror(operation, row)


def _mirror(operation: DeployOperation, row: DeployRegion) -> None:
    if operation.source_id is None:
        return
    regions = SourceRegion.objects.filter(source_id=operation.source_id, region=row.region)
    now = timezone.now()
    if row.action == RegionAction.DELETE:
        # A region taken off the source stays listed (as deleting) until its resources are gone.
        if row.state == RegionState.COMPLETE:
            regions.delete()
            return
        state = DeploymentState.FAILED if row.state == RegionState.FAILED else DeploymentState.DELETING
    else:
        state = row.state
    regions.update(deployment_state=state, deployment_error=row.reason[:4000], deployment_updated_at=now)


def _finish(operation: DeployOperation, status: str, error: str = "") -> None:
    """End an operation and delete its one-time credentials, whatever the outcome."""
    operation.status = status
    operation.finished_at = timezone.now()
    operation.last_error = error[:4000]
    operation.access_key_id = ""
    operation.secret_access_key = ""
    operation.session_token = ""
    operation.save()
    _event(operation, status, error)


def _queue(operation: DeployOperation) -> None:
    from .tasks import deployment_advance_task

    operation_id = operation.pk
    transaction.on_commit(lambda: deployment_advance_task.delay(operation_id))


# --------------------------------------------------------------------------------------------
# Starting operations


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
    _event(operation, OperationStatus.QUEUED)
    for region, action in region_actions:
        row = DeployRegion.objects.create(operation=operation, region=region, action=action)
        _event(operation, RegionState.PENDING, region=region)
        _mirror(operation, row)
    return operation


def _clean_deploy_credentials(credentials: aws.AwsCredentials) -> aws.AwsCredentials:
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


def _choose_credentials(
    source: LogSource, use_source_credentials: bool, deploy_credentials: aws.AwsCredentials | None
) -> aws.AwsCredentials:
    if bool(use_source_credentials) == (deploy_credentials is not None):
        raise ValidationFailed.one(
            "deploy_credentials",
            "Choose one: enter one-time deploy credentials with CloudFormation rights, or confirm that the "
            "source's own credentials have them.",
        )
    if deploy_credentials is not None:
        return _clean_deploy_credentials(deploy_credentials)
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
) -> DeployOperation:
    """Launch the collection template (a Stack or a StackSet) in the source's regions.

    Idempotent: while an operation runs, it is returned; once every region is deployed, the
    last launch is returned and nothing new is created in AWS.
    """
    require(user, "source.deploy")
    source = LogSource.objects.restrict(user).get(pk=source.pk)
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
        if last and regions and all(r.deployment_state == DeploymentState.COMPLETE for r in regions):
            return last
        operation = _operation_new(
            source=source,
            kind=OperationKind.CREATE,
            credentials=credentials,
            use_source_credentials=use_source_credentials,
            user=user,
            region_actions=[(r.region, RegionAction.CREATE) for r in regions],
        )
        _queue(operation)
    return operation


def deployment_relaunch(*, user, source: LogSource) -> DeployOperation:
    """Launch a source's template again because the AWS side lost what the portal deployed.

    The local emulator of `make run` keeps its state in memory, so each start finds it empty
    while the portal still records every region as deployed. Marking the regions not deployed
    is what lets the idempotent launch create them again; the source's own keys are used.
    """
    require(user, "source.deploy")
    source = LogSource.objects.restrict(user).get(pk=source.pk)
    with transaction.atomic():
        SourceRegion.objects.filter(source=source).exclude(deployment_state=DeploymentState.NOT_DEPLOYED).update(
            deployment_state=DeploymentState.NOT_DEPLOYED, deployment_error=""
        )
        return deployment_launch(user=user, source=source, use_source_credentials=True)


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
    require(user, "source.deploy")
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
        _queue(operation)
    return operation


def deployment_teardown(
    *, user, source: LogSource, deploy_credentials: aws.AwsCredentials | None = None
) -> DeployOperation | None:
    """Start removing what the portal deployed for a source (before the source row is deleted).

    Returns None when the portal deployed nothing. The operation copies what it needs, so it
    goes on after the source is gone.
    """
    require(user, "source.delete")
    if not deployed_by_portal(source):
        return None
    credentials = (
        _clean_deploy_credentials(deploy_credentials) if deploy_credentials else aws.AwsCredentials.of_source(source)
    )
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
    _queue(operation)
    return operation


# --------------------------------------------------------------------------------------------
# The worker's step


def deployment_advance(*, operation_id: int) -> float | None:
    """Do one step of an operation; return the seconds until the next step, or None when it ended."""
    with transaction.atomic():
        operation = (
            DeployOperation.objects.select_for_update(skip_locked=True)
            .filter(pk=operation_id, status__in=ACTIVE_STATUSES)
            .first()
        )
        if operation is None:  # gone, finished, or another worker holds it right now
            return None
        if operation.status == OperationStatus.QUEUED:
            operation.status = OperationStatus.RUNNING
            operation.started_at = timezone.now()
            operation.save(update_fields=["status", "started_at"])
            _event(operation, OperationStatus.RUNNING)
        try:
            if operation.mode == DeploymentMode.STACK:
                _advance_stacks(operation)
            else:
                _advance_stackset(operation)
        except TransientAwsError as exc:
            operation.attempts += 1
            operation.last_error = str(exc)
            if operation.attempts > MAX_TRANSIENT_ATTEMPTS:
                reason = f"AWS kept failing after {MAX_TRANSIENT_ATTEMPTS} retries: {exc} Launch again later."
                _fail_open_rows(operation, reason)
                _finish(operation, OperationStatus.FAILED, reason)
                return None
            operation.save(update_fields=["attempts", "last_error"])
            _event(operation, "retrying", str(exc))
            return _backoff(operation.attempts)
        except PermanentAwsError as exc:
            _fail_open_rows(operation, str(exc))
            _finish(operation, OperationStatus.FAILED, str(exc))
            return None
        except ClientError as exc:
            reason = f"AWS refused: {_aws_message(exc)} ({aws.error_code(exc)})."
            _fail_open_rows(operation, reason)
            _finish(operation, OperationStatus.FAILED, reason)
            return None
        except Exception:
            log.exception("deploy operation %s failed unexpectedly", operation.pk)
            reason = "The portal hit an unexpected error while deploying; the operators were told. Launch again."
            _fail_open_rows(operation, reason)
            _finish(operation, OperationStatus.FAILED, reason)
            return None

        operation.attempts = 0
        rows = list(operation.regions.all())
        if all(r.state in FINAL_REGION_STATES for r in rows):
            failed = [r.region for r in rows if r.state == RegionState.FAILED]
            if failed:
                _finish(operation, OperationStatus.FAILED, f"Failed in {', '.join(failed)}.")
            else:
                _finish(operation, OperationStatus.SUCCEEDED)
            return None
        operation.polls += 1
        if operation.polls > MAX_POLLS:
            reason = "AWS did not finish within an hour; look at the stack events in the CloudFormation console."
            _fail_open_rows(operation, reason)
            _finish(operation, OperationStatus.FAILED, reason)
            return None
        operation.save(update_fields=["attempts", "polls"])
        return POLL_SECONDS


def _fail_open_rows(operation: DeployOperation, reason: str) -> None:
    for row in operation.regions.exclude(state__in=FINAL_REGION_STATES):
        _set_row(operation, row, RegionState.FAILED, reason)


def _template_kwargs(operation: DeployOperation) -> dict[str, Any]:
    return {
        "TemplateBody": templates.template_text(operation.mode),
        "Parameters": [{"ParameterKey": k, "ParameterValue": str(v)} for k, v in operation.parameters.items()],
        "Tags": [{"Key": k, "Value": str(v)} for k, v in operation.tags.items()],
    }


# --- Stack mode: one stack per region, each followed on its own.


def _describe_stack(cf, name: str) -> dict | None:
    try:
        stacks = _call(cf.describe_stacks, "cloudformation:DescribeStacks", StackName=name)["Stacks"]
    except ClientError as exc:
        if aws.error_code(exc) == "ValidationError" and "does not exist" in _aws_message(exc):
            return None
        raise
    return stacks[0] if stacks else None


def _stack_failure_reason(cf, name: str, stack: dict) -> str:
    try:
        events = _call(cf.describe_stack_events, "cloudformation:DescribeStackEvents", StackName=name)["StackEvents"]
    except (ClientError, TransientAwsError):
        events = []
    for event in reversed(events):  # oldest first: the first failure is the cause
        if str(event.get("ResourceStatus", "")).endswith("FAILED") and event.get("ResourceStatusReason"):
            return f"{event.get('LogicalResourceId')}: {event['ResourceStatusReason']}"
    return stack.get("StackStatusReason") or stack.get("StackStatus", "failed")


def _advance_stacks(operation: DeployOperation) -> None:
    credentials = operation.credentials()
    for row in operation.regions.exclude(state__in=FINAL_REGION_STATES):
        cf = aws.client("cloudformation", region=row.region, credentials=credentials)
        stack = _describe_stack(cf, operation.stack_name)
        status = (stack or {}).get("StackStatus", "")
        if row.action == RegionAction.DELETE:
            if stack is None or status == "DELETE_COMPLETE":
                _set_row(
                    operation,
                    row,
                    RegionState.COMPLETE,
                    "" if row.state == RegionState.IN_PROGRESS else "Nothing to delete.",
                )
            elif status == "DELETE_FAILED":
                _set_row(operation, row, RegionState.FAILED, _stack_failure_reason(cf, operation.stack_name, stack))
            elif row.state == RegionState.PENDING:
                _call(cf.delete_stack, "cloudformation:DeleteStack", StackName=operation.stack_name)
                _set_row(operation, row, RegionState.IN_PROGRESS, aws_id=stack.get("StackId", ""))
            continue

        if row.state == RegionState.PENDING:
            if stack is None:
                response = _call(
                    cf.create_stack,
                    "cloudformation:CreateStack",
                    StackName=operation.stack_name,
                    **_template_kwargs(operation),
                )
                _set_row(operation, row, RegionState.IN_PROGRESS, aws_id=response["StackId"])
            elif status in _STACK_FAILED_LEFTOVER:
                # A stack that failed to create must be deleted before its name can be used again.
                _call(cf.delete_stack, "cloudformation:DeleteStack", StackName=operation.stack_name)
                _event(operation, RegionState.PENDING, f"Removing an earlier failed stack ({status}).", row.region)
            elif status.endswith("_IN_PROGRESS"):
                _set_row(operation, row, RegionState.IN_PROGRESS, aws_id=stack["StackId"])
            elif row.action == RegionAction.CREATE:
                _set_row(
                    operation, row, RegionState.COMPLETE, "Already deployed; nothing new was created.", stack["StackId"]
                )
            else:
                try:
                    _call(
                        cf.update_stack,
                        "cloudformation:UpdateStack",
                        StackName=operation.stack_name,
                        **_template_kwargs(operation),
                    )
                except ClientError as exc:
                    if "No updates are to be performed" in _aws_message(exc):
                        _set_row(operation, row, RegionState.COMPLETE, "Nothing to change.", stack["StackId"])
                        continue
                    raise
                _set_row(operation, row, RegionState.IN_PROGRESS, aws_id=stack["StackId"])
            continue

        # In progress: follow the stack until it settles.
        if stack is None:
            _set_row(operation, row, RegionState.FAILED, "The stack disappeared while it was being created.")
        elif status in _STACK_DONE:
            _set_row(operation, row, RegionState.COMPLETE)
        elif status.endswith("_IN_PROGRESS") and "ROLLBACK" not in status:
            continue
        elif "ROLLBACK" in status and status.endswith("_IN_PROGRESS"):
            continue  # the failure reason is final only once the rollback ends
        else:
            _set_row(operation, row, RegionState.FAILED, _stack_failure_reason(cf, operation.stack_name, stack))


# --- StackSet mode: one StackSet per partition, one StackSet operation at a time.


def _partition(region: str) -> str:
    return region_catalogue.BY_CODE[region].partition if region in region_catalogue.BY_CODE else "aws"


def _stack_instances(cf, name: str) -> dict[str, dict]:
    instances: dict[str, dict] = {}
    kwargs: dict[str, Any] = {"StackSetName": name}
    while True:
        page = _call(cf.list_stack_instances, "cloudformation:ListStackInstances", **kwargs)
        for summary in page.get("Summaries", []):
            instances[summary["Region"]] = summary
        if not page.get("NextToken"):
            return instances
        kwargs["NextToken"] = page["NextToken"]


def _stack_set_exists(cf, name: str) -> bool:
    try:
        _call(cf.describe_stack_set, "cloudformation:DescribeStackSet", StackSetName=name)
    except ClientError as exc:
        if aws.error_code(exc) == "StackSetNotFoundException":
            return False
        raise
    return True


_PREFERENCES = {"RegionConcurrencyType": "PARALLEL", "MaxConcurrentPercentage": 100, "FailureTolerancePercentage": 100}


def _advance_stackset(operation: DeployOperation) -> None:
    rows = list(operation.regions.all())
    by_partition: dict[str, list[DeployRegion]] = {}
    for row in rows:
        by_partition.setdefault(_partition(row.region), []).append(row)
    credentials = operation.credentials()
    for partition, group in by_partition.items():
        cf = aws.client("cloudformation", region=STACKSET_HOME[partition], credentials=credentials)
        _advance_stackset_group(operation, cf, group)


def _advance_stackset_group(operation: DeployOperation, cf, rows: list[DeployRegion]) -> None:
    name = operation.stack_name
    in_flight = [r for r in rows if r.state == RegionState.IN_PROGRESS]
    if in_flight:
        for operation_id in dict.fromkeys(r.aws_id for r in in_flight):
            described = _call(
                cf.describe_stack_set_operation,
                "cloudformation:DescribeStackSetOperation",
                StackSetName=name,
                OperationId=operation_id,
            )["StackSetOperation"]
            status = described.get("Status", "")
            if status in ("RUNNING", "QUEUED", "STOPPING"):
                continue
            instances = _stack_instances(cf, name) if _stack_set_exists(cf, name) else {}
            for row in (r for r in in_flight if r.aws_id == operation_id):
                instance = instances.get(row.region)
                detailed = ((instance or {}).get("StackInstanceStatus") or {}).get("DetailedStatus", "")
                reason = (
                    (instance or {}).get("StatusReason")
                    or described.get("StatusReason")
                    or f"StackSet operation {status}."
                )
                if row.action == RegionAction.DELETE:
                    if instance is None:
                        _set_row(operation, row, RegionState.COMPLETE)
                    else:
                        _set_row(operation, row, RegionState.FAILED, reason)
                elif instance is not None and status == "SUCCEEDED" and detailed in ("", "SUCCEEDED"):
                    _set_row(operation, row, RegionState.COMPLETE)
                else:
                    _set_row(operation, row, RegionState.FAILED, reason)
        _maybe_delete_stack_set(operation, cf, rows)
        return

    pending = [r for r in rows if r.state == RegionState.PENDING]
    if not pending:
        _maybe_delete_stack_set(operation, cf, rows)
        return
    wants_stack_set = any(r.action != RegionAction.DELETE for r in pending)
    exists = _stack_set_exists(cf, name)
    if wants_stack_set and not exists:
        create_kwargs: dict[str, Any] = {
            "StackSetName": name,
            "PermissionModel": "SELF_MANAGED",
            **_template_kwargs(operation),
        }
        if operation.iam_role_arn:
            create_kwargs["AdministrationRoleARN"] = operation.iam_role_arn
        _call(cf.create_stack_set, "cloudformation:CreateStackSet", **create_kwargs)
        _event(operation, RegionState.IN_PROGRESS, f"StackSet {name} created.")
        exists = True
    instances = _stack_instances(cf, name) if exists else {}
    accounts = [operation.account_number]

    # One StackSet operation at a time: parameter updates first, then new regions, then removals.
    updates = [r for r in pending if r.action == RegionAction.UPDATE]
    for row in updates:
        if row.region not in instances:  # never deployed there: create instead of update
            row.action = RegionAction.CREATE
            row.save(update_fields=["action"])
    updates = [r for r in updates if r.action == RegionAction.UPDATE]
    if updates:
        update_kwargs: dict[str, Any] = {
            "StackSetName": name,
            "Accounts": accounts,
            "Regions": [r.region for r in updates],
            "OperationPreferences": _PREFERENCES,
            **_template_kwargs(operation),
        }
        if operation.iam_role_arn:
            update_kwargs["AdministrationRoleARN"] = operation.iam_role_arn
        response = _call(cf.update_stack_set, "cloudformation:UpdateStackSet", **update_kwargs)
        for row in updates:
            _set_row(operation, row, RegionState.IN_PROGRESS, aws_id=response["OperationId"])
        return

    creates = [r for r in pending if r.action == RegionAction.CREATE]
    if creates:
        missing = []
        for row in creates:
            if row.region in instances:
                _set_row(operation, row, RegionState.COMPLETE, "Already deployed; nothing new was created.")
            else:
                missing.append(row)
        if missing:
            response = _call(
                cf.create_stack_instances,
                "cloudformation:CreateStackInstances",
                StackSetName=name,
                Accounts=accounts,
                Regions=[r.region for r in missing],
                OperationPreferences=_PREFERENCES,
            )
            for row in missing:
                _set_row(operation, row, RegionState.IN_PROGRESS, aws_id=response["OperationId"])
            return

    deletes = [r for r in pending if r.action == RegionAction.DELETE]
    present = []
    for row in deletes:
        if row.region in instances:
            present.append(row)
        else:
            _set_row(operation, row, RegionState.COMPLETE, "Nothing to delete.")
    if present:
        response = _call(
            cf.delete_stack_instances,
            "cloudformation:DeleteStackInstances",
            StackSetName=name,
            Accounts=accounts,
            Regions=[r.region for r in present],
            RetainStacks=False,
            OperationPreferences=_PREFERENCES,
        )
        for row in present:
            _set_row(operation, row, RegionState.IN_PROGRESS, aws_id=response["OperationId"])
        return
    _maybe_delete_stack_set(operation, cf, rows)


def _maybe_delete_stack_set(operation: DeployOperation, cf, rows: list[DeployRegion]) -> None:
    """A full teardown removes the StackSet itself once its last instance is gone."""
    if operation.kind != OperationKind.DELETE:
        return
    if not all(r.state == RegionState.COMPLETE for r in rows):
        return
    try:
        _call(cf.delete_stack_set, "cloudformation:DeleteStackSet", StackSetName=operation.stack_name)
    except ClientError as exc:
        if aws.error_code(exc) != "StackSetNotFoundException":
            raise
        return
    _event(operation, RegionState.COMPLETE, f"StackSet {operation.stack_name} deleted.")


# --------------------------------------------------------------------------------------------
# Test connection


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
    except _NETWORK_ERRORS as exc:
        account.update(code="unreachable", message=f"Could not reach AWS STS in {first} ({exc.__class__.__name__}).")
    except ClientError as exc:
        problem = _credential_problem(exc, "entered")
        code = aws.error_code(exc)
        account.update(
            code=code, message=problem or f"AWS STS refused GetCallerIdentity: {_aws_message(exc)} ({code})."
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
    partition = _partition(region)
    return (
        f"The credentials may not call {action} on {log_group} in {region}. Attach this policy to the IAM user "
        f"(Service Account page, Option 1): {templates.service_account_policy_json(partition=partition, log_group=log_group)}"
    )


def _region_checks(*, credentials: aws.AwsCredentials, region: str, log_group: str) -> list[dict[str, Any]]:
    logs = aws.client("logs", region=region, credentials=credentials)
    checks: list[dict[str, Any]] = []
    group_known: bool | None = None
    try:
        groups = logs.describe_log_groups(logGroupNamePrefix=log_group).get("logGroups", [])
        group_known = any(g.get("logGroupName") == log_group for g in groups)
        if group_known:
            checks.append(_check("log_group", True, f"The log group {log_group} exists in {region}."))
        else:
            checks.append(
                _check(
                    "log_group",
                    False,
                    f"Log group missing: the collection template is not deployed in {region} (the log group "
                    f"{log_group} does not exist there). Launch the template (Launch for me) or deploy it from the "
                    "CloudFormation console.",
                )
            )
            return checks
    except _NETWORK_ERRORS as exc:
        checks.append(
            _check("log_group", False, f"Could not reach CloudWatch Logs in {region} ({exc.__class__.__name__}).")
        )
        return checks
    except ClientError as exc:
        if _is_access_denied(exc):
            checks.append(_check("log_group", False, _missing_permission("logs:DescribeLogGroups", log_group, region)))
        else:
            checks.append(
                _check(
                    "log_group", False, f"CloudWatch Logs refused DescribeLogGroups in {region}: {_aws_message(exc)}."
                )
            )
    try:
        logs.filter_log_events(logGroupName=log_group, limit=1)
        checks.append(
            _check("filter_log_events", True, f"The credentials may read {log_group} (logs:FilterLogEvents).")
        )
    except _NETWORK_ERRORS as exc:
        checks.append(
            _check(
                "filter_log_events", False, f"Could not reach CloudWatch Logs in {region} ({exc.__class__.__name__})."
            )
        )
    except ClientError as exc:
        code = aws.error_code(exc)
        if code == "ResourceNotFoundException":
            checks.append(
                _check(
                    "filter_log_events",
                    False,
                    f"Log group missing: the collection template is not deployed in {region} (the log group "
                    f"{log_group} does not exist there).",
                )
            )
        elif _is_access_denied(exc):
            checks.append(
                _check("filter_log_events", False, _missing_permission("logs:FilterLogEvents", log_group, region))
            )
        elif code in aws.THROTTLING_CODES:
            checks.append(
                _check(
                    "filter_log_events",
                    False,
                    f"CloudWatch Logs throttled the check in {region}; try again in a minute.",
                )
            )
        else:
            checks.append(
                _check(
                    "filter_log_events",
                    False,
                    f"CloudWatch Logs refused FilterLogEvents in {region}: {_aws_message(exc)}.",
                )
            )
    return checks


def connection_verify(*, user, source: LogSource) -> dict[str, Any]:
    """Test a saved source's connection and keep each region's checklist on the source."""
    require(user, "source.verify")
    source = LogSource.objects.restrict(user).get(pk=source.pk)
    regions = source.region_codes
    result = connection_check(
        account_number=source.aws_account_number,
        credentials=aws.AwsCredentials.of_source(source),
        regions=regions,
        log_group=source.log_group,
    )
    now = timezone.now()
    for part in result["regions"]:
        SourceRegion.objects.filter(source=source, region=part["region"]).update(
            verification={**part, "account": result["account"]}, verified_at=now
        )
    result["verified_at"] = now.isoformat()
    return result

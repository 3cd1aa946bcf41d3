"""The deploy step runner: how a step calls AWS, records each region's progress and decides when
to look again.

A worker calls `deployments.services.deployment_advance`, which hands `run_step` the engine of
the operation's mode (`deployments.stacks` or `deployments.stacksets`). The engines call AWS
through `call` and record progress through `set_row` and `event`; `mirror` is the one place an
operation's progress becomes the deploy state of the source's regions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError
from django.db import transaction
from django.utils import timezone

from core import aws
from log_sources.models import SourceRegion
from log_sources.services import log_source_regions_remove

from .choices import ACTIVE_STATUSES, FINAL_STATES, DeployState, OperationStatus, RegionAction
from .models import DeployEvent, DeployOperation, DeployRegion, RegionDeployment

log = logging.getLogger(__name__)

POLL_SECONDS = 3.0  # how long a worker waits before looking at AWS again
MAX_POLLS = 1200  # about an hour of polling, then the operation is given up
MAX_TRANSIENT_ATTEMPTS = 8  # consecutive throttling / network failures before giving up
BACKOFF_CAP_SECONDS = 120.0


class TransientAwsError(Exception):
    """Throttling or a network failure: try again later."""


class PermanentAwsError(Exception):
    """AWS refused for a reason a person must fix; trying again changes nothing."""


def credential_problem(failure: aws.AwsFailure, who: str) -> str | None:
    """A message for a bad key or secret, or None when the failure is something else."""
    if failure.kind == aws.Kind.INVALID_KEY:
        return (
            f"AWS does not recognise the {who} access key ({failure.code}): it was mistyped, deactivated or "
            "deleted, or it belongs to a different AWS partition."
        )
    if failure.kind == aws.Kind.BAD_SECRET:
        return (
            f"The {who} access key exists but the secret key does not match it ({failure.code}). "
            "Enter the secret key that was shown when this access key was created."
        )
    return None


def call(method: Callable[..., Any], action: str, **kwargs) -> Any:
    """Call AWS, sorting failures into transient (retry) and permanent (stop with a reason).

    A ClientError of any other kind (a missing stack, say) is raised as it came, for the
    engine to read or for `run_step` to report.
    """
    try:
        return method(**kwargs)
    except Exception as exc:
        failure = aws.classify(exc)
        if failure.kind == aws.Kind.NETWORK:
            raise TransientAwsError(f"Could not reach AWS for {action} ({exc.__class__.__name__}).") from exc
        if failure.kind in (aws.Kind.THROTTLED, aws.Kind.TRANSIENT):
            raise TransientAwsError(f"AWS answered {failure.code or failure.status} to {action}; retrying.") from exc
        problem = credential_problem(failure, "deploy")
        if problem:
            raise PermanentAwsError(problem) from exc
        if failure.kind == aws.Kind.ACCESS_DENIED:
            raise PermanentAwsError(
                f"The deploy credentials may not call {action}: {failure.message}. Give them CloudFormation "
                "rights (cloudformation:*, plus logs:*, events:* and iam:PassRole for the StackSet roles), "
                "or launch again with credentials that have them."
            ) from exc
        raise


def backoff_seconds(attempt: int) -> float:
    """The wait before the next step after `attempt` consecutive transient failures.

    Exponential up to BACKOFF_CAP_SECONDS, jittered between half the ceiling and the ceiling so
    that many workers do not retry in lockstep.
    """
    return round(aws.backoff(attempt, base=1.0, cap=BACKOFF_CAP_SECONDS, jitter=0.5), 2)


def event(operation: DeployOperation, state: str, message: str = "", region: str = "") -> None:
    DeployEvent.objects.create(operation=operation, region=region, state=state, message=message[:4000])


def set_row(operation: DeployOperation, row: DeployRegion, state: str, reason: str = "", aws_id: str | None = None):
    """Move one region to a new state, record it, and make it the source region's deploy state."""
    changed = row.state != state or (reason and reason != row.reason)
    row.state = state
    row.reason = reason[:4000]
    if aws_id is not None:
        row.aws_id = aws_id
    row.save()
    if changed:
        event(operation, state, reason, region=row.region)
    mirror(operation, row)


def mirror(operation: DeployOperation, row: DeployRegion) -> None:
    """Record a region's progress as the deploy state of the source's region (what its page and the list show)."""
    if operation.source_id is None:
        return
    region = (
        SourceRegion.objects.select_related("source").filter(source_id=operation.source_id, region=row.region).first()
    )
    if region is None:
        return
    if row.action == RegionAction.DELETE:
        # A region taken off the source stays listed (as deleting) until its resources are gone.
        if row.state == DeployState.COMPLETE:
            log_source_regions_remove(source=region.source, regions=[region.region])
            return
        state = DeployState.FAILED if row.state == DeployState.FAILED else DeployState.DELETING
    else:
        state = row.state
    RegionDeployment.objects.update_or_create(
        source_region=region, defaults={"state": state, "error": row.reason[:4000], "updated_at": timezone.now()}
    )


def finish(operation: DeployOperation, status: str, error: str = "") -> None:
    """End an operation and delete its one-time credentials, whatever the outcome."""
    operation.status = status
    operation.finished_at = timezone.now()
    operation.last_error = error[:4000]
    operation.access_key_id = ""
    operation.secret_access_key = ""
    operation.session_token = ""
    operation.save()
    event(operation, status, error)


def fail_open_rows(operation: DeployOperation, reason: str) -> None:
    for row in operation.regions.exclude(state__in=FINAL_STATES):
        set_row(operation, row, DeployState.FAILED, reason)


def queue(operation: DeployOperation) -> None:
    """Queue the operation's first step once the transaction that created it commits."""
    from .tasks import deployment_advance_task

    operation_id = operation.pk
    transaction.on_commit(lambda: deployment_advance_task.delay(operation_id, 0))


def run_step(*, operation_id: int, advance: Callable[[DeployOperation], None], step: int | None = None) -> float | None:
    """Do one step of an operation with `advance` (its engine); return the seconds until the next
    step, or None when the operation ended.

    `step` is the number of steps the operation had taken when this one was queued (None: take
    it whatever the count). A worker killed mid-step leaves its messages with the broker, which
    hands them out again only much later (Redis: after an hour); by then beat has resumed the
    operation (deployments.services.deployments_resume_stalled), and the old message finds the
    count moved on and ends, so two chains of steps never poll one operation.
    """
    with transaction.atomic():
        operation = (
            DeployOperation.objects.select_for_update(skip_locked=True)
            .filter(pk=operation_id, status__in=ACTIVE_STATUSES)
            .first()
        )
        if operation is None:  # gone, finished, or another worker holds it right now
            return None
        if step is not None and step != operation.steps:
            return None  # another chain of steps took this one
        operation.steps += 1
        operation.stepped_at = timezone.now()
        operation.save(update_fields=["steps", "stepped_at"])
        if operation.status == OperationStatus.QUEUED:
            operation.status = OperationStatus.RUNNING
            operation.started_at = timezone.now()
            operation.save(update_fields=["status", "started_at"])
            event(operation, OperationStatus.RUNNING)
        try:
            advance(operation)
        except TransientAwsError as exc:
            operation.attempts += 1
            operation.last_error = str(exc)
            if operation.attempts > MAX_TRANSIENT_ATTEMPTS:
                reason = f"AWS kept failing after {MAX_TRANSIENT_ATTEMPTS} retries: {exc} Launch again later."
                fail_open_rows(operation, reason)
                finish(operation, OperationStatus.FAILED, reason)
                return None
            operation.save(update_fields=["attempts", "last_error"])
            event(operation, "retrying", str(exc))
            return backoff_seconds(operation.attempts)
        except PermanentAwsError as exc:
            fail_open_rows(operation, str(exc))
            finish(operation, OperationStatus.FAILED, str(exc))
            return None
        except ClientError as exc:
            failure = aws.classify(exc)
            reason = f"AWS refused: {failure.message} ({failure.code})."
            fail_open_rows(operation, reason)
            finish(operation, OperationStatus.FAILED, reason)
            return None
        except Exception:
            log.exception("deploy operation %s failed unexpectedly", operation.pk)
            reason = "The portal hit an unexpected error while deploying; the operators were told. Launch again."
            fail_open_rows(operation, reason)
            finish(operation, OperationStatus.FAILED, reason)
            return None

        operation.attempts = 0
        rows = list(operation.regions.all())
        if all(r.state in FINAL_STATES for r in rows):
            failed = [r.region for r in rows if r.state == DeployState.FAILED]
            if failed:
                finish(operation, OperationStatus.FAILED, f"Failed in {', '.join(failed)}.")
            else:
                finish(operation, OperationStatus.SUCCEEDED)
            return None
        operation.polls += 1
        if operation.polls > MAX_POLLS:
            reason = "AWS did not finish within an hour; look at the stack events in the CloudFormation console."
            fail_open_rows(operation, reason)
            finish(operation, OperationStatus.FAILED, reason)
            return None
        operation.save(update_fields=["attempts", "polls"])
        return POLL_SECONDS

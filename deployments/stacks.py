"""The Stack engine: one CloudFormation stack per region, each followed on its own.

`stacks_advance` does one step for every open region of an operation: submit what is pending
(create, update or delete the stack) or follow what AWS is doing, and record the outcome.
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from core import aws

from . import steps, templates
from .choices import FINAL_STATES, DeployState, RegionAction
from .models import DeployOperation

_STACK_DONE = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "IMPORT_COMPLETE"}
_STACK_FAILED_LEFTOVER = {"ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED"}


def _describe_stack(cf, name: str) -> dict | None:
    try:
        stacks = steps.call(cf.describe_stacks, "cloudformation:DescribeStacks", StackName=name)["Stacks"]
    except ClientError as exc:
        failure = aws.classify(exc)
        if failure.code == "ValidationError" and "does not exist" in failure.message:
            return None
        raise
    return stacks[0] if stacks else None


def _stack_failure_reason(cf, name: str, stack: dict) -> str:
    try:
        events = steps.call(cf.describe_stack_events, "cloudformation:DescribeStackEvents", StackName=name)[
            "StackEvents"
        ]
    except (ClientError, steps.TransientAwsError):
        events = []
    for event in reversed(events):  # oldest first: the first failure is the cause
        if str(event.get("ResourceStatus", "")).endswith("FAILED") and event.get("ResourceStatusReason"):
            return f"{event.get('LogicalResourceId')}: {event['ResourceStatusReason']}"
    return stack.get("StackStatusReason") or stack.get("StackStatus", "failed")


def stacks_advance(operation: DeployOperation) -> None:
    """One step of a Stack-mode operation in every region that is not final yet."""
    credentials = operation.credentials()
    for row in operation.regions.exclude(state__in=FINAL_STATES):
        cf = aws.client("cloudformation", region=row.region, credentials=credentials)
        stack = _describe_stack(cf, operation.stack_name)
        status = (stack or {}).get("StackStatus", "")
        if row.action == RegionAction.DELETE:
            if stack is None or status == "DELETE_COMPLETE":
                steps.set_row(
                    operation,
                    row,
                    DeployState.COMPLETE,
                    "" if row.state == DeployState.IN_PROGRESS else "Nothing to delete.",
                )
            elif status == "DELETE_FAILED":
                steps.set_row(
                    operation, row, DeployState.FAILED, _stack_failure_reason(cf, operation.stack_name, stack)
                )
            elif row.state == DeployState.PENDING:
                steps.call(cf.delete_stack, "cloudformation:DeleteStack", StackName=operation.stack_name)
                steps.set_row(operation, row, DeployState.IN_PROGRESS, aws_id=stack.get("StackId", ""))
            continue

        if row.state == DeployState.PENDING:
            if stack is None:
                response = steps.call(
                    cf.create_stack,
                    "cloudformation:CreateStack",
                    StackName=operation.stack_name,
                    **templates.template_kwargs(operation),
                )
                steps.set_row(operation, row, DeployState.IN_PROGRESS, aws_id=response["StackId"])
            elif status in _STACK_FAILED_LEFTOVER:
                # A stack that failed to create must be deleted before its name can be used again.
                steps.call(cf.delete_stack, "cloudformation:DeleteStack", StackName=operation.stack_name)
                steps.event(operation, DeployState.PENDING, f"Removing an earlier failed stack ({status}).", row.region)
            elif status.endswith("_IN_PROGRESS"):
                steps.set_row(operation, row, DeployState.IN_PROGRESS, aws_id=stack["StackId"])
            elif row.action == RegionAction.CREATE:
                steps.set_row(
                    operation, row, DeployState.COMPLETE, "Already deployed; nothing new was created.", stack["StackId"]
                )
            else:
                try:
                    steps.call(
                        cf.update_stack,
                        "cloudformation:UpdateStack",
                        StackName=operation.stack_name,
                        **templates.template_kwargs(operation),
                    )
                except ClientError as exc:
                    if "No updates are to be performed" in aws.classify(exc).message:
                        steps.set_row(operation, row, DeployState.COMPLETE, "Nothing to change.", stack["StackId"])
                        continue
                    raise
                steps.set_row(operation, row, DeployState.IN_PROGRESS, aws_id=stack["StackId"])
            continue

        # In progress: follow the stack until it settles.
        if stack is None:
            steps.set_row(operation, row, DeployState.FAILED, "The stack disappeared while it was being created.")
        elif status in _STACK_DONE:
            steps.set_row(operation, row, DeployState.COMPLETE)
        elif status.endswith("_IN_PROGRESS") and "ROLLBACK" not in status:
            continue
        elif "ROLLBACK" in status and status.endswith("_IN_PROGRESS"):
            continue  # the failure reason is final only once the rollback ends
        else:
            steps.set_row(operation, row, DeployState.FAILED, _stack_failure_reason(cf, operation.stack_name, stack))

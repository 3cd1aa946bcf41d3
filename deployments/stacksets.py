"""The StackSet engine: one StackSet per partition, one StackSet operation at a time.

`stacksets_advance` does one step for each partition the operation's regions are in: follow the
StackSet operations under way, or start the next one (parameter updates first, then new regions,
then removals), and remove the StackSet itself once a teardown has emptied it.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from core import aws

from . import steps, templates
from .choices import DeployState, OperationKind, RegionAction
from .models import DeployOperation, DeployRegion

# StackSets are administered from one fixed region per partition, so an update or delete
# finds the StackSet whatever regions the source has by then.
STACKSET_HOME = {"aws": "us-east-1", "aws-cn": "cn-north-1"}

_PREFERENCES = {"RegionConcurrencyType": "PARALLEL", "MaxConcurrentPercentage": 100, "FailureTolerancePercentage": 100}


def _instance_summaries(cf, name: str) -> list[dict]:
    """Every stack instance of the StackSet, of any account."""
    summaries: list[dict] = []
    kwargs: dict[str, Any] = {"StackSetName": name}
    while True:
        page = steps.call(cf.list_stack_instances, "cloudformation:ListStackInstances", **kwargs)
        summaries.extend(page.get("Summaries", []))
        if not page.get("NextToken"):
            return summaries
        kwargs["NextToken"] = page["NextToken"]


def _stack_instances(cf, name: str, account: str) -> dict[str, dict]:
    """region -> the StackSet's instance for `account` there (another account's is not ours)."""
    return {s["Region"]: s for s in _instance_summaries(cf, name) if str(s.get("Account", account)) == account}


def _adopt_leftovers(operation: DeployOperation, rows: list[DeployRegion], instances: dict[str, dict]) -> None:
    """A teardown also removes the account's instances no launch of this source recorded.

    A source deleted with its resources kept leaves its StackSet behind; a later source of the
    same account (same default name) adopts it. Its teardown must empty the StackSet of every
    instance of the account, or AWS refuses to delete the StackSet.
    """
    if operation.kind != OperationKind.DELETE:
        return
    known = {row.region for row in rows}
    partition = templates.partition(rows[0].region) if rows else "aws"
    for region in sorted(set(instances) - known):
        if templates.partition(region) != partition:
            continue
        row = DeployRegion.objects.create(operation=operation, region=region, action=RegionAction.DELETE)
        steps.event(
            operation,
            DeployState.PENDING,
            "An earlier deployment left this region in the StackSet: removed too.",
            region,
        )
        rows.append(row)


def _stack_set_exists(cf, name: str) -> bool:
    try:
        steps.call(cf.describe_stack_set, "cloudformation:DescribeStackSet", StackSetName=name)
    except ClientError as exc:
        if aws.classify(exc).code == "StackSetNotFoundException":
            return False
        raise
    return True


def stacksets_advance(operation: DeployOperation) -> None:
    """One step of a StackSet-mode operation, partition by partition."""
    rows = list(operation.regions.all())
    by_partition: dict[str, list[DeployRegion]] = {}
    for row in rows:
        by_partition.setdefault(templates.partition(row.region), []).append(row)
    credentials = operation.credentials()
    for partition, group in by_partition.items():
        cf = aws.client("cloudformation", region=STACKSET_HOME[partition], credentials=credentials)
        _advance_group(operation, cf, group)


def _advance_group(operation: DeployOperation, cf, rows: list[DeployRegion]) -> None:
    name = operation.stack_name
    in_flight = [r for r in rows if r.state == DeployState.IN_PROGRESS]
    if in_flight:
        for operation_id in dict.fromkeys(r.aws_id for r in in_flight):
            described = steps.call(
                cf.describe_stack_set_operation,
                "cloudformation:DescribeStackSetOperation",
                StackSetName=name,
                OperationId=operation_id,
            )["StackSetOperation"]
            status = described.get("Status", "")
            if status in ("RUNNING", "QUEUED", "STOPPING"):
                continue
            instances = _stack_instances(cf, name, operation.account_number) if _stack_set_exists(cf, name) else {}
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
                        steps.set_row(operation, row, DeployState.COMPLETE)
                    else:
                        steps.set_row(operation, row, DeployState.FAILED, reason)
                elif instance is not None and status == "SUCCEEDED" and detailed in ("", "SUCCEEDED"):
                    steps.set_row(operation, row, DeployState.COMPLETE)
                else:
                    steps.set_row(operation, row, DeployState.FAILED, reason)
        _maybe_delete_stack_set(operation, cf, rows)
        return

    pending = [r for r in rows if r.state == DeployState.PENDING]
    if not pending:
        _maybe_delete_stack_set(operation, cf, rows)
        return
    wants_stack_set = any(r.action != RegionAction.DELETE for r in pending)
    exists = _stack_set_exists(cf, name)
    if wants_stack_set and not exists:
        create_kwargs: dict[str, Any] = {
            "StackSetName": name,
            "PermissionModel": "SELF_MANAGED",
            **templates.template_kwargs(operation),
        }
        if operation.iam_role_arn:
            create_kwargs["AdministrationRoleARN"] = operation.iam_role_arn
        steps.call(cf.create_stack_set, "cloudformation:CreateStackSet", **create_kwargs)
        steps.event(operation, DeployState.IN_PROGRESS, f"StackSet {name} created.")
        exists = True
    instances = _stack_instances(cf, name, operation.account_number) if exists else {}
    accounts = [operation.account_number]
    _adopt_leftovers(operation, rows, instances)
    pending = [r for r in rows if r.state == DeployState.PENDING]

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
            **templates.template_kwargs(operation),
        }
        if operation.iam_role_arn:
            update_kwargs["AdministrationRoleARN"] = operation.iam_role_arn
        response = steps.call(cf.update_stack_set, "cloudformation:UpdateStackSet", **update_kwargs)
        for row in updates:
            steps.set_row(operation, row, DeployState.IN_PROGRESS, aws_id=response["OperationId"])
        return

    creates = [r for r in pending if r.action == RegionAction.CREATE]
    if creates:
        missing = []
        for row in creates:
            if row.region in instances:
                steps.set_row(operation, row, DeployState.COMPLETE, "Already deployed; nothing new was created.")
            else:
                missing.append(row)
        if missing:
            response = steps.call(
                cf.create_stack_instances,
                "cloudformation:CreateStackInstances",
                StackSetName=name,
                Accounts=accounts,
                Regions=[r.region for r in missing],
                OperationPreferences=_PREFERENCES,
            )
            for row in missing:
                steps.set_row(operation, row, DeployState.IN_PROGRESS, aws_id=response["OperationId"])
            return

    deletes = [r for r in pending if r.action == RegionAction.DELETE]
    present = []
    for row in deletes:
        if row.region in instances:
            present.append(row)
        else:
            steps.set_row(operation, row, DeployState.COMPLETE, "Nothing to delete.")
    if present:
        response = steps.call(
            cf.delete_stack_instances,
            "cloudformation:DeleteStackInstances",
            StackSetName=name,
            Accounts=accounts,
            Regions=[r.region for r in present],
            RetainStacks=False,
            OperationPreferences=_PREFERENCES,
        )
        for row in present:
            steps.set_row(operation, row, DeployState.IN_PROGRESS, aws_id=response["OperationId"])
        return
    _maybe_delete_stack_set(operation, cf, rows)


def _maybe_delete_stack_set(operation: DeployOperation, cf, rows: list[DeployRegion]) -> None:
    """A full teardown removes the StackSet itself once its last instance is gone."""
    if operation.kind != OperationKind.DELETE:
        return
    if not all(r.state == DeployState.COMPLETE for r in rows):
        return
    try:
        others = sorted({str(s.get("Account")) for s in _instance_summaries(cf, operation.stack_name)})
    except ClientError as exc:
        if aws.classify(exc).code != "StackSetNotFoundException":
            raise
        return
    if others:
        # Another account's instances share the StackSet (a custom stack name used twice): keep it.
        steps.event(
            operation,
            DeployState.COMPLETE,
            f"StackSet {operation.stack_name} kept: it still holds stack instances of account(s) {', '.join(others)}.",
        )
        return
    try:
        steps.call(cf.delete_stack_set, "cloudformation:DeleteStackSet", StackSetName=operation.stack_name)
    except ClientError as exc:
        if aws.classify(exc).code != "StackSetNotFoundException":
            raise
        return
    steps.event(operation, DeployState.COMPLETE, f"StackSet {operation.stack_name} deleted.")

"""State changes for log sources. The wizard and the API both call these."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from core.errors import ValidationFailed
from core.validation import collect
from relay.models import Endpoint
from tenants import audit
from tenants.selectors import require, tenant_of

from . import credentials, signals, source_types, validation
from .choices import CredentialType, DeploymentMode
from .credentials import require_portal_principal
from .models import LogSource, SourceRegion


def log_source_validate(
    *, user, data: dict[str, Any], partial: bool = False, existing: LogSource | None = None
) -> dict[str, Any]:
    """Check and normalise log source input; raise ValidationFailed with every field's messages.

    `data` uses the API's field names. With `partial`, only the keys present are checked
    (the wizard checks one step at a time; PATCH changes a few fields against `existing`).
    """
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}

    def present(key: str) -> bool:
        return not partial or key in data

    if present("endpoint"):
        endpoint_id = validation.endpoint_id(data.get("endpoint"))
        endpoint = None
        if endpoint_id is not None:
            endpoint = Endpoint.objects.restrict(user, "endpoint.list").filter(pk=endpoint_id).first()
        if endpoint is None:
            errors["endpoint"] = ["Endpoint must be one of your log relays; add one under Endpoints first."]
        clean["endpoint"] = endpoint
    if present("source_type"):
        clean["source_type"] = collect(errors, validation.source_type, data.get("source_type", "guardduty"))
    if present("hostname"):
        clean["hostname"] = collect(errors, validation.hostname, data.get("hostname"))
    if present("protocol"):
        clean["protocol"] = collect(errors, validation.protocol, data.get("protocol"))
    if present("aws_account_number"):
        clean["aws_account_number"] = collect(errors, validation.account_number, data.get("aws_account_number"))
    if not partial or any(key in data for key in CREDENTIAL_FIELDS):
        account = clean.get("aws_account_number") or (existing.aws_account_number if existing else None)
        clean.update(_credentials_validate(errors, data, account=account))
    if present("regions"):
        clean["regions"] = collect(errors, validation.region_codes, data.get("regions"))
    if present("mode"):
        # With the regions already refused, only the mode's own value is checked here: its
        # region-count rule would judge the refused input and say the same thing twice.
        if "regions" in errors:
            region_count = None
        else:
            regions = clean.get("regions") or (existing.region_codes if existing else None) or []
            region_count = len(regions)
        clean["mode"] = collect(errors, validation.deployment_mode, data.get("mode"), region_count=region_count)
    if present("stack_name"):
        clean["stack_name"] = collect(errors, validation.stack_name, data.get("stack_name"))
    if present("log_retention_days"):
        clean["log_retention_days"] = collect(errors, validation.retention_days, data.get("log_retention_days"))
    if present("tags"):
        clean["tags"] = collect(errors, validation.tags, data.get("tags"))
    if present("iam_role_arn"):
        clean["iam_role_arn"] = collect(errors, validation.iam_role_arn, data.get("iam_role_arn"))
    if "pull_interval_seconds" in data:
        clean["pull_interval_seconds"] = collect(errors, validation.pull_interval, data.get("pull_interval_seconds"))

    if errors:
        raise ValidationFailed(errors)
    return clean


CREDENTIAL_FIELDS = ("credential_type", "role_arn", "aws_access_key_id", "aws_secret_access_key")
KEY_FIELDS = ("aws_access_key_id", "aws_secret_access_key")


def _credential_type_of(data: dict[str, Any]) -> str:
    """The credential type asked for; without one, a Role ARN and no key means a role."""
    if data.get("credential_type") not in (None, ""):
        return data["credential_type"]
    if data.get("role_arn") and not data.get("aws_access_key_id"):
        return CredentialType.ROLE
    return CredentialType.ACCESS_KEY


def _credentials_validate(errors: dict[str, list[str]], data: dict[str, Any], *, account: str | None) -> dict:
    """The credentials of a source: a role (no key may be sent along) or access keys (no Role ARN)."""
    kind = collect(errors, validation.credential_type, _credential_type_of(data))
    clean: dict[str, Any] = {"credential_type": kind}
    if kind == CredentialType.ROLE:
        collect(errors, require_portal_principal, "credential_type")
        clean["role_arn"] = collect(errors, validation.role_arn, data.get("role_arn"), account=account)
        for key in KEY_FIELDS:
            if str(data.get(key) or "").strip():
                errors.setdefault(key, []).append(
                    "Leave the access keys out for an IAM role: a role-based source holds no secret."
                )
        clean.update(aws_access_key_id="", aws_secret_access_key="")
    elif kind == CredentialType.ACCESS_KEY:
        clean["aws_access_key_id"] = collect(errors, validation.access_key_id, data.get("aws_access_key_id"))
        clean["aws_secret_access_key"] = collect(
            errors, validation.secret_access_key, data.get("aws_secret_access_key")
        )
        if str(data.get("role_arn") or "").strip():
            errors.setdefault("role_arn", []).append(
                'A Role ARN goes with credential_type "role"; leave it out for access keys.'
            )
        clean["role_arn"] = ""
    return clean


def _with_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """What the wizard fills in when a client leaves it out: the hostname names the account, the
    protocol is the source type's."""
    data = {"source_type": "guardduty", "mode": DeploymentMode.STACKSET, **data}
    if data.get("mode") in (None, ""):
        data["mode"] = DeploymentMode.STACKSET
    try:
        kind = source_types.get(str(data.get("source_type") or ""))
    except KeyError:
        return data  # the source type's own rule names the problem
    # Left out (or null) only: a blank value sent on purpose is refused by its own rule.
    if data.get("protocol") is None:
        data["protocol"] = kind.default_protocol
    if data.get("hostname") is None:
        # Without a valid account, the account's own rule names the problem; the hostname's would repeat it.
        with suppress(ValidationFailed):
            data["hostname"] = kind.hostname_for_account(validation.account_number(data.get("aws_account_number")))
    return data


@transaction.atomic
def log_source_create(*, user, data: dict[str, Any]) -> LogSource:
    """Save a log source and one row per selected region. Nothing is stored if any rule fails."""
    require(user, "source.add")
    clean = log_source_validate(user=user, data=_with_defaults(data))
    source_type = source_types.get(clean["source_type"])
    source = LogSource.objects.create(
        tenant=tenant_of(user),
        endpoint=clean["endpoint"],
        source_type=source_type.key,
        hostname=clean["hostname"],
        protocol=clean["protocol"],
        aws_account_number=clean["aws_account_number"],
        credential_type=clean["credential_type"],
        role_arn=clean["role_arn"],
        aws_access_key_id=clean["aws_access_key_id"],
        aws_access_key_id_last4=clean["aws_access_key_id"][-4:],
        aws_secret_access_key=clean["aws_secret_access_key"],
        log_group=source_type.default_log_group,
        deployment_mode=clean["mode"],
        stack_name=clean["stack_name"],
        log_retention_days=clean["log_retention_days"],
        tags=clean["tags"],
        iam_role_arn=clean["iam_role_arn"],
        **({"pull_interval_seconds": clean["pull_interval_seconds"]} if "pull_interval_seconds" in clean else {}),
        created_by=user,
    )
    _regions_add(source, clean["regions"])
    audit.record(
        "source.create",
        actor=user,
        target=source,
        details={**_audit_facts(source, clean["regions"]), **_credential_facts(source)},
    )
    return source


def log_source_create_for_account(
    *, tenant, endpoint, account_number: str, role_arn: str, regions: list[str], audit_details: dict[str, Any]
) -> LogSource:
    """A role-based source the portal adds by itself, for an account of an Organization a user added.

    No user asks for it (the Organization's sync finds the account), so no permission is checked
    here: adding the Organization was the decision, and `audit_details` names it. The account's
    template is deployed by the Organization's StackSet, so the source is Manual to the portal.
    """
    source_type = source_types.GUARDDUTY
    source = LogSource.objects.create(
        tenant=tenant,
        endpoint=endpoint,
        source_type=source_type.key,
        hostname=source_type.hostname_for_account(account_number),
        protocol=source_type.default_protocol,
        aws_account_number=account_number,
        credential_type=CredentialType.ROLE,
        role_arn=role_arn,
        log_group=source_type.default_log_group,
        deployment_mode=DeploymentMode.MANUAL,
    )
    _regions_add(source, regions)
    audit.record(
        "source.create",
        tenant=tenant,
        target=source,
        details={**_audit_facts(source, regions), **_credential_facts(source), **audit_details},
    )
    return source


def log_source_regions_add(*, source: LogSource, regions: list[str], audit_details: dict[str, Any]) -> None:
    """Add regions the portal found deployed for a source it added itself (no user asks: see above)."""
    with transaction.atomic():
        _regions_add(source, regions)
        audit.record(
            "source.update",
            tenant=source.tenant,
            target=source,
            details={"changed": {}, "regions_added": regions, "regions_removed": [], **audit_details},
        )


def log_source_pause(*, source: LogSource, reason: str, audit_details: dict[str, Any]) -> bool:
    """Stop the relays pulling `source` (its events stay searchable); False when it was paused already."""
    changed = LogSource.objects.filter(pk=source.pk, paused_reason="").update(paused_reason=reason)
    source.paused_reason = reason
    if changed:
        audit.record("source.pause", tenant=source.tenant, target=source, details={"reason": reason, **audit_details})
    return bool(changed)


def log_source_resume(*, source: LogSource, audit_details: dict[str, Any]) -> bool:
    """Let the relays pull `source` again; False when it was not paused."""
    changed = LogSource.objects.filter(pk=source.pk).exclude(paused_reason="").update(paused_reason="")
    source.paused_reason = ""
    if changed:
        audit.record("source.resume", tenant=source.tenant, target=source, details=audit_details)
        # Due at once, from its own checkpoint: whatever arrived meanwhile is collected now.
        signals.source_resumed.send(sender=LogSource, source=source)
    return bool(changed)


def _credential_facts(source: LogSource) -> dict[str, Any]:
    """What the audit trail keeps of a source's credentials: never the secret."""
    if source.uses_role:
        return {"credential_type": source.credential_type, "role_arn": source.role_arn}
    return {"credential_type": source.credential_type, "access_key": f"…{source.aws_access_key_id_last4}"}


def log_source_credentials_validate(*, user, source: LogSource, data: dict[str, Any]) -> dict[str, Any]:
    """Check new credentials for a source (keys rotated, or moved between keys and a role)."""
    require(user, "source.change", source)
    errors: dict[str, list[str]] = {}
    clean = _credentials_validate(errors, data, account=source.aws_account_number)
    if errors:
        raise ValidationFailed(errors)
    return clean


def log_source_credentials_replace(*, user, source: LogSource, clean: dict[str, Any], verified: bool) -> LogSource:
    """Save a source's new credentials (checked by `log_source_credentials_validate`) in place.

    The old secret is overwritten in the same row, so it is gone from the database once this
    commits; the pull engine's checkpoints are untouched, so collection goes on from where it
    was, and this process forgets the role credentials it held for the source.
    """
    require(user, "source.change", source)
    with transaction.atomic():
        source = LogSource.objects.select_for_update().get(pk=source.pk)
        before = _credential_facts(source)
        source.credential_type = clean["credential_type"]
        source.role_arn = clean["role_arn"]
        source.aws_access_key_id = clean["aws_access_key_id"]
        source.aws_access_key_id_last4 = clean["aws_access_key_id"][-4:]
        source.aws_secret_access_key = clean["aws_secret_access_key"]
        source.save(
            update_fields=[
                "credential_type",
                "role_arn",
                "aws_access_key_id",
                "aws_access_key_id_last4",
                "aws_secret_access_key",
                "updated_at",
            ]
        )
        audit.record(
            "source.credentials_change",
            actor=user,
            target=source,
            details={"from": before, "to": _credential_facts(source), "verified": verified},
        )
        transaction.on_commit(lambda: credentials.forget(source.pk))
        signals.source_credentials_changed.send(sender=LogSource, source=source)
    return source


def _audit_facts(source: LogSource, regions: list[str]) -> dict[str, Any]:
    """What the audit trail keeps of a source: enough to know which one it was once it is gone."""
    return {
        "hostname": source.hostname,
        "account": source.aws_account_number,
        "mode": source.deployment_mode,
        "regions": regions,
    }


def _regions_add(source: LogSource, codes: list[str]) -> None:
    """Add regions to a source and announce them (the pull engine starts collecting at once)."""
    if not codes:
        return
    SourceRegion.objects.bulk_create([SourceRegion(source=source, region=code) for code in codes])
    regions = list(SourceRegion.objects.filter(source=source, region__in=codes))
    signals.source_regions_added.send(sender=LogSource, source=source, regions=regions)


def log_source_delete(*, user, source: LogSource, audit_details: dict | None = None) -> None:
    """Delete a source with its regions and what was collected for it.

    What the portal deployed in AWS is not this app's: `deployments.services.deployed_source_delete`
    starts its teardown first, when the customer asks for it.
    """
    require(user, "source.delete", source)
    with transaction.atomic():
        # Recorded first: once the row is gone, this record is all that says it was there.
        audit.record(
            "source.delete",
            actor=user,
            target=source,
            details={**_audit_facts(source, source.region_codes), **(audit_details or {})},
        )
        source.delete()


def log_source_regions_remove(*, source: LogSource, regions: list[str]) -> int:
    """Take regions off a source once nothing of theirs is left to remove in AWS."""
    deleted, _ = SourceRegion.objects.filter(source=source, region__in=regions).delete()
    return deleted


@dataclass
class SourceChange:
    """What an edit in place changed: the regions added, removed and kept, and the template's parameters."""

    source: LogSource
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    parameters_changed: bool = False

    @property
    def changes_aws(self) -> bool:
        return bool(self.added or self.removed or self.parameters_changed)


# What an edit in place may change; the account, mode and stack name stay (delete and re-add).
_UPDATABLE = ("regions", "log_retention_days", "tags", "hostname", "protocol", "pull_interval_seconds")


def log_source_update(
    *, user, source: LogSource, data: dict[str, Any], keep_removed_regions: bool = False
) -> SourceChange:
    """Change a source's regions, hostname, protocol, Log Retention In Days and tags in place.

    Removed regions are deleted at once unless `keep_removed_regions`: the portal deployed
    something there, and the region stays listed (as deleting) until its teardown completes
    (`deployments.services.deployed_source_update` decides). Runs in the caller's transaction
    when there is one.
    """
    require(user, "source.change", source)
    fixed = [key for key in ("aws_account_number", "mode", "stack_name", "source_type") if key in data]
    if fixed:
        raise ValidationFailed(
            {key: ["This cannot be changed in place; delete the source and add it again."] for key in fixed}
        )
    clean = log_source_validate(
        user=user, data={k: v for k, v in data.items() if k in _UPDATABLE}, partial=True, existing=source
    )
    with transaction.atomic():
        source = LogSource.objects.select_for_update().get(pk=source.pk)
        old_regions = source.region_codes
        new_regions = clean.get("regions", old_regions)
        if source.deployment_mode == DeploymentMode.STACK and len(new_regions) != 1:
            raise ValidationFailed.one(
                "regions", f"A Stack deploys to exactly one region; {len(new_regions)} are selected."
            )
        parameters_changed = (
            "log_retention_days" in clean and clean["log_retention_days"] != source.log_retention_days
        ) or ("tags" in clean and clean["tags"] != source.tags)
        before = {key: getattr(source, key) for key in _UPDATABLE if key != "regions" and key in clean}
        for key in before:
            setattr(source, key, clean[key])
        source.save()
        change = SourceChange(
            source=source,
            added=[r for r in new_regions if r not in old_regions],
            removed=[r for r in old_regions if r not in new_regions],
            kept=[r for r in new_regions if r in old_regions],
            parameters_changed=parameters_changed,
        )
        _regions_add(source, change.added)
        if not keep_removed_regions:
            log_source_regions_remove(source=source, regions=change.removed)
        changed = {
            key: {"from": before[key], "to": getattr(source, key)}
            for key in before
            if before[key] != getattr(source, key)
        }
        if changed or change.added or change.removed:
            audit.record(
                "source.update",
                actor=user,
                target=source,
                details={"changed": changed, "regions_added": change.added, "regions_removed": change.removed},
            )
    change.source = LogSource.objects.get(pk=source.pk)
    return change

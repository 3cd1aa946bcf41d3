"""State changes of Organizations: adding one, keeping its accounts in step with AWS, deploying
its StackSets, and removing it. The wizard, the API and beat's sync all come through here."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import aws
from core.errors import Conflict, ValidationFailed
from core.validation import collect
from deployments import services as deployment_services
from deployments import templates
from log_sources import regions as region_catalogue
from log_sources import services as source_services
from log_sources import validation
from log_sources.credentials import require_portal_principal
from log_sources.models import LogSource
from relay.models import Endpoint
from tenants import audit
from tenants.selectors import require, tenant_of

from . import aws as organization_aws
from .choices import AccountStatus, DeployStatus, OrganizationMode
from .models import Organization, OrganizationAccount

OU_ID_RE = re.compile(r"^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$")
NAME_MAX = 128
MAX_OUS = 100
CHANGEABLE_FIELDS = ("name", "organizational_unit_ids")

# What the Organization's sync says about an account whose source stops being pulled.
PAUSE_REASONS = {
    AccountStatus.REMOVED: "Account {account} is no longer in the Organization {organization} (or its chosen OUs).",
    AccountStatus.SUSPENDED: "Account {account} is suspended in the Organization {organization}.",
    AccountStatus.PENDING_CLOSURE: "Account {account} is being closed in the Organization {organization}.",
}


def _name(value) -> str:
    if not isinstance(value, str):
        raise ValidationFailed.one("name", "Name must be text.")
    value = unicodedata.normalize("NFC", value.strip())
    if not value or len(value) > NAME_MAX:
        raise ValidationFailed.one("name", f"Name is required: 1 to {NAME_MAX} characters.")
    # Control and format characters (a right-to-left override, say) make a name read as another.
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in value) or "\ufffd" in value:
        raise ValidationFailed.one("name", "Name may not contain control, format or invalid characters.")
    return value


def _mode(value) -> str:
    if value not in OrganizationMode.values:
        raise ValidationFailed.one("mode", f"mode must be one of: {', '.join(OrganizationMode.values)}.")
    return value


def _ou_ids(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [part for part in re.split(r"[\s,]+", value) if part]
    if not isinstance(value, (list, tuple)):
        raise ValidationFailed.one("organizational_unit_ids", "organizational_unit_ids must be a list of OU ids.")
    if len(value) > MAX_OUS:
        raise ValidationFailed.one("organizational_unit_ids", f"At most {MAX_OUS} OUs; choose their parent instead.")
    ids: list[str] = []
    for item in value:
        text = str(item).strip()
        if not isinstance(item, str) or not OU_ID_RE.match(text):
            raise ValidationFailed.one(
                "organizational_unit_ids",
                "Each OU id must look like ou-ab12-cd34ef56 (or a root, r-ab12); Organizations shows them.",
            )
        if text not in ids:
            ids.append(text)
    return ids


def _account_number(value) -> str:
    """The source rule's (12 digits, dashes and spaces removed), named by this API's field."""
    try:
        return validation.account_number(value)
    except ValidationFailed as exc:
        raise ValidationFailed({"account_number": [m for ms in exc.errors.values() for m in ms]}) from exc


def _endpoint(value, *, user) -> Endpoint:
    endpoint_id = validation.endpoint_id(value)
    endpoint = None
    if endpoint_id is not None:
        endpoint = Endpoint.objects.restrict(user, "endpoint.list").filter(pk=endpoint_id).first()
    if endpoint is None:
        raise ValidationFailed.one(
            "endpoint", "Endpoint must be one of your log relays; add one under Endpoints first."
        )
    return endpoint


def _same_partition(errors: dict[str, list[str]], role_arn: str | None, regions: list[str] | None) -> None:
    if not role_arn or not regions:
        return
    partition = role_arn.split(":")[1]
    others = [code for code in regions if region_catalogue.partition_of(code) != partition]
    if others:
        errors.setdefault("regions", []).append(
            f"An Organization lives in one AWS partition: the role is in {partition}, but "
            f"{', '.join(others)} {'is' if len(others) == 1 else 'are'} not."
        )


def organization_validate(*, user, data: dict[str, Any], existing: Organization | None = None) -> dict[str, Any]:
    """Check and normalise an Organization's input; raise ValidationFailed naming every field's problem."""
    if not isinstance(data, dict):
        raise ValidationFailed.one("body", "The body must be a JSON object.")
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    partial = existing is not None

    def present(key: str) -> bool:
        return not partial or key in data

    if partial:
        fixed = sorted(k for k in data if k not in CHANGEABLE_FIELDS)
        for key in fixed:
            errors[key] = [
                f"This cannot be changed in place: PATCH changes {', '.join(CHANGEABLE_FIELDS)}; "
                "delete the Organization and add it again for the rest."
            ]
    if present("name"):
        clean["name"] = collect(errors, _name, data.get("name"))
    if not partial:
        clean["endpoint"] = collect(errors, _endpoint, data.get("endpoint"), user=user)
        clean["mode"] = collect(errors, _mode, data.get("mode"))
        clean["account_number"] = collect(errors, _account_number, data.get("account_number"))
        credential_type = data.get("credential_type") or "role"
        if credential_type != "role":
            errors.setdefault("credential_type", []).append(
                'An Organization is reached through an IAM role only (credential_type "role"): its member '
                "accounts never hold keys of the portal's."
            )
        collect(errors, require_portal_principal, "credential_type")
    if present("role_arn"):
        account = clean.get("account_number") or (existing.account_number if existing else None)
        clean["role_arn"] = collect(errors, validation.role_arn, data.get("role_arn"), account=account)
    if present("organizational_unit_ids"):
        clean["organizational_unit_ids"] = collect(errors, _ou_ids, data.get("organizational_unit_ids"))
    if present("regions"):
        clean["regions"] = collect(errors, validation.region_codes, data.get("regions"))
        role_arn = clean.get("role_arn") or (existing.role_arn if existing else None)
        if data.get("regions") == "all" and role_arn:
            # Select All Regions: every region of the Organization's own partition.
            partition = role_arn.split(":")[1]
            clean["regions"] = [c for c in clean["regions"] if region_catalogue.partition_of(c) == partition]
    _same_partition(
        errors,
        clean.get("role_arn") or (existing.role_arn if existing else None),
        clean.get("regions") or (existing.regions if existing else None),
    )
    if not partial and clean.get("mode") == OrganizationMode.ADMINISTRATOR and clean.get("organizational_unit_ids"):
        errors.setdefault("organizational_unit_ids", []).append(
            "OUs choose where the Every account StackSets deploy; in Administrator mode every member's "
            "findings arrive in the administrator account, so leave them out."
        )
    if not partial and clean.get("account_number"):
        tenant = tenant_of(user)
        if Organization.objects.filter(tenant=tenant, account_number=clean["account_number"]).exists():
            errors.setdefault("account_number", []).append(
                f"An Organization is already collected from account {clean['account_number']}."
            )
    if errors:
        raise ValidationFailed(errors)
    return clean


def _reach(organization: Organization) -> tuple[aws.AwsCredentials, dict]:
    """The role's credentials and the Organization's description, or ValidationFailed on role_arn saying why not."""
    try:
        credentials = organization_aws.role_credentials(organization)
        description = organization_aws.describe_organization(credentials, organization.home_region)
    except organization_aws.OrganizationUnavailable as exc:
        raise ValidationFailed.one("role_arn", str(exc)) from exc
    except Exception as exc:
        failure = aws.classify(exc)
        if failure.code == "AWSOrganizationsNotInUseException":
            message = f"Account {organization.account_number} is not in an AWS Organization."
        else:
            message = (
                f"The portal could not use {organization.role_arn}: {failure.message or failure.code} "
                f"({failure.code}). Deploy the Organization role template in account {organization.account_number} "
                "with this tenant's External ID, or correct the Role ARN."
            )
        raise ValidationFailed.one("role_arn", message) from exc
    return credentials, description


def organization_create(
    *, user, data: dict[str, Any], deploy_credentials: aws.AwsCredentials | None = None
) -> Organization:
    """Add an Organization: check that its role answers, list its accounts, and start collecting.

    Administrator mode adds one log source for the administrator account (its collection
    receives every member's findings). Every account mode adds a source per active account once
    the StackSets are deployed (at once with `deploy_credentials`; otherwise by the customer,
    from the templates the page offers, and found by the next sync).
    """
    require(user, "source.add")
    clean = organization_validate(user=user, data=data)
    tenant = tenant_of(user)
    organization = Organization(
        tenant=tenant,
        endpoint=clean["endpoint"],
        name=clean["name"],
        mode=clean["mode"],
        account_number=clean["account_number"],
        role_arn=clean["role_arn"],
        organizational_unit_ids=clean.get("organizational_unit_ids") or [],
        regions=clean["regions"],
        created_by=user,
    )
    if deploy_credentials is not None:
        deploy_credentials = deployment_services.clean_deploy_credentials(deploy_credentials)
    role_credentials, description = _reach(organization)
    deployed = None
    if deploy_credentials is not None and organization.mode == OrganizationMode.EVERY_ACCOUNT:
        # Before anything is stored: StackSets that AWS refuses leave no Organization behind.
        deployed = _stack_sets_deploy(organization, deploy_credentials, role_credentials, description)
    try:
        with transaction.atomic():
            organization.aws_organization_id = description.get("Id", "")
            organization.save()
            audit.record("organization.create", actor=user, target=organization, details=_audit_facts(organization))
            if organization.mode == OrganizationMode.ADMINISTRATOR:
                organization.administrator_source = source_services.log_source_create(
                    user=user,
                    data={
                        "endpoint": organization.endpoint_id,
                        "aws_account_number": organization.account_number,
                        "credential_type": "role",
                        "role_arn": organization.role_arn,
                        "regions": organization.regions,
                        "mode": "stackset" if len(organization.regions) > 1 else "stack",
                    },
                )
                organization.save(update_fields=["administrator_source"])
                if deploy_credentials is not None:
                    deployed = _administrator_deploy(user, organization, deploy_credentials)
            if deployed is not None:
                _deployed(user, organization, deployed)
    except IntegrityError as exc:
        # Two adds of the same account at once: the second finds the first's row.
        raise ValidationFailed.one(
            "account_number", f"An Organization is already collected from account {organization.account_number}."
        ) from exc
    organization_sync(organization=organization, actor=user)
    return organization


def _audit_facts(organization: Organization) -> dict[str, Any]:
    return {
        "name": organization.name,
        "mode": organization.mode,
        "account": organization.account_number,
        "role_arn": organization.role_arn,
        "organizational_unit_ids": organization.organizational_unit_ids,
        "regions": organization.regions,
    }


def organization_update(*, user, organization: Organization, data: dict[str, Any]) -> Organization:
    """Rename the Organization, or change the OUs its StackSets target (applied by the next Deploy)."""
    require(user, "source.change", organization)
    clean = organization_validate(user=user, data=data, existing=organization)
    changed = {k: v for k, v in clean.items() if getattr(organization, k) != v}
    if not changed:
        return organization
    with transaction.atomic():
        before = {k: getattr(organization, k) for k in changed}
        for key, value in changed.items():
            setattr(organization, key, value)
        organization.save(update_fields=list(changed))
        audit.record(
            "organization.update", actor=user, target=organization, details={"before": before, "after": changed}
        )
    return organization


def organization_delete(*, user, organization: Organization) -> None:
    """Remove the Organization and the sources it added, with what they collected.

    The StackSets stay in AWS (the customer's management account owns them); the page says how
    to delete them.
    """
    require(user, "source.delete", organization)
    with transaction.atomic():
        audit.record("organization.delete", actor=user, target=organization, details=_audit_facts(organization))
        for source in _sources_of(organization):
            source_services.log_source_delete(user=user, source=source, audit_details={"organization": organization.pk})
        organization.delete()


def _sources_of(organization: Organization) -> list[LogSource]:
    ids = list(organization.accounts.exclude(source=None).values_list("source_id", flat=True))
    if organization.administrator_source_id:
        ids.append(organization.administrator_source_id)
    return list(LogSource.objects.filter(pk__in=ids))


@dataclass
class SyncResult:
    accounts: int = 0
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    suspended: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "accounts": self.accounts,
            "added": self.added,
            "removed": self.removed,
            "suspended": self.suspended,
            "reactivated": self.reactivated,
            "sources_added": self.sources_added,
            "error": self.error,
        }


def _deploy_state(instances: dict[str, dict]) -> tuple[str, dict[str, str], str]:
    """(DeployStatus, {region: DeployStatus}, first failure's reason) of one account's stack instances."""
    states: dict[str, str] = {}
    reason = ""
    for region, summary in instances.items():
        detailed = (summary.get("StackInstanceStatus") or {}).get("DetailedStatus") or summary.get("Status", "")
        if detailed in ("SUCCEEDED", "CURRENT"):
            states[region] = DeployStatus.DEPLOYED
        elif detailed in ("FAILED", "CANCELLED", "INOPERABLE", "SKIPPED_SUSPENDED_ACCOUNT"):
            states[region] = DeployStatus.FAILED
            reason = reason or f"{region}: {summary.get('StatusReason') or detailed}"
        else:
            states[region] = DeployStatus.DEPLOYING
    values = set(states.values())
    if not values:
        return DeployStatus.NOT_DEPLOYED, states, ""
    for status in (DeployStatus.FAILED, DeployStatus.DEPLOYING):
        if status in values:
            return status, states, reason
    return DeployStatus.DEPLOYED, states, ""


def _member_role_arn(organization: Organization, account: str) -> str:
    return templates.reader_role_arn(account=account, region=organization.home_region)


def organization_sync(*, organization: Organization, actor=None) -> SyncResult:
    """Bring the Organization's accounts in step with AWS (beat, hourly; or Sync now).

    New active accounts are added (in Every account mode with a log source each, once their
    collection is deployed); accounts gone from the Organization, suspended or being closed stop
    being pulled and keep their events; every change is audited.
    """
    result = SyncResult()
    try:
        credentials, description = _reach(organization)
        management = description.get("MasterAccountId", "")
        targets = organization.organizational_unit_ids
        if organization.mode == OrganizationMode.ADMINISTRATOR or not targets:
            targets = [organization_aws.root_id(credentials, organization.home_region)]
        listed = organization_aws.list_accounts(credentials, organization.home_region, targets)
        members = instances = None
        if organization.mode == OrganizationMode.ADMINISTRATOR:
            members = organization_aws.guardduty_members(credentials, organization.home_region)
        else:
            instances = organization_aws.stack_instances(
                credentials, organization.home_region, caller=organization_aws.call_as(organization, management)
            )
    except ValidationFailed as exc:
        result.error = "; ".join(m for messages in exc.errors.values() for m in messages)
    except Exception as exc:
        failure = aws.classify(exc)
        result.error = f"AWS did not answer the sync: {failure.message or failure.code} ({failure.code})."
    if result.error:
        Organization.objects.filter(pk=organization.pk).update(last_sync_error=result.error)
        organization.last_sync_error = result.error
        audit.record("organization.sync", actor=actor, target=organization, details=result.as_dict())
        return result

    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        known = {a.account_number: a for a in organization.accounts.select_related("source")}
        now = timezone.now()
        seen = set()
        for found in listed:
            seen.add(found.account_number)
            row = known.get(found.account_number)
            if row is None:
                row = OrganizationAccount(organization=organization, account_number=found.account_number)
                result.added.append(found.account_number)
            previous = row.status if row.pk else None
            row.name, row.parent_id, row.parent_name, row.status = (
                found.name,
                found.parent_id,
                found.parent_name,
                found.status,
            )
            if previous is not None and previous != row.status:
                row.status_changed_at = now
                if row.status == AccountStatus.ACTIVE:
                    result.reactivated.append(row.account_number)
                else:
                    result.suspended.append(row.account_number)
            _guardduty_membership(row, organization, members)
            if instances is not None:
                row.deploy_status, row.region_states, row.deploy_error = _deploy_state(
                    instances.get(found.account_number, {})
                )
            row.save()
        for number, row in known.items():
            if number not in seen and row.status != AccountStatus.REMOVED:
                row.status, row.status_changed_at = AccountStatus.REMOVED, now
                row.save(update_fields=["status", "status_changed_at"])
                result.removed.append(number)
        if organization.mode == OrganizationMode.EVERY_ACCOUNT:
            _member_sources_in_step(organization, management, result)
        result.accounts = len(seen)
        organization.last_synced_at, organization.last_sync_error = now, ""
        if description.get("Id"):
            organization.aws_organization_id = description["Id"]
        organization.save(update_fields=["last_synced_at", "last_sync_error", "aws_organization_id"])
        for action, accounts in (
            ("organization.account_added", result.added),
            ("organization.account_removed", result.removed),
            ("organization.account_suspended", result.suspended),
            ("organization.account_reactivated", result.reactivated),
        ):
            for number in accounts:
                audit.record(
                    action,
                    actor=actor,
                    target=organization,
                    details={"account": number, "organization": organization.name},
                )
        audit.record("organization.sync", actor=actor, target=organization, details=result.as_dict())
    return result


def _guardduty_membership(row: OrganizationAccount, organization: Organization, members: dict | None) -> None:
    if organization.mode != OrganizationMode.ADMINISTRATOR:
        return
    if row.account_number == organization.account_number:
        row.guardduty_member, row.guardduty_relationship = True, "Administrator"
    elif members is None:
        row.guardduty_member, row.guardduty_relationship = None, ""
    else:
        relationship = members.get(row.account_number, "")
        row.guardduty_member = relationship == "Enabled"
        row.guardduty_relationship = relationship or "Not a member"


def _member_sources_in_step(organization: Organization, management: str, result: SyncResult) -> None:
    """Every account mode: a source per active, deployed member account; paused when the account is not active."""
    details = {"organization": organization.pk, "organization_name": organization.name}
    for row in organization.accounts.select_related("source").order_by("account_number"):
        if row.account_number == management:
            # Service-managed StackSets never deploy to the management account (AWS's rule).
            continue
        source = row.source
        if row.status == AccountStatus.ACTIVE:
            if source is None and row.source_added_at is None and row.deploy_status == DeployStatus.DEPLOYED:
                row.source = source_services.log_source_create_for_account(
                    tenant=organization.tenant,
                    endpoint=organization.endpoint,
                    account_number=row.account_number,
                    role_arn=_member_role_arn(organization, row.account_number),
                    regions=[r for r in organization.regions if row.region_states.get(r) == DeployStatus.DEPLOYED],
                    audit_details=details,
                )
                row.source_added_at = timezone.now()
                row.save(update_fields=["source", "source_added_at"])
                result.sources_added.append(row.account_number)
            elif source is not None:
                source_services.log_source_resume(source=source, audit_details=details)
                _regions_in_step(source, organization, row)
        elif source is not None:
            reason = PAUSE_REASONS[row.status].format(account=row.account_number, organization=organization.name)
            source_services.log_source_pause(source=source, reason=reason, audit_details=details)


def _regions_in_step(source: LogSource, organization: Organization, row: OrganizationAccount) -> None:
    """A region the StackSet now deploys to (the Organization's regions changed) is collected too."""
    wanted = [r for r in organization.regions if row.region_states.get(r) == DeployStatus.DEPLOYED]
    missing = [r for r in wanted if r not in source.region_codes]
    if missing:
        source_services.log_source_regions_add(
            source=source, regions=missing, audit_details={"organization": organization.pk}
        )


def _administrator_deploy(user, organization: Organization, credentials: aws.AwsCredentials) -> dict[str, Any]:
    source = organization.administrator_source
    if source is None:
        raise Conflict("The administrator account's source was deleted; delete the Organization and add it again.")
    operation = deployment_services.deployment_launch(user=user, source=source, deploy_credentials=credentials)
    return {"mode": organization.mode, "operation": operation.pk}


def _stack_sets_deploy(
    organization: Organization, credentials: aws.AwsCredentials, role_credentials: aws.AwsCredentials, description: dict
) -> dict[str, Any]:
    targets = organization.organizational_unit_ids or [
        organization_aws.root_id(role_credentials, organization.home_region)
    ]
    try:
        operations = organization_aws.stack_sets_deploy(
            organization,
            deploy_credentials=credentials,
            targets=targets,
            management_account=description.get("MasterAccountId", ""),
        )
    except Exception as exc:
        failure = aws.classify(exc)
        raise ValidationFailed.one(
            "deploy_credentials",
            f"CloudFormation refused the StackSets: {failure.message or failure.code} ({failure.code}). "
            "Deploy credentials need StackSets rights in the management account (or a StackSets delegated "
            "administrator), with trusted access for StackSets enabled in Organizations.",
        ) from exc
    return {"mode": organization.mode, "stack_set_operations": operations, "targets": targets}


def _deployed(user, organization: Organization, result: dict[str, Any]) -> None:
    Organization.objects.filter(pk=organization.pk).update(last_deployed_at=timezone.now())
    audit.record("organization.deploy", actor=user, target=organization, details=result)


def organization_deploy(*, user, organization: Organization, deploy_credentials: aws.AwsCredentials) -> dict[str, Any]:
    """Deploy what collects the Organization, with one-time deploy credentials (used here, never stored).

    Administrator mode launches the collection in the administrator account (the source's own
    deploy, per region). Every account mode creates the two service-managed StackSets, with
    automatic deployment, on the chosen OUs (the root when none): the reader role in one
    region (IAM is global), the collection in every region; then syncs to pick up the accounts.
    """
    require(user, "source.deploy", organization)
    credentials = deployment_services.clean_deploy_credentials(deploy_credentials)
    if organization.mode == OrganizationMode.ADMINISTRATOR:
        result = _administrator_deploy(user, organization, credentials)
    else:
        role_credentials, description = _reach(organization)
        result = _stack_sets_deploy(organization, credentials, role_credentials, description)
    _deployed(user, organization, result)
    if organization.mode == OrganizationMode.EVERY_ACCOUNT:
        result["sync"] = organization_sync(organization=organization, actor=user).as_dict()
    return result


def organization_sync_now(*, user, organization: Organization) -> SyncResult:
    require(user, "source.add", organization)
    return organization_sync(organization=organization, actor=user)


def organizations_sync_all() -> dict[str, int]:
    """Beat, every ORGANIZATION_SYNC_SECONDS: sync every Organization of every tenant."""
    counts = {"organizations": 0, "failed": 0, "added": 0, "removed": 0}
    for organization in Organization.objects.select_related("tenant", "endpoint").order_by("pk"):
        result = organization_sync(organization=organization)
        counts["organizations"] += 1
        counts["failed"] += bool(result.error)
        counts["added"] += len(result.added)
        counts["removed"] += len(result.removed)
    return counts

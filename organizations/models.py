from __future__ import annotations

from django.conf import settings
from django.db import models

from log_sources.choices import CredentialType
from log_sources.models import LogSource
from relay.models import Endpoint
from tenants.models import Tenant, TenantQuerySet

from .choices import AccountStatus, DeployStatus, OrganizationMode


class Organization(models.Model):
    """An AWS Organization collected as a whole: a source of log sources.

    Works from one account (the GuardDuty delegated administrator, or the management account)
    through a role that trusts the portal with the tenant's External ID; nothing secret is kept.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="organizations")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.PROTECT, related_name="organizations")
    name = models.CharField(max_length=128)
    mode = models.CharField(max_length=16, choices=OrganizationMode.choices)
    account_number = models.CharField(max_length=12)
    credential_type = models.CharField(max_length=16, choices=CredentialType.choices, default=CredentialType.ROLE)
    role_arn = models.CharField(max_length=2048)
    # Every account mode: the OUs the StackSets target (the root by default); new accounts in
    # them are deployed by AWS (automatic deployment) and added by the sync.
    organizational_unit_ids = models.JSONField(default=list, blank=True)
    regions = models.JSONField(default=list)
    # What Organizations calls it (o-xxxxxxxxxx), read by the first sync.
    aws_organization_id = models.CharField(max_length=64, blank=True)
    # Administrator mode: the one log source that collects every member's findings.
    administrator_source = models.OneToOneField(
        LogSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_sync_error = models.TextField(blank=True)
    last_deployed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "account_number"], name="organization_account_unique_per_tenant")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def home_region(self) -> str:
        """Where the portal calls CloudFormation and GuardDuty from, and where the reader role's
        StackSet instances live (IAM is global: one region creates the role once per account)."""
        return self.regions[0] if self.regions else "us-east-1"


class OrganizationAccount(models.Model):
    """One account of an Organization, as the last sync found it, and what the portal collects of it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="accounts")
    account_number = models.CharField(max_length=12)
    name = models.CharField(max_length=256, blank=True)
    parent_id = models.CharField(max_length=128, blank=True)
    parent_name = models.CharField(max_length=256, blank=True)
    status = models.CharField(max_length=16, choices=AccountStatus.choices, default=AccountStatus.ACTIVE)
    # Administrator mode: whether GuardDuty lists it as an enabled member (None: not known, e.g.
    # ListMembers refused). The administrator account itself counts as a member.
    guardduty_member = models.BooleanField(null=True)
    guardduty_relationship = models.CharField(max_length=64, blank=True)
    # Every account mode: the account's own log source (role-based, guardduty-<account>).
    source = models.OneToOneField(LogSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # When the sync added the account's source: a source a user deleted since is not added again.
    source_added_at = models.DateTimeField(null=True, blank=True)
    # {region: DeployStatus} of the collection StackSet's instances in this account, and why one failed.
    deploy_status = models.CharField(max_length=16, choices=DeployStatus.choices, default=DeployStatus.NOT_DEPLOYED)
    region_states = models.JSONField(default=dict, blank=True)
    deploy_error = models.TextField(blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["account_number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "account_number"], name="organization_account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.account_number} ({self.name})" if self.name else self.account_number

    @property
    def tenant(self):
        return self.organization.tenant

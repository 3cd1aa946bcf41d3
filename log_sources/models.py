from __future__ import annotations

from django.conf import settings
from django.db import models

from core.fields import EncryptedTextField
from relay.models import Endpoint
from tenants.models import Tenant, TenantQuerySet

from . import regions as region_catalogue
from . import source_types
from .choices import CredentialType, DeploymentMode
from .validation import DEFAULT_RETENTION_DAYS


class LogSource(models.Model):
    """An AWS account whose GuardDuty findings the portal collects from selected regions."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="log_sources")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.PROTECT, related_name="log_sources")
    source_type = models.CharField(max_length=32, choices=source_types.choices, default="guardduty")
    hostname = models.CharField(max_length=253)
    protocol = models.CharField(max_length=64)
    aws_account_number = models.CharField(max_length=12, db_index=True)
    # A role in the customer's account that trusts the portal's principal with the tenant's
    # External ID (nothing secret is held), or an IAM user's access keys (AMP's way).
    credential_type = models.CharField(max_length=16, choices=CredentialType.choices, default=CredentialType.ACCESS_KEY)
    role_arn = models.CharField(max_length=2048, blank=True)
    # The access key id is not a secret on its own, but together with the secret it is a
    # credential; pages show only its last 4 characters, so it is kept encrypted as well.
    # Both are empty for a role-based source.
    aws_access_key_id = EncryptedTextField(blank=True)
    aws_access_key_id_last4 = models.CharField(max_length=4, blank=True)
    aws_secret_access_key = EncryptedTextField(blank=True)
    log_group = models.CharField(max_length=512, default=source_types.GUARDDUTY.default_log_group)
    deployment_mode = models.CharField(max_length=16, choices=DeploymentMode.choices, default=DeploymentMode.STACKSET)
    stack_name = models.CharField(max_length=128, blank=True)
    log_retention_days = models.PositiveIntegerField(default=DEFAULT_RETENTION_DAYS)
    tags = models.JSONField(default=dict, blank=True)
    iam_role_arn = models.CharField(max_length=2048, blank=True)
    pull_interval_seconds = models.PositiveIntegerField(default=settings.RELAY_PULL_INTERVAL_SECONDS)
    # Why the relays no longer pull this source ("" while they do): its account left the
    # Organization that added it, or was suspended. What was collected stays searchable.
    paused_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.hostname

    @property
    def uses_role(self) -> bool:
        return self.credential_type == CredentialType.ROLE

    @property
    def paused(self) -> bool:
        return bool(self.paused_reason)

    @property
    def credential_label(self) -> str:
        """What the pages show of the credentials: the role, or the key's last 4 characters."""
        if self.uses_role:
            return self.role_arn
        return f"Access key …{self.aws_access_key_id_last4}" if self.aws_access_key_id_last4 else "—"

    @property
    def type(self) -> source_types.SourceType:
        return source_types.get(self.source_type)

    @property
    def region_codes(self) -> list[str]:
        return [r.region for r in self.regions.all()]

    @property
    def effective_stack_name(self) -> str:
        return self.stack_name or self.type.default_stack_name(self.aws_account_number)


class SourceRegion(models.Model):
    """One region of a log source: where its GuardDuty findings are collected from."""

    source = models.ForeignKey(LogSource, on_delete=models.CASCADE, related_name="regions")
    region = models.CharField(max_length=32, choices=region_catalogue.REGION_CHOICES)

    class Meta:
        ordering = ["source_id", "region"]
        constraints = [models.UniqueConstraint(fields=["source", "region"], name="source_region_unique")]

    def __str__(self) -> str:
        return f"{self.source} {self.region}"

    @property
    def region_name(self) -> str:
        return region_catalogue.get(self.region).name

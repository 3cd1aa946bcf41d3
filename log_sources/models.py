from __future__ import annotations

from django.conf import settings
from django.db import models

from core.fields import EncryptedTextField
from relay.models import Endpoint
from tenants.models import Tenant, TenantQuerySet

from . import regions as region_catalogue
from . import source_types
from .validation import DEFAULT_RETENTION_DAYS


class DeploymentMode(models.TextChoices):
    STACKSET = "stackset", "StackSet (several regions)"
    STACK = "stack", "Stack (one region)"
    MANUAL = "manual", "Manual (I deploy the template myself)"


class DeploymentState(models.TextChoices):
    NOT_DEPLOYED = "not_deployed", "Not deployed"
    PENDING = "pending", "Pending"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    FAILED = "failed", "Failed"
    DELETING = "deleting", "Deleting"


class CollectionState(models.TextChoices):
    WAITING = "waiting", "Waiting for first pull"
    OK = "ok", "Collecting"
    THROTTLED = "throttled", "Throttled (retrying)"
    CREDENTIALS_INVALID = "credentials_invalid", "Credentials invalid"
    ACCESS_DENIED = "access_denied", "Access denied"
    LOG_GROUP_MISSING = "log_group_missing", "Log group missing"
    UNREACHABLE = "unreachable", "Region unreachable"
    ERROR = "error", "Error"


class LogSource(models.Model):
    """An AWS account whose GuardDuty findings the portal collects from selected regions."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="log_sources")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.PROTECT, related_name="log_sources")
    source_type = models.CharField(max_length=32, choices=source_types.choices, default="guardduty")
    hostname = models.CharField(max_length=253)
    protocol = models.CharField(max_length=64)
    aws_account_number = models.CharField(max_length=12, db_index=True)
    # The access key id is not a secret on its own, but together with the secret it is a
    # credential; pages show only its last 4 characters, so it is kept encrypted as well.
    aws_access_key_id = EncryptedTextField()
    aws_access_key_id_last4 = models.CharField(max_length=4)
    aws_secret_access_key = EncryptedTextField()
    log_group = models.CharField(max_length=512, default="Armor_GuardDuty_Log_Group")
    deployment_mode = models.CharField(max_length=16, choices=DeploymentMode.choices, default=DeploymentMode.STACKSET)
    stack_name = models.CharField(max_length=128, blank=True)
    log_retention_days = models.PositiveIntegerField(default=DEFAULT_RETENTION_DAYS)
    tags = models.JSONField(default=dict, blank=True)
    iam_role_arn = models.CharField(max_length=2048, blank=True)
    pull_interval_seconds = models.PositiveIntegerField(default=settings.RELAY_PULL_INTERVAL_SECONDS)
    last_event_at = models.DateTimeField(null=True, blank=True)
    last_pull_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.hostname

    @property
    def type(self) -> source_types.SourceType:
        return source_types.get(self.source_type)

    @property
    def region_codes(self) -> list[str]:
        return [r.region for r in self.regions.all()]

    @property
    def effective_stack_name(self) -> str:
        return self.stack_name or f"Armor-GuardDuty-{self.aws_account_number}"

    @property
    def status(self) -> str:
        """One word for the list, derived from the regions' states (never stored twice)."""
        states = list(self.regions.all())
        if not states:
            return "No regions"
        deployment = {s.deployment_state for s in states}
        collection = {s.collection_state for s in states}
        if DeploymentState.FAILED in deployment:
            return "Deployment failed"
        if deployment & {DeploymentState.PENDING, DeploymentState.IN_PROGRESS}:
            return "Deploying"
        if DeploymentState.DELETING in deployment:
            return "Deleting"
        problems = collection - {CollectionState.OK, CollectionState.WAITING, CollectionState.THROTTLED}
        if problems:
            return "Needs attention"
        if CollectionState.OK in collection:
            return "Collecting"
        if self.deployment_mode == DeploymentMode.MANUAL or deployment == {DeploymentState.COMPLETE}:
            return "Waiting for events"
        return "Not deployed"


class SourceRegion(models.Model):
    """One region of a log source: its deployment, its collection state and its pull checkpoint."""

    source = models.ForeignKey(LogSource, on_delete=models.CASCADE, related_name="regions")
    region = models.CharField(max_length=32, choices=region_catalogue.REGION_CHOICES)

    deployment_state = models.CharField(
        max_length=16, choices=DeploymentState.choices, default=DeploymentState.NOT_DEPLOYED
    )
    deployment_error = models.TextField(blank=True)
    deployment_updated_at = models.DateTimeField(null=True, blank=True)

    collection_state = models.CharField(max_length=24, choices=CollectionState.choices, default=CollectionState.WAITING)
    last_error = models.TextField(blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True)
    last_pull_at = models.DateTimeField(null=True, blank=True)

    # The pull unit: a durable checkpoint (CloudWatch event time, ms) and a lease.
    checkpoint_ms = models.BigIntegerField(null=True, blank=True)
    next_pull_at = models.DateTimeField(null=True, blank=True, db_index=True)
    lease_owner = models.CharField(max_length=255, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)

    # The last Test connection result for this region (a checklist), and when it ran.
    verification = models.JSONField(default=dict, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source_id", "region"]
        constraints = [models.UniqueConstraint(fields=["source", "region"], name="source_region_unique")]

    def __str__(self) -> str:
        return f"{self.source} {self.region}"

    @property
    def region_name(self) -> str:
        return region_catalogue.get(self.region).name

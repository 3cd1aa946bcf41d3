"""What the portal launches in the customer's AWS account, and how far each region got."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.aws import AwsCredentials
from core.fields import EncryptedTextField
from log_sources.models import LogSource, SourceRegion
from tenants.models import Tenant, TenantQuerySet

from .choices import (
    ACTIVE_STATUSES,
    DeployState,
    DetectorStatus,
    OperationKind,
    OperationStatus,
    RegionAction,
    SampleFindingStatus,
)


class DeployOperation(models.Model):
    """One launch, update or delete of a source's CloudFormation Stack or StackSet."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="deploy_operations")
    # A delete outlives its source: the source row goes at once, the teardown goes on.
    source = models.ForeignKey(
        LogSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="deploy_operations"
    )
    source_label = models.CharField(max_length=253, blank=True)
    kind = models.CharField(max_length=8, choices=OperationKind.choices)
    status = models.CharField(max_length=12, choices=OperationStatus.choices, default=OperationStatus.QUEUED)
    # "stack" or "stackset", copied so a delete needs no source; or a role template's kind (Launch for me).
    mode = models.CharField(max_length=32)
    stack_name = models.CharField(max_length=128)
    account_number = models.CharField(max_length=12)
    parameters = models.JSONField(default=dict, blank=True)
    tags = models.JSONField(default=dict, blank=True)
    iam_role_arn = models.CharField(max_length=2048, blank=True)

    # The credentials the workers use, held encrypted only while the operation runs.
    use_source_credentials = models.BooleanField(default=False)
    access_key_id = EncryptedTextField(blank=True)
    secret_access_key = EncryptedTextField(blank=True)
    session_token = EncryptedTextField(blank=True)

    attempts = models.PositiveIntegerField(default=0)  # consecutive transient failures
    polls = models.PositiveIntegerField(default=0)
    # Steps taken, and when the last one ran: each queued step carries the count it expects, so
    # a message that a lost worker's broker hands out again later finds it moved on and ends
    # (deployments.steps.run_step); beat resumes an operation whose steps stopped.
    steps = models.PositiveIntegerField(default=0)
    stepped_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.stack_name} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def has_credentials(self) -> bool:
        return bool(self.access_key_id or self.secret_access_key or self.session_token)

    def credentials(self) -> AwsCredentials:
        return AwsCredentials(self.access_key_id, self.secret_access_key, self.session_token or None)


class DeployRegion(models.Model):
    """One region of an operation: what is done there and how far it got."""

    operation = models.ForeignKey(DeployOperation, on_delete=models.CASCADE, related_name="regions")
    region = models.CharField(max_length=32)
    action = models.CharField(max_length=8, choices=RegionAction.choices)
    state = models.CharField(max_length=12, choices=DeployState.choices, default=DeployState.PENDING)
    reason = models.TextField(blank=True)
    # The Stack id (Stack mode) or the StackSet operation id (StackSet mode) being followed.
    aws_id = models.CharField(max_length=512, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["operation_id", "id"]
        constraints = [models.UniqueConstraint(fields=["operation", "region"], name="deploy_region_unique")]

    def __str__(self) -> str:
        return f"{self.region} {self.action} {self.state}"


class DeployEvent(models.Model):
    """A step of an operation, in the order it happened (the progress history)."""

    operation = models.ForeignKey(DeployOperation, on_delete=models.CASCADE, related_name="events")
    region = models.CharField(max_length=32, blank=True)  # blank: the operation as a whole
    state = models.CharField(max_length=12)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.region or '*'} {self.state}"


class RegionDeployment(models.Model):
    """A source region's AWS side as the portal knows it: its deploy state and its last Test connection.

    A region without a row has never been deployed or tested. The row goes with the region.
    """

    # No accessor on SourceRegion ("+"): log_sources knows nothing of the apps above it.
    source_region = models.OneToOneField(SourceRegion, on_delete=models.CASCADE, primary_key=True, related_name="+")
    state = models.CharField(max_length=16, choices=DeployState.choices, default=DeployState.NOT_DEPLOYED)
    error = models.TextField(blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    # The last Test connection result for this region (a checklist), and when it ran.
    verification = models.JSONField(default=dict, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source_region_id"]

    def __str__(self) -> str:
        return f"{self.source_region} {self.state}"


class RegionCoverage(models.Model):
    """Whether GuardDuty watches a source region: its detector, its status and its protection plans.

    A region without a row was never checked; readers see an unsaved row with status unknown.
    """

    source_region = models.OneToOneField(SourceRegion, on_delete=models.CASCADE, primary_key=True, related_name="+")
    detector_id = models.CharField(max_length=64, blank=True)
    detector_status = models.CharField(max_length=16, choices=DetectorStatus.choices, default=DetectorStatus.UNKNOWN)
    # plan key (see deployments.coverage.PLANS) -> on or off
    plans = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # When detector_status last changed: how long a region has been uncovered is what alerts weigh.
    status_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source_region_id"]

    def __str__(self) -> str:
        return f"{self.source_region} GuardDuty {self.detector_status}"


class SampleFinding(models.Model):
    """One "Send a sample finding" canary: asked of GuardDuty, then followed until it is searchable."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    source_region = models.ForeignKey(SourceRegion, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    finding_type = models.CharField(max_length=256)
    detector_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=SampleFindingStatus.choices, default=SampleFindingStatus.SENT)
    error = models.TextField(blank=True)
    stored_at = models.DateTimeField(null=True, blank=True)
    searchable_at = models.DateTimeField(null=True, blank=True)
    # The collected LogEvent's CloudWatch event id, once found.
    event_id = models.CharField(max_length=128, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["source_region", "-requested_at"], name="sample_finding_region_newest")]

    def __str__(self) -> str:
        return f"{self.source_region} {self.finding_type} {self.status}"

    @property
    def stored_seconds(self) -> float | None:
        return (self.stored_at - self.requested_at).total_seconds() if self.stored_at else None

    @property
    def searchable_seconds(self) -> float | None:
        return (self.searchable_at - self.requested_at).total_seconds() if self.searchable_at else None

from django.db import models


class DeployState(models.TextChoices):
    """The one vocabulary of deploy state: a source region's, and a region's step in an operation."""

    NOT_DEPLOYED = "not_deployed", "Not deployed"
    PENDING = "pending", "Pending"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    FAILED = "failed", "Failed"
    DELETING = "deleting", "Deleting"


FINAL_STATES = (DeployState.COMPLETE, DeployState.FAILED)
UNDER_WAY_STATES = (DeployState.PENDING, DeployState.IN_PROGRESS)


class OperationKind(models.TextChoices):
    CREATE = "create", "Launch"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"


class OperationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


ACTIVE_STATUSES = (OperationStatus.QUEUED, OperationStatus.RUNNING)


class RegionAction(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"


class DetectorStatus(models.TextChoices):
    """GuardDuty in one region of a source's account, as the coverage check last saw it."""

    ENABLED = "enabled", "Enabled"
    DISABLED = "disabled", "Disabled"
    MISSING = "missing", "No detector"
    UNKNOWN = "unknown", "Unknown"  # could not be checked; the reason is in `error`


class SampleFindingStatus(models.TextChoices):
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    STORED = "stored", "Stored"
    SEARCHABLE = "searchable", "Searchable"
    TIMED_OUT = "timed_out", "Timed out"


# A sample is followed until it is searchable, or until it times out.
SAMPLE_PENDING_STATUSES = (SampleFindingStatus.SENT, SampleFindingStatus.STORED)

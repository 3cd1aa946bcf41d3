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

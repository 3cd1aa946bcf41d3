from django.db import models


class DeploymentMode(models.TextChoices):
    STACKSET = "stackset", "StackSet (several regions)"
    STACK = "stack", "Stack (one region)"
    MANUAL = "manual", "Manual (I deploy the template myself)"


class CredentialType(models.TextChoices):
    """How the portal reaches a source's account."""

    ROLE = "role", "IAM role (recommended)"
    ACCESS_KEY = "access_key", "Access keys"

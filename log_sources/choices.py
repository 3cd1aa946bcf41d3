from django.db import models


class DeploymentMode(models.TextChoices):
    STACKSET = "stackset", "StackSet (several regions)"
    STACK = "stack", "Stack (one region)"
    MANUAL = "manual", "Manual (I deploy the template myself)"

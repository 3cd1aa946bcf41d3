from django.db import models


class OrganizationMode(models.TextChoices):
    """How the portal covers an Organization's accounts."""

    # GuardDuty's delegated administrator receives every member's findings: one collection there.
    ADMINISTRATOR = "administrator", "Administrator account (recommended when GuardDuty is centrally managed)"
    # A service-managed StackSet deploys the collection and the reader role into every account.
    EVERY_ACCOUNT = "every_account", "Every account (a StackSet deploys to each member account)"


class AccountStatus(models.TextChoices):
    """An account as the Organization lists it, plus REMOVED: gone from the Organization (or its OUs)."""

    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    PENDING_CLOSURE = "pending_closure", "Pending closure"
    REMOVED = "removed", "Removed from the Organization"


# Organizations' own status names -> ours.
AWS_ACCOUNT_STATUS = {
    "ACTIVE": AccountStatus.ACTIVE,
    "SUSPENDED": AccountStatus.SUSPENDED,
    "PENDING_CLOSURE": AccountStatus.PENDING_CLOSURE,
}


class DeployStatus(models.TextChoices):
    """One account's share of the Organization's StackSets, from CloudFormation's stack instances."""

    NOT_DEPLOYED = "not_deployed", "Not deployed"
    DEPLOYING = "deploying", "Deploying"
    DEPLOYED = "deployed", "Deployed"
    FAILED = "failed", "Failed"

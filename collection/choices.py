from django.db import models


class CollectionState(models.TextChoices):
    WAITING = "waiting", "Waiting for first pull"
    OK = "ok", "Collecting"
    THROTTLED = "throttled", "Throttled (retrying)"
    CREDENTIALS_INVALID = "credentials_invalid", "Credentials invalid"
    ROLE_UNAVAILABLE = "role_unavailable", "Role cannot be assumed"
    ACCESS_DENIED = "access_denied", "Access denied"
    LOG_GROUP_MISSING = "log_group_missing", "Log group missing"
    UNREACHABLE = "unreachable", "Region unreachable"
    # The relay lost the portal's own database or Redis mid-pull: nothing for the customer to do.
    INTERRUPTED = "interrupted", "Interrupted (retrying)"
    # Never stored: shown while a pull that should have run has not (collection.selectors).
    OVERDUE = "overdue", "Pull overdue"
    ERROR = "error", "Error"


# What a healthy or still-starting region looks like; anything else needs the customer.
UNTROUBLED_STATES = frozenset(
    {CollectionState.OK, CollectionState.WAITING, CollectionState.THROTTLED, CollectionState.INTERRUPTED}
)


class SourceStatus(models.TextChoices):
    """A source in one word, from its regions' deploy and collection states (never stored)."""

    NO_REGIONS = "no_regions", "No regions"
    # Not pulled any more (its account left its Organization, or was suspended); events kept.
    PAUSED = "paused", "Paused"
    DEPLOYMENT_FAILED = "deployment_failed", "Deployment failed"
    DEPLOYING = "deploying", "Deploying"
    DELETING = "deleting", "Deleting"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"
    COLLECTING = "collecting", "Collecting"
    WAITING_FOR_EVENTS = "waiting_for_events", "Waiting for events"
    NOT_DEPLOYED = "not_deployed", "Not deployed"

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

from django.db import models


class HealthLevel(models.TextChoices):
    """AMP's words for a log source: OK, Warning (needs a look) or Critical (collection is broken)."""

    OK = "ok", "OK"
    WARNING = "warning", "Warning"
    CRITICAL = "critical", "Critical"


# Worst first: a source's health is its worst region's, and the Health page lists worst first.
SEVERITY = {HealthLevel.OK: 0, HealthLevel.WARNING: 1, HealthLevel.CRITICAL: 2}

from __future__ import annotations

from django.db import models


class SeverityBand(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


# GuardDuty's levels: Low 1.0-3.9, Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0.
SEVERITY_BANDS: dict[str, tuple[float, float | None]] = {
    SeverityBand.LOW: (0.0, 4.0),
    SeverityBand.MEDIUM: (4.0, 7.0),
    SeverityBand.HIGH: (7.0, 9.0),
    SeverityBand.CRITICAL: (9.0, None),
}


def severity_band(severity: float | None) -> str:
    if severity is None:
        return ""
    if severity >= 9.0:
        return SeverityBand.CRITICAL
    if severity >= 7.0:
        return SeverityBand.HIGH
    if severity >= 4.0:
        return SeverityBand.MEDIUM
    return SeverityBand.LOW

"""A source's health settings and the health last announced for it, and the history of its changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from log_sources.models import LogSource
from tenants.models import Tenant, TenantQuerySet

from .choices import HealthLevel


def _default_warning_hours() -> int:
    return settings.HEALTH_WARNING_HOURS


def _default_critical_hours() -> int:
    return settings.HEALTH_CRITICAL_HOURS


class SourceHealth(models.Model):
    """One source's staleness thresholds and the level the portal last announced for it.

    A source without a row has the default thresholds and has never left OK. The row goes
    with the source. `level` moves only when the evaluator announces a change, so each change
    is announced once, whatever the pages show in between.
    """

    # No accessor on LogSource ("+"): log_sources knows nothing of the apps above it.
    source = models.OneToOneField(LogSource, on_delete=models.CASCADE, primary_key=True, related_name="+")
    warning_after_hours = models.PositiveIntegerField(default=_default_warning_hours)
    critical_after_hours = models.PositiveIntegerField(default=_default_critical_hours)
    level = models.CharField(max_length=8, choices=HealthLevel.choices, default=HealthLevel.OK)
    reason = models.TextField(blank=True)
    since = models.DateTimeField(null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source_id"]

    def __str__(self) -> str:
        return f"{self.source_id} {self.level}"


class HealthChange(models.Model):
    """A source's move from one level to another, as announced (the history behind each alert)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    # Kept when the source goes: what was announced stays on record.
    source = models.ForeignKey(LogSource, null=True, on_delete=models.SET_NULL, related_name="+")
    source_label = models.CharField(max_length=253)
    previous = models.CharField(max_length=8, choices=HealthLevel.choices)
    level = models.CharField(max_length=8, choices=HealthLevel.choices)
    reason = models.TextField(blank=True)
    since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_label}: {self.previous} -> {self.level}"

from __future__ import annotations

from django.db import models

from log_sources.models import SourceRegion

from .choices import CollectionState


class PullUnit(models.Model):
    """One region of a log source as the relays pull it: a durable checkpoint, a lease, a schedule and a state.

    Created with the source's region (log_sources announces new regions) and removed with it.
    Its primary key is the region's, so a unit and its region share one id.
    """

    # No accessor on SourceRegion ("+"): log_sources knows nothing of the apps above it.
    source_region = models.OneToOneField(SourceRegion, on_delete=models.CASCADE, primary_key=True, related_name="+")

    collection_state = models.CharField(max_length=24, choices=CollectionState.choices, default=CollectionState.WAITING)
    last_error = models.TextField(blank=True)
    # When collection_state last changed (null: never pulled): how long a region has been
    # throttled or failing, which collection health judges by.
    state_since = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True)
    last_pull_at = models.DateTimeField(null=True, blank=True)

    # CloudWatch event time (ms) of the newest event stored; the next pull re-reads a window before it.
    checkpoint_ms = models.BigIntegerField(null=True, blank=True)
    next_pull_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When the last pull (or the unit's creation) wanted the next pull. Dispatching moves
    # next_pull_at past it, this stays: a unit whose pull has not run well after it is overdue.
    due_at = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=255, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["source_region_id"]

    def __str__(self) -> str:
        return str(self.source_region)

    @property
    def source(self):
        return self.source_region.source

    @property
    def source_id(self) -> int:
        return self.source_region.source_id

    @property
    def region(self) -> str:
        return self.source_region.region

"""Reads of the pull engine: each region's collection state and a source's Last Event and status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from deployments.choices import UNDER_WAY_STATES, DeployState
from log_sources.choices import DeploymentMode
from log_sources.models import LogSource

from .choices import UNTROUBLED_STATES, CollectionState, SourceStatus
from .models import PullUnit


def read_collection_state(sources: list[LogSource]) -> None:
    """log_sources' reader: `region.unit` on every region; Last Event, last pull and status on every source.

    A unit whose pull is overdue (see `overdue_reason`) reads as OVERDUE with the reason as its
    last error; that is shown, never saved: the stored state stays what the last pull found.
    Needs `region.deployment` from the deployments reader, which runs before this one.
    """
    regions = [region for source in sources for region in source.regions.all()]
    units = {unit.pk: unit for unit in PullUnit.objects.filter(pk__in=[region.pk for region in regions])}
    now = timezone.now()
    for source in sources:
        interval = source.pull_interval_seconds or settings.RELAY_PULL_INTERVAL_SECONDS
        for region in source.regions.all():
            # A region the pull engine has not seen yet reads as a unit that never pulled.
            region.unit = units.get(region.pk) or PullUnit(source_region=region)
            reason = overdue_reason(region.unit, interval=interval, now=now)
            if reason:
                region.unit.collection_state, region.unit.last_error = CollectionState.OVERDUE, reason
            # The region's latest problem, whether collecting or deploying.
            region.last_error = region.unit.last_error or region.deployment.error
    for source in sources:
        units_of_source = [region.unit for region in source.regions.all()]
        source.last_event_at = max((u.last_event_at for u in units_of_source if u.last_event_at), default=None)
        source.last_pull_at = max((u.last_pull_at for u in units_of_source if u.last_pull_at), default=None)
        source.status = source_status(source)
        source.status_label = source.status.label


def source_status(source: LogSource) -> SourceStatus:
    """One word for External Sources, from the regions' deploy and collection states (never stored)."""
    regions = list(source.regions.all())
    if source.paused:
        return SourceStatus.PAUSED
    if not regions:
        return SourceStatus.NO_REGIONS
    deployment = {region.deployment.state for region in regions}
    collection = {region.unit.collection_state for region in regions}
    if DeployState.FAILED in deployment:
        return SourceStatus.DEPLOYMENT_FAILED
    if deployment & set(UNDER_WAY_STATES):
        return SourceStatus.DEPLOYING
    if DeployState.DELETING in deployment:
        return SourceStatus.DELETING
    if collection - UNTROUBLED_STATES:
        return SourceStatus.NEEDS_ATTENTION
    if CollectionState.OK in collection:
        return SourceStatus.COLLECTING
    if source.deployment_mode == DeploymentMode.MANUAL or deployment == {DeployState.COMPLETE}:
        return SourceStatus.WAITING_FOR_EVENTS
    return SourceStatus.NOT_DEPLOYED


def _utc(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def overdue_reason(unit: PullUnit, *, interval: int, now: datetime) -> str:
    """Why the unit's pull is overdue ('' when it is not).

    - A pull that stopped without finishing: its lease ran out (a running pull renews it every
      third of RELAY_LEASE_SECONDS), so its worker died or lost the portal's database or Redis.
      Beat queues the unit again at once; it reads as overdue until a worker takes it.
    - A pull that should have started by now: due more than one interval (and a dispatch
      tick) ago, and no worker holds the unit. No relay worker is taking the endpoint's
      queue, or beat is not running.
    """
    if unit.lease_expires_at is not None:
        if unit.lease_expires_at >= now:
            return ""  # a pull is running and alive
        alive_until = unit.lease_expires_at - timedelta(seconds=settings.RELAY_LEASE_SECONDS)
        return (
            f"The pull that was running stopped without finishing (no sign of life since {_utc(alive_until)}): "
            "its relay worker stopped, or lost the portal's database or Redis. The region is pulled again "
            "as soon as a relay worker of the endpoint takes it."
        )
    if unit.due_at is None:
        return ""
    late_after = unit.due_at + timedelta(seconds=interval + settings.RELAY_DISPATCH_SECONDS)
    if now <= late_after:
        return ""
    return (
        f"The pull due at {_utc(unit.due_at)} has not run: check that a relay worker of the endpoint is "
        "running (and Celery beat, which queues the pulls)."
    )

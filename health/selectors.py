"""Reads of collection health: each source's and region's health, and the tenant's Health page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from log_sources import extensions
from log_sources.models import LogSource, SourceRegion

from .choices import HealthLevel
from .models import HealthChange, SourceHealth
from .rules import Health, Thresholds, evaluate


def thresholds_of(sources: list[LogSource]) -> dict[int, Thresholds]:
    """Each source's staleness thresholds (the defaults for a source that never changed them)."""
    rows = SourceHealth.objects.filter(pk__in=[source.pk for source in sources]).values_list(
        "pk", "warning_after_hours", "critical_after_hours"
    )
    found = {pk: Thresholds(warning, critical) for pk, warning, critical in rows}
    default = Thresholds(settings.HEALTH_WARNING_HOURS, settings.HEALTH_CRITICAL_HOURS)
    return {source.pk: found.get(source.pk, default) for source in sources}


def apply_health(sources: list[LogSource], *, now: datetime | None = None) -> None:
    """Set `health` and `health_thresholds` on every source and `health` on each of its regions.

    Needs what the deployments, collection and coverage readers set (they run before this one).
    """
    now = now or timezone.now()
    thresholds = thresholds_of(sources)
    for source in sources:
        source.health_thresholds = thresholds[source.pk]
        source.health, by_region = evaluate(source, thresholds[source.pk], now=now)
        for region in source.regions.all():
            region.health = by_region[region.pk]


def read_health(sources: list[LogSource]) -> None:
    """log_sources' reader (registered in HealthConfig.ready)."""
    apply_health(sources)


@dataclass(frozen=True)
class HealthRow:
    """One line of the Health page: a source, or one of its regions, that is not OK."""

    source: LogSource
    region: SourceRegion | None
    health: Health


def health_sources(*, user, level: str = "") -> list[LogSource]:
    """The tenant's sources with their health, worst first (then longest in that state); `level` filters."""
    sources = extensions.read_into(
        LogSource.objects.restrict(user, "source.list").select_related("endpoint", "tenant").order_by("hostname")
    )
    if level:
        sources = [source for source in sources if source.health.level == level]
    far_future = timezone.now().replace(year=9999)
    return sorted(sources, key=lambda s: (-s.health.severity, s.health.since or far_future, s.hostname))


def health_rows(sources: list[LogSource], *, problems_only: bool = True) -> list[HealthRow]:
    """Of `health_sources`' answer, each source followed by its regions, worst first.

    The Health page lists only what is not OK (`problems_only`); the API lists everything.
    """
    rows: list[HealthRow] = []
    for source in sources:
        if problems_only and source.health.level == HealthLevel.OK:
            continue
        rows.append(HealthRow(source, None, source.health))
        for region in sorted(source.regions.all(), key=lambda r: (-r.health.severity, r.region)):
            if not problems_only or region.health.level != HealthLevel.OK:
                rows.append(HealthRow(source, region, region.health))
    return rows


def health_changes(*, user, limit: int = 50) -> list[HealthChange]:
    """The tenant's latest announced changes of health, newest first."""
    return list(HealthChange.objects.restrict(user, "source.list")[:limit])

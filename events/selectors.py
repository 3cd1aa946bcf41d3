"""Reads about collected events: search, findings, activity per hour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import TruncHour
from django.utils import timezone

from core.errors import ValidationFailed

from . import query
from .choices import SEVERITY_BANDS, SeverityBand
from .models import LogEvent

SEVERITY_RULE = f"Severity must be one of {', '.join(SeverityBand.values)}."


def event_search(
    *,
    user,
    q: str = "",
    source=None,
    region: str | None = None,
    severity_min: float | None = None,
    severity_band: str | None = None,
    finding_type: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[LogEvent]:
    """The user's tenant's events matching the query and filters, newest first.

    The query syntax is events.query's (wildcards, phrases, AND, literal % and _).
    """
    events = LogEvent.objects.restrict(user, "logs.search").select_related("source")
    terms = query.parse(q)
    events = query.apply(events, terms)
    if source:
        events = events.filter(source=source)
    if region:
        events = events.filter(region=region)
    if severity_min is not None:
        events = events.filter(severity__gte=severity_min)
    if severity_band:
        if severity_band not in SEVERITY_BANDS:
            raise ValidationFailed.one("severity", SEVERITY_RULE)
        low, high = SEVERITY_BANDS[severity_band]
        events = events.filter(severity__gte=low)
        if high is not None:
            events = events.filter(severity__lt=high)
    if finding_type:
        events = events.filter(finding_type=finding_type)
    if since:
        events = events.filter(timestamp__gte=since)
    if until:
        events = events.filter(timestamp__lt=until)
    return query.prefer_newest_first(events.order_by("-timestamp", "-id"), terms)


WAITING_COUNT_LIMIT = 10_000


def events_waiting_for_index(*, user) -> int:
    """How many of the tenant's events the search indexer has not reached yet (counted up to 10,001).

    Search includes them, matched by their raw message, which makes rare terms slower while
    there are many: the Search page says so rather than leave a slow search unexplained.
    """
    return (
        LogEvent.objects.restrict(user, "logs.search")
        .filter(search_text__isnull=True)[: WAITING_COUNT_LIMIT + 1]
        .count()
    )


def event_page(events: QuerySet[LogEvent], *, cursor: str = "", size: int = 50) -> tuple[list[LogEvent], str]:
    """Keyset pagination shared by the Search page and the API: (rows, next cursor or '')."""
    return query.page(events, cursor=cursor, size=size)


def finding_groups(events: QuerySet[LogEvent], *, limit: int = 200) -> list[dict]:
    """Events grouped by finding id: the latest occurrence, how many were collected, first and last time."""
    groups = list(
        events.exclude(finding_id="")
        .order_by()
        .values("finding_id")
        .annotate(occurrences=Count("id"), last_time=Max("timestamp"), latest_id=Max("id"))
        .order_by("-last_time")[:limit]
    )
    latest = LogEvent.objects.in_bulk([g["latest_id"] for g in groups])
    return [{**g, "event": latest.get(g["latest_id"])} for g in groups]


@dataclass
class Activity:
    """Events per hour of one source over a period, ready for a bar chart."""

    hours: list[tuple[datetime, int]]
    total: int
    peak: int


def source_activity(*, source, hours: int) -> Activity:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    start = now - timedelta(hours=hours - 1)
    counts = {
        row["hour"]: row["n"]
        for row in LogEvent.objects.filter(source=source, timestamp__gte=start)
        .annotate(hour=TruncHour("timestamp"))
        .order_by()
        .values("hour")
        .annotate(n=Count("id"))
    }
    series = [(start + timedelta(hours=i), counts.get(start + timedelta(hours=i), 0)) for i in range(hours)]
    return Activity(hours=series, total=sum(n for _, n in series), peak=max((n for _, n in series), default=0))

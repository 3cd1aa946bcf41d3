"""Reads about collected events and findings: search, keyset pages, activity per hour."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncHour
from django.utils import timezone

from core.errors import ValidationFailed
from tenants.selectors import tenant_of

from . import query
from .choices import SEVERITY_BANDS, SeverityBand
from .models import Finding, LogEvent

SEVERITY_RULE = f"Severity must be one of {', '.join(SeverityBand.values)}."


def _tenant_id(user) -> int | None:
    tenant = tenant_of(user)
    return tenant.pk if tenant else None


def event_search(
    *,
    user,
    q: str = "",
    source=None,
    region: str | None = None,
    severity_min: float | None = None,
    severity_band: str | None = None,
    finding_type: str | None = None,
    resource_type: str | None = None,
    resource_id: str | None = None,
    finding_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[LogEvent]:
    """The user's tenant's events matching the query and filters, newest first.

    The query syntax is events.query's (wildcards, phrases, AND, literal % and _).
    """
    events = LogEvent.objects.restrict(user, "logs.search").select_related("source")
    terms = query.parse(q)
    events = query.apply(events, terms, tenant_id=_tenant_id(user))
    events = _narrow(
        events,
        source=source,
        region=region,
        severity_min=severity_min,
        severity_band=severity_band,
        finding_type=finding_type,
        resource_type=resource_type,
        resource_id=resource_id,
        finding_id=finding_id,
    )
    if since:
        events = events.filter(timestamp__gte=since)
    if until:
        events = events.filter(timestamp__lt=until)
    return events.order_by("-timestamp", "-id")


def _narrow(
    rows: QuerySet, *, source, region, severity_min, severity_band, finding_type, resource_type, resource_id, finding_id
):
    """The filters events and findings share, on the columns of the same names."""
    if source:
        rows = rows.filter(source=source)
    if region:
        rows = rows.filter(region=region)
    if severity_min is not None:
        rows = rows.filter(severity__gte=severity_min)
    if severity_band:
        if severity_band not in SEVERITY_BANDS:
            raise ValidationFailed.one("severity", SEVERITY_RULE)
        low, high = SEVERITY_BANDS[severity_band]
        rows = rows.filter(severity__gte=low)
        if high is not None:
            rows = rows.filter(severity__lt=high)
    for column, value in (
        ("finding_type", finding_type),
        ("resource_type", resource_type),
        ("resource_id", resource_id),
        ("finding_id", finding_id),
    ):
        if value:
            rows = rows.filter(**{column: value})
    return rows


def finding_search(
    *,
    user,
    q: str = "",
    source=None,
    region: str | None = None,
    severity_min: float | None = None,
    severity_band: str | None = None,
    finding_type: str | None = None,
    resource_type: str | None = None,
    resource_id: str | None = None,
    finding_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    updated_since: datetime | None = None,
) -> QuerySet[Finding]:
    """The user's tenant's findings (their latest state) matching the filters, last seen first.

    `q` matches the finding as GuardDuty last sent it (its latest occurrence), `region` is
    the finding's own region, `source` the source that collected its latest state, `since`
    and `until` bound its last seen time and `updated_since` its `updatedAt`.
    """
    findings = Finding.objects.restrict(user, "logs.search").select_related("source")
    terms = query.parse(q)
    if terms:
        events = query.apply(LogEvent.objects.restrict(user, "logs.search"), terms, tenant_id=_tenant_id(user))
        findings = findings.filter(latest_event__in=events.values("pk"))
    findings = _narrow(
        findings,
        source=source,
        region=region,
        severity_min=severity_min,
        severity_band=severity_band,
        finding_type=finding_type,
        resource_type=resource_type,
        resource_id=resource_id,
        finding_id=finding_id,
    )
    if since:
        findings = findings.filter(last_seen__gte=since)
    if until:
        findings = findings.filter(last_seen__lt=until)
    if updated_since:
        findings = findings.filter(updated_at__gte=updated_since)
    return findings.order_by(F("last_seen").desc(nulls_last=True), "-id")


def finding_get(*, user, pk) -> Finding:
    """One of the user's tenant's findings; another tenant's, or none, is Finding.DoesNotExist."""
    return Finding.objects.restrict(user, "logs.search").select_related("source", "latest_event").get(pk=pk)


def _finding_cursor(finding: Finding) -> str:
    raw = f"{finding.last_seen.isoformat() if finding.last_seen else ''}|{finding.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def finding_page(findings: QuerySet[Finding], *, cursor: str = "", size: int = 50) -> tuple[list[Finding], str]:
    """Keyset pages of findings, last seen first (those GuardDuty gave no last seen time at the end)."""
    if cursor:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            stamp, pk = raw.rsplit("|", 1)
            moment, pk = (datetime.fromisoformat(stamp) if stamp else None), int(pk)
            if moment is not None and moment.tzinfo is None:
                raise ValueError
        except (ValueError, UnicodeDecodeError):
            raise ValidationFailed.one(
                "cursor", "The page cursor is not valid; start again from the first page."
            ) from None
        if moment is None:
            findings = findings.filter(last_seen__isnull=True, id__lt=pk)
        else:
            findings = findings.filter(
                Q(last_seen__lt=moment) | Q(last_seen=moment, id__lt=pk) | Q(last_seen__isnull=True)
            )
    rows = list(findings[: size + 1])
    if len(rows) > size:
        return rows[:size], _finding_cursor(rows[size - 1])
    return rows, ""


WAITING_COUNT_LIMIT = 10_000


def events_waiting_for_index(*, user) -> int:
    """How many of the tenant's events the search indexer has not reached yet (counted up to 10,001).

    Search matches the most recently stored of them (query.RAW_MATCH_LIMIT) by their raw
    message and the others once the indexer has reached them: the Search page says how many
    wait rather than leave a missing result unexplained.
    """
    return (
        LogEvent.objects.restrict(user, "logs.search")
        .filter(search_text__isnull=True)[: WAITING_COUNT_LIMIT + 1]
        .count()
    )


def event_page(events: QuerySet[LogEvent], *, cursor: str = "", size: int = 50) -> tuple[list[LogEvent], str]:
    """Keyset pagination shared by the Search page and the API: (rows, next cursor or '')."""
    return query.page(events, cursor=cursor, size=size)


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

"""Changes to collection health: a source's thresholds, and announcing each change of level once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.errors import ValidationFailed
from log_sources import extensions
from log_sources.models import LogSource
from notifications.services import notifications_announce
from tenants import audit
from tenants.selectors import require

from .choices import HealthLevel
from .models import HealthChange, SourceHealth
from .rules import Health
from .selectors import apply_health, thresholds_of

logger = logging.getLogger(__name__)

# A year: beyond it a threshold no longer watches anything.
MAX_THRESHOLD_HOURS = 8760
# Sources read at once by the evaluator: one query per reader per batch.
EVALUATE_BATCH = 200


def _whole_hours(errors: dict[str, list[str]], field: str, value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        else:
            errors.setdefault(field, []).append(f"{field} must be a whole number of hours.")
            return None
    if not 1 <= value <= MAX_THRESHOLD_HOURS:
        errors.setdefault(field, []).append(f"{field} must be between 1 and {MAX_THRESHOLD_HOURS} hours.")
        return None
    return value


def health_thresholds_set(*, user, source: LogSource, data: dict) -> SourceHealth:
    """Change when a quiet source turns Warning and Critical (whole hours, Warning before Critical)."""
    require(user, "source.change", source)
    current = thresholds_of([source])[source.pk]
    unknown = sorted(set(data) - {"warning_after_hours", "critical_after_hours"})
    errors: dict[str, list[str]] = {name: [f"{name} is not a health setting."] for name in unknown}
    warning = _whole_hours(errors, "warning_after_hours", data.get("warning_after_hours", current.warning_after_hours))
    critical = _whole_hours(
        errors, "critical_after_hours", data.get("critical_after_hours", current.critical_after_hours)
    )
    if warning is not None and critical is not None and warning >= critical:
        errors.setdefault("critical_after_hours", []).append(
            f"critical_after_hours ({critical}) must be more than warning_after_hours ({warning})."
        )
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        row, _ = SourceHealth.objects.select_for_update().get_or_create(source=source)
        before = (row.warning_after_hours, row.critical_after_hours)
        row.warning_after_hours, row.critical_after_hours = warning, critical
        row.save(update_fields=["warning_after_hours", "critical_after_hours"])
        if before != (warning, critical):
            audit.record(
                "source.health_thresholds",
                actor=user,
                target=source,
                details={
                    "warning_after_hours": [before[0], warning],
                    "critical_after_hours": [before[1], critical],
                },
            )
    return row


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _payload(source: LogSource, previous: str, health: Health) -> dict:
    return {
        "source": {
            "id": source.pk,
            "hostname": source.hostname,
            "aws_account_number": source.aws_account_number,
        },
        "previous": previous,
        "health": health.level,
        "reason": health.reason,
        "since": _iso(health.since),
        "regions": [
            {
                "region": region.region,
                "health": region.health.level,
                "reason": region.health.reason,
                "since": _iso(region.health.since),
            }
            for region in source.regions.all()
            if region.health.level != HealthLevel.OK
        ],
    }


def _announced_rows(sources: list[LogSource]) -> dict[int, SourceHealth]:
    """Each source's SourceHealth row, made (with the defaults) for those that have none."""
    pks = [source.pk for source in sources]
    rows = SourceHealth.objects.in_bulk(pks)
    missing = [SourceHealth(source_id=pk) for pk in pks if pk not in rows]
    if missing:
        SourceHealth.objects.bulk_create(missing, ignore_conflicts=True)
        rows = SourceHealth.objects.in_bulk(pks)
    return rows


def _announce_if_changed(source: LogSource, row: SourceHealth, *, now: datetime) -> HealthChange | None:
    """Record and announce the source's new level if it differs from the one last announced.

    The conditional update makes the change land once even if two evaluators run together:
    only the one whose update found the old level announces.
    """
    health: Health = source.health
    if row.level == health.level:
        if row.reason != health.reason or row.since != health.since:
            SourceHealth.objects.filter(pk=row.pk, level=row.level).update(
                reason=health.reason, since=health.since, evaluated_at=now
            )
        return None
    with transaction.atomic():
        moved = SourceHealth.objects.filter(pk=row.pk, level=row.level).update(
            level=health.level, reason=health.reason, since=health.since, evaluated_at=now
        )
        if not moved:
            return None
        change = HealthChange.objects.create(
            tenant_id=source.tenant_id,
            source=source,
            source_label=source.hostname,
            previous=row.level,
            level=health.level,
            reason=health.reason,
            since=health.since,
            created_at=now,
        )
        words = {
            HealthLevel.OK: "is OK again",
            HealthLevel.WARNING: "needs a look",
            HealthLevel.CRITICAL: "is Critical",
        }
        notifications_announce(
            tenant=source.tenant,
            event=health.level,
            subject=f"[{health.label}] {source.hostname} ({source.aws_account_number}) {words[health.level]}",
            payload=_payload(source, row.level, health),
        )
    return change


def health_evaluate(*, now: datetime | None = None, source_ids: list[int] | None = None) -> list[HealthChange]:
    """Judge every source (or those given) and announce each change of level, once.

    Runs from beat every HEALTH_EVALUATE_SECONDS; `now` lets a caller judge at another moment.
    """
    now = now or timezone.now()
    sources = LogSource.objects.select_related("tenant").order_by("pk")
    if source_ids is not None:
        sources = sources.filter(pk__in=source_ids)
    changes: list[HealthChange] = []
    last_pk = 0
    while True:
        batch = extensions.read_into(sources.filter(pk__gt=last_pk)[:EVALUATE_BATCH])
        if not batch:
            return changes
        last_pk = batch[-1].pk
        # The readers judged at the real time; judge again at the moment asked for.
        apply_health(batch, now=now)
        rows = _announced_rows(batch)
        for source in batch:
            change = _announce_if_changed(source, rows[source.pk], now=now)
            if change is not None:
                logger.info("health of %s: %s -> %s", source.hostname, change.previous, change.level)
                changes.append(change)


def health_changes_purge(*, now=None) -> int:
    """Remove the record of health changes older than HEALTH_CHANGE_RETENTION_DAYS.

    The level each source was last announced at lives in SourceHealth, not here, so purging
    never announces a change again.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.HEALTH_CHANGE_RETENTION_DAYS)
    return HealthChange.objects.filter(created_at__lt=cutoff).delete()[0]

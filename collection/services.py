"""State changes of the pull engine: pull units, dispatch and the pulls themselves.

The pull loop lives in collection.pulls; `log_events_pull` is its public name.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from log_sources.models import LogSource, SourceRegion
from tenants import audit
from tenants.selectors import require

from . import pulls, tasks
from .models import PullUnit
from .pulls import PullResult, log_events_pull

logger = logging.getLogger(__name__)

__all__ = [
    "PullResult",
    "log_events_dispatch_due",
    "log_events_pull",
    "log_source_pull_now",
    "pull_units_create",
    "pull_units_receive_credentials",
    "pull_units_receive_regions",
]


def pull_units_create(*, regions: list[SourceRegion]) -> list[PullUnit]:
    """One pull unit per new region, due at once: a manually deployed template is collected right away."""
    now = timezone.now()
    return PullUnit.objects.bulk_create(
        [PullUnit(source_region=region, next_pull_at=now, due_at=now) for region in regions], ignore_conflicts=True
    )


def pull_units_receive_regions(sender, *, source: LogSource, regions: list[SourceRegion], **kwargs) -> None:
    """log_sources' `source_regions_added`: the new regions get their pull units in the same transaction."""
    pull_units_create(regions=regions)


def pull_units_receive_credentials(sender, *, source: LogSource, **kwargs) -> None:
    """log_sources' `source_credentials_changed`: every region is due at once, from its own checkpoint
    (a region backing off after failures on the old credentials need not wait)."""
    now = timezone.now()
    PullUnit.objects.filter(source_region__source=source).update(next_pull_at=now, consecutive_failures=0)


def log_source_pull_now(*, user, source: LogSource) -> None:
    """Make every region of `source` due now and queue their pulls on the source's relay."""
    require(user, "source.pull", source)
    units = PullUnit.objects.filter(source_region__source=source)
    with transaction.atomic():
        units.update(next_pull_at=timezone.now())
        audit.record("source.pull_now", actor=user, target=source, details={"regions": source.region_codes})
        transaction.on_commit(lambda: _dispatch(units))


def log_events_dispatch_due() -> int:
    """Queue a pull for every due unit onto its endpoint's queue (beat runs this every few seconds)."""
    return _dispatch(PullUnit.objects.all())


def _dispatch(units: QuerySet[PullUnit]) -> int:
    queued = 0
    for unit_id, queue, interval in pulls.due_units(units):
        # Claiming first means beat ticks and "Pull now" never queue the same unit twice.
        if pulls.claim_for_dispatch(unit_id, interval=interval or settings.RELAY_PULL_INTERVAL_SECONDS):
            try:
                tasks.queue_pull(unit_id, queue)
            except tasks.BROKER_ERRORS as exc:
                # The broker is down: leave this unit (and the rest) due, for the first tick after it is back.
                pulls.unclaim(unit_id)
                logger.warning("pulls not queued: the broker is unreachable (%s)", exc)
                break
            queued += 1
    return queued

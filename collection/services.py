"""State changes of the pull engine: pull units, dispatch and the pulls themselves.

The pull loop lives in collection.pulls; `log_events_pull` is its public name.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import Conflict
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
    """log_sources' `source_credentials_changed` and `source_resumed`: every region is due at once, from
    its own checkpoint (a region backing off after failures on the old credentials need not wait, and
    what arrived while a source was paused is collected now)."""
    now = timezone.now()
    PullUnit.objects.filter(source_region__source=source).update(next_pull_at=now, consecutive_failures=0)


def log_source_pull_now(*, user, source: LogSource) -> None:
    """Make every region of `source` due now and queue their pulls on the source's relay."""
    require(user, "source.pull", source)
    if source.paused:
        raise Conflict(f"This source is paused, so it is not pulled: {source.paused_reason}")
    units = PullUnit.objects.filter(source_region__source=source)
    with transaction.atomic():
        units.update(next_pull_at=timezone.now())
        audit.record("source.pull_now", actor=user, target=source, details={"regions": source.region_codes})
        transaction.on_commit(lambda: _dispatch(units))


def log_events_dispatch_due() -> int:
    """Queue a pull for every due unit onto its endpoint's queue (beat runs this every few seconds)."""
    return _dispatch(PullUnit.objects.all())


def _dispatch(units: QuerySet[PullUnit]) -> int:
    """Claim, then queue, the due units among `units`, batch after batch until none is left.

    Claiming first means beat ticks and "Pull now" never queue the same unit twice; a unit
    that could not be queued (the broker is down) is made due again, so nothing is lost.
    """
    now = timezone.now()
    default_interval = settings.RELAY_PULL_INTERVAL_SECONDS
    queued = 0
    while True:
        # A claimed unit's next pull is at least a second after `now`, so it is not found
        # again: the loop ends once fewer than a batch are due.
        due = pulls.due_units(units, now=now, limit=pulls.DISPATCH_BATCH)
        claimed = pulls.claim_many_for_dispatch(
            [(unit_id, max(interval or default_interval, 1)) for unit_id, _, interval in due], now=now
        )
        batch = [(unit_id, queue) for unit_id, queue, _ in due if unit_id in claimed]
        sent, failure = tasks.queue_pulls(batch)
        queued += sent
        if failure is not None:
            # Leave this unit and the rest due, for the first tick after the broker is back.
            pulls.unclaim_many([unit_id for unit_id, _ in batch[sent:]])
            logger.warning("%s pulls not queued: the broker is unreachable (%s)", len(batch) - sent, failure)
            break
        if len(due) < pulls.DISPATCH_BATCH:
            break
    return queued

"""The canary's stopwatch: how long a sample finding took from GuardDuty to the event store and to Search.

"Send a sample finding" (deployments) asks GuardDuty for one sample of a known type in one
region. Here the collected events are watched for it: the first event of that source and
region, of that type, marked `service.additionalInfo.sample`, ingested at or after the request.
Its `ingested_at` is when it was stored; once the search indexer has built its search text,
the time it was seen so is when it became searchable. deployments owns the SampleFinding rows,
so every change goes through its service.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from django.utils import timezone

from deployments import selectors as deployment_selectors
from deployments import services as deployment_services
from deployments.choices import SAMPLE_PENDING_STATUSES
from events.models import LogEvent

FOLLOW_AGAIN_SECONDS = 15
CLOCK_SKEW = timedelta(minutes=5)


def _is_sample(message: str) -> bool:
    try:
        envelope = json.loads(message)
    except ValueError:
        return False
    if not isinstance(envelope, dict):
        return False
    detail = envelope.get("detail") if isinstance(envelope.get("detail"), dict) else envelope
    info = ((detail.get("service") or {}).get("additionalInfo") or {}) if isinstance(detail, dict) else {}
    return isinstance(info, dict) and info.get("sample") in (True, "true")


def _collected(run) -> LogEvent | None:
    """The event that is the sample `run` asked for, if it has been collected."""
    source_region = run.source_region
    candidates = LogEvent.objects.filter(
        source_id=source_region.source_id,
        region=source_region.region,
        finding_type=run.finding_type,
        # CloudWatch received the sample after it was asked for (give or take clock skew):
        # bounds the read to the newest events through the (source, region, timestamp) index.
        timestamp__gte=run.requested_at - CLOCK_SKEW,
        ingested_at__gte=run.requested_at,
    ).order_by("ingested_at", "id")
    for event in candidates.only("id", "event_id", "ingested_at", "message", "search_text")[:20]:
        if _is_sample(event.message):
            return event
    return None


def sample_findings_follow(*, now: datetime | None = None) -> int:
    """One pass over the pending samples; returns how many are still pending after it."""
    now = now or timezone.now()
    pending = 0
    for run in deployment_selectors.sample_findings_pending():
        event = _collected(run)
        if event is None:
            run = deployment_services.sample_finding_record(run, now=now)
        else:
            run = deployment_services.sample_finding_record(
                run,
                stored_at=event.ingested_at,
                # Seen indexed on this pass: the delay is measured to the follower's tick.
                searchable_at=now if event.search_text is not None else None,
                event_id=event.event_id,
                now=now,
            )
        pending += run.status in SAMPLE_PENDING_STATUSES
    return pending

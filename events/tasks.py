"""Background work on collected events."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="events.purge_expired", ignore_result=True)
def purge_expired() -> dict[str, int]:
    """Beat: delete every tenant's events older than its retention setting."""
    from .services import log_events_purge_expired

    return log_events_purge_expired()

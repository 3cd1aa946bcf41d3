"""Background work of notifications: sending each delivery, retried with backoff."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="notifications.deliver", ignore_result=True, acks_late=True)
def deliver(self, delivery_id: int) -> None:
    """One attempt at a delivery; a transient failure queues the next attempt with its countdown."""
    from .services import delivery_attempt

    delay = delivery_attempt(delivery_id=delivery_id)
    if delay is not None:
        # A new message with a countdown rather than self.retry(): the number of attempts is
        # kept on the delivery row, which survives worker restarts and duplicate messages.
        deliver.apply_async(args=[delivery_id], countdown=delay)


@shared_task(name="notifications.purge_deliveries", ignore_result=True)
def purge_deliveries() -> int:
    """Beat, daily: finished deliveries older than NOTIFICATION_RETENTION_DAYS leave the tables."""
    from .services import deliveries_purge

    return deliveries_purge()


@shared_task(name="notifications.requeue_stale", ignore_result=True)
def requeue_stale() -> int:
    """Beat: queue again the deliveries whose message was lost."""
    from .services import deliveries_requeue_stale

    return deliveries_requeue_stale()

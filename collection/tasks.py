"""Background work of the pull engine: beat's dispatcher and the pulls on the relay workers."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

logger = logging.getLogger(__name__)

# What sending a message raises when the broker cannot be reached (after kombu's own retries).
BROKER_ERRORS = (BrokerOperationalError, ConnectionError)


def queue_pull(unit_id: int, queue: str) -> None:
    """Send one unit's pull to the relay workers of its endpoint."""
    pull_unit.apply_async(args=[unit_id], queue=queue)


@shared_task(name="collection.dispatch_due_pulls", ignore_result=True)
def dispatch_due_pulls() -> int:
    """Beat, every few seconds: queue the due pull units onto their endpoints' queues."""
    from .services import log_events_dispatch_due

    try:
        return log_events_dispatch_due()
    except (OperationalError, InterfaceError) as exc:
        # The database is restarting: the due units are still due at the next tick.
        logger.warning("no pulls dispatched: the database is unreachable (%s)", exc)
        return 0


@shared_task(bind=True, name="collection.pull_unit", ignore_result=True, acks_late=True)
def pull_unit(self, unit_id: int) -> str:
    """Pull one (source, region) unit; runs on a relay worker of the source's endpoint."""
    from events.tasks import queue_search_indexing

    from .services import log_events_pull

    result = log_events_pull(unit_id=unit_id, worker=self.request.hostname or "worker")
    if result.stored:
        # The new events are searchable already (by their raw message); the search indexer
        # runs on this relay's queue, so relays scaled out for ingest also index.
        try:
            queue_search_indexing((self.request.delivery_info or {}).get("routing_key"))
        except BROKER_ERRORS as exc:
            # Beat's periodic indexing run picks these events up once the broker is back.
            logger.warning("search indexing not queued: the broker is unreachable (%s)", exc)
    return str(result)

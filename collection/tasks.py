"""Background work of the pull engine: beat's dispatcher and the pulls on the relay workers."""

from __future__ import annotations

import logging

from celery import current_app, shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import BatchPublishError
from kombu.exceptions import OperationalError as BrokerOperationalError

logger = logging.getLogger(__name__)

# What sending a message raises when the broker cannot be reached (after kombu's own retries).
BROKER_ERRORS = (BrokerOperationalError, BatchPublishError, ConnectionError)
# Pull messages sent to the broker in one round trip, where the transport allows it.
PUBLISH_CHUNK = 500


def queue_pull(unit_id: int, queue: str) -> None:
    """Send one unit's pull to the relay workers of its endpoint."""
    pull_unit.apply_async(args=[unit_id], queue=queue)


def queue_pulls(units: list[tuple[int, str]]) -> tuple[int, Exception | None]:
    """Send many units' pulls, in order, each to its endpoint's queue; returns (how many surely
    went, the broker's error or None).

    One producer (and its connection) serves the whole list, and where the transport can
    (Redis: kombu's Producer.batch, a pipeline) PUBLISH_CHUNK messages go in one round trip.
    After a broker error, the units from the returned count on may not have been sent; a
    chunk whose round trip failed may have been sent in part (as a single message that fails
    may have been), which a pull's lease makes harmless.
    """
    sent = 0
    try:
        with current_app.producer_or_acquire() as producer:
            chunked = producer.supports_batch_publish
            # Twice the chunk, so that kombu never flushes by itself between ours.
            with producer.batch(max_size=2 * PUBLISH_CHUNK) as batch:
                for n, (unit_id, queue) in enumerate(units, 1):
                    pull_unit.apply_async(args=[unit_id], queue=queue, producer=producer)
                    if not chunked:
                        sent = n  # published at once
                    elif n % PUBLISH_CHUNK == 0:
                        batch.flush()
                        sent = n
        sent = len(units)  # the batch's exit flushed the rest
    except BROKER_ERRORS as exc:
        return sent, exc
    return sent, None


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

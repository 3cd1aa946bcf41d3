"""Background work of the pull engine: beat's dispatcher and the pulls on the relay workers."""

from __future__ import annotations

from celery import shared_task


def queue_pull(unit_id: int, queue: str) -> None:
    """Send one unit's pull to the relay workers of its endpoint."""
    pull_unit.apply_async(args=[unit_id], queue=queue)


@shared_task(name="collection.dispatch_due_pulls", ignore_result=True)
def dispatch_due_pulls() -> int:
    """Beat, every few seconds: queue the due pull units onto their endpoints' queues."""
    from .services import log_events_dispatch_due

    return log_events_dispatch_due()


@shared_task(bind=True, name="collection.pull_unit", ignore_result=True, acks_late=True)
def pull_unit(self, unit_id: int) -> str:
    """Pull one (source, region) unit; runs on a relay worker of the source's endpoint."""
    from events.tasks import queue_search_indexing

    from .services import log_events_pull

    result = log_events_pull(unit_id=unit_id, worker=self.request.hostname or "worker")
    if result.stored:
        # The new events are searchable already (by their raw message); the search indexer
        # runs on this relay's queue, so relays scaled out for ingest also index.
        queue_search_indexing((self.request.delivery_info or {}).get("routing_key"))
    return str(result)

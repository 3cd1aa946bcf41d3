"""Background work of the log relay: beat's dispatcher, the pulls and the relay heartbeat."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from relay.models import Endpoint


def queue_pull(unit_id: int, queue: str) -> None:
    """Send one unit's pull to the relay workers of its endpoint."""
    pull_unit.apply_async(args=[unit_id], queue=queue)


@shared_task(name="relay.dispatch_due_pulls", ignore_result=True)
def dispatch_due_pulls() -> int:
    """Beat, every few seconds: queue the due pull units onto their endpoints' queues."""
    from .services import log_events_dispatch_due

    return log_events_dispatch_due()


@shared_task(bind=True, name="relay.pull_unit", ignore_result=True, acks_late=True)
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


# The heartbeat is a message on each endpoint's own queue rather than a timer inside the
# worker process: a worker that is alive but not consuming that queue (wrong --queues, stuck
# on a pull, broker unreachable) must not look online. Only a worker that actually takes a
# message off the queue can record it. The message expires, so an offline relay does not
# come back to a backlog of stale heartbeats.
@shared_task(name="relay.heartbeat_endpoints", ignore_result=True)
def heartbeat_endpoints() -> int:
    """Beat: send one heartbeat message to every endpoint's queue."""
    queues = list(Endpoint.objects.values_list("queue", flat=True))
    for queue in queues:
        heartbeat.apply_async(args=[queue], queue=queue, expires=2 * settings.RELAY_HEARTBEAT_SECONDS)
    return len(queues)


@shared_task(bind=True, name="relay.heartbeat", ignore_result=True)
def heartbeat(self, queue: str) -> int:
    """Runs on a relay worker: record that `queue` is being consumed."""
    from .services import endpoint_heartbeat

    return endpoint_heartbeat(queue=queue, worker=self.request.hostname or "worker")

"""Background work of the log relays: the heartbeat that tells the portal a relay is online."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from relay.models import Endpoint


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

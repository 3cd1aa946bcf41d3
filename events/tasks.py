"""Background work on collected events: the search indexer, the retention purge and the vocabulary's upkeep."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

# A backlog is worked off in slices of this long, so a relay worker goes back to its pulls
# in between; each slice queues the next one onto the same queue.
INDEX_SLICE_SECONDS = 20.0


def queue_search_indexing(queue: str | None = None) -> None:
    """Ask a worker of `queue` (default: the portal's own queue) to index the waiting events."""
    index_search_text.apply_async(queue=queue or settings.CELERY_TASK_DEFAULT_QUEUE)


@shared_task(bind=True, name="events.index_search_text", ignore_result=True)
def index_search_text(self) -> int:
    """Build the search text of the events waiting for it; queue itself again while more wait.

    Queued after every pull that stored events (on that relay's queue) and by beat as a
    safety net. Several running at once share the backlog (SKIP LOCKED).
    """
    from .services import log_events_index_all

    indexed, more = log_events_index_all(max_seconds=INDEX_SLICE_SECONDS)
    if more:
        queue_search_indexing((self.request.delivery_info or {}).get("routing_key"))
    return indexed


@shared_task(name="events.purge_expired", ignore_result=True)
def purge_expired() -> dict[str, int]:
    """Beat: delete every tenant's events older than its retention setting."""
    from .services import log_events_purge_expired

    return log_events_purge_expired()


@shared_task(name="events.rebuild_search_words", ignore_result=True)
def rebuild_search_words() -> dict[str, list[int]]:
    """Beat (weekly): every tenant's vocabulary of search words made again, without the words of purged events."""
    from tenants.models import Tenant

    from .services import search_words_rebuild

    return {tenant.name: list(search_words_rebuild(tenant=tenant)) for tenant in Tenant.objects.order_by("name")}

"""State changes for log relay endpoints."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from core.errors import Conflict, ValidationFailed
from log_sources import validation
from tenants.selectors import require, tenant_of

from .models import Endpoint


def _queue_name(tenant_id: int, hostname: str) -> str:
    base = f"relay.t{tenant_id}.{slugify(hostname.replace('.', '-'))[:150]}"
    queue, n = base, 2
    while Endpoint.objects.filter(queue=queue).exists():
        queue, n = f"{base}-{n}", n + 1
    return queue


@transaction.atomic
def endpoint_create(*, user, name: str, hostname: str) -> Endpoint:
    """Register a log relay; its queue name is derived from the hostname and unique."""
    require(user, "endpoint.add")
    tenant = tenant_of(user)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = ["Name is required."]
    elif len(name) > 100:
        errors["name"] = ["Name must be at most 100 characters."]
    elif Endpoint.objects.filter(tenant=tenant, name=name).exists():
        errors["name"] = [f"An endpoint named '{name}' already exists."]
    try:
        hostname = validation.hostname(hostname)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            return Endpoint.objects.create(
                tenant=tenant, name=name, hostname=hostname, queue=_queue_name(tenant.pk, hostname), created_by=user
            )
    except IntegrityError:
        raise ValidationFailed.one("name", f"An endpoint named '{name}' already exists.") from None


def endpoint_delete(*, user, endpoint: Endpoint) -> None:
    """Delete a relay, refused while a log source still uses it (naming which)."""
    require(user, "endpoint.delete")
    in_use = list(endpoint.log_sources.values_list("hostname", flat=True)[:5])
    if in_use:
        count = endpoint.log_sources.count()
        more = f" and {count - len(in_use)} more" if count > len(in_use) else ""
        raise Conflict(
            f"The endpoint '{endpoint.name}' is used by {', '.join(in_use)}{more}; "
            "move or delete those log sources first."
        )
    endpoint.delete()


def endpoint_heartbeat(*, queue: str, worker: str) -> int:
    """Record that a worker consuming `queue` is alive; returns how many endpoints matched."""
    return Endpoint.objects.filter(queue=queue).update(last_seen_at=timezone.now(), last_seen_worker=worker[:255])


# --- Pulls (the pull loop itself lives in relay.pulls).

from .pulls import PullResult, log_events_pull  # noqa: E402, F401  (the services' public names)


def log_source_pull_now(*, user, source) -> None:
    """Make every region of `source` due now and queue their pulls on the source's relay."""
    from log_sources.models import SourceRegion

    require(user, "source.pull")
    with transaction.atomic():
        SourceRegion.objects.filter(source=source).update(next_pull_at=timezone.now())
        transaction.on_commit(lambda: _dispatch(SourceRegion.objects.filter(source=source)))


def _dispatch(units) -> int:
    from django.conf import settings

    from . import pulls, tasks

    queued = 0
    for unit_id, queue, interval in pulls.due_units(units):
        # Claiming first means beat ticks and "Pull now" never queue the same unit twice.
        if pulls.claim_for_dispatch(unit_id, interval=interval or settings.RELAY_PULL_INTERVAL_SECONDS):
            tasks.queue_pull(unit_id, queue)
            queued += 1
    return queued


def log_events_dispatch_due() -> int:
    """Queue a pull for every due unit onto its endpoint's queue (beat runs this every few seconds)."""
    from log_sources.models import SourceRegion

    return _dispatch(SourceRegion.objects.all())

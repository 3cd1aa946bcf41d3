"""State changes for log relay endpoints."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from core import validation
from core.errors import Conflict, ValidationFailed
from tenants import audit
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
    elif existing := Endpoint.objects.filter(tenant=tenant, name__iexact=name).first():
        # Names that differ only by case would look the same in every drop-down.
        errors["name"] = [f"An endpoint named '{existing.name}' already exists."]
    try:
        hostname = validation.hostname(hostname)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            endpoint = Endpoint.objects.create(
                tenant=tenant, name=name, hostname=hostname, queue=_queue_name(tenant.pk, hostname), created_by=user
            )
    except IntegrityError:
        raise ValidationFailed.one("name", f"An endpoint named '{name}' already exists.") from None
    audit.record("endpoint.create", actor=user, target=endpoint, details={"name": name, "hostname": hostname})
    return endpoint


def endpoint_delete(*, user, endpoint: Endpoint) -> None:
    """Delete a relay, refused while anything still uses it (naming what: the log sources that point at it)."""
    require(user, "endpoint.delete", endpoint)
    try:
        with transaction.atomic():
            audit.record(
                "endpoint.delete",
                actor=user,
                target=endpoint,
                details={"name": endpoint.name, "hostname": endpoint.hostname},
            )
            endpoint.delete()
    except ProtectedError as exc:
        # Whatever points at an endpoint protects it; relay need not know what those are.
        users = sorted(str(obj) for obj in exc.protected_objects)
        shown = users[:5]
        more = f" and {len(users) - len(shown)} more" if len(users) > len(shown) else ""
        raise Conflict(
            f"The endpoint '{endpoint.name}' is used by {', '.join(shown)}{more}; "
            "move or delete those log sources first."
        ) from None


def endpoint_heartbeat(*, queue: str, worker: str) -> int:
    """Record that a worker consuming `queue` is alive; returns how many endpoints matched."""
    return Endpoint.objects.filter(queue=queue).update(last_seen_at=timezone.now(), last_seen_worker=worker[:255])

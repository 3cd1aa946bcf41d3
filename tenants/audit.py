"""The audit trail: who did what, when, from where.

Services call `record()` after the change they audit, inside the same transaction where they
have one, so a change and its record land together or not at all. The request's source
address and user come from `AuditContextMiddleware`; work done by workers and commands has
neither, and records the portal itself (actor None) unless a service names the actor.
"""

from __future__ import annotations

import contextvars
import json
from contextlib import contextmanager
from datetime import timedelta
from ipaddress import ip_address

from django.conf import settings
from django.utils import timezone

from .models import AuditEvent
from .selectors import tenant_of

_request_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_request_ip", default=None)

# What a details object may hold: small, flat values. Longer text is cut so a record stays small.
MAX_DETAIL_TEXT = 200
MAX_DETAIL_ITEMS = 50


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the address PORTAL_NUM_PROXIES proxies saw.

    With no proxy configured, X-Forwarded-For is ignored, so a client cannot choose the address
    its failures and actions are recorded (and locked out) under.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PORTAL_NUM_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            address = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ip_address(address))
    except ValueError:
        return None


@contextmanager
def request_context(request):
    token = _request_ip.set(client_ip(request))
    try:
        yield
    finally:
        _request_ip.reset(token)


class AuditContextMiddleware:
    """Makes the request's source address available to `record()` without passing it down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request):
            return self.get_response(request)


def _small(value, depth: int = 0):
    if isinstance(value, str):
        return value[:MAX_DETAIL_TEXT]
    if isinstance(value, bool | int | float) or value is None:
        return value
    if depth >= 3:
        return str(value)[:MAX_DETAIL_TEXT]
    if isinstance(value, dict):
        return {str(k)[:64]: _small(v, depth + 1) for k, v in list(value.items())[:MAX_DETAIL_ITEMS]}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_small(v, depth + 1) for v in list(items)[:MAX_DETAIL_ITEMS]]
    return str(value)[:MAX_DETAIL_TEXT]


def record(
    action: str,
    *,
    actor=None,
    tenant=None,
    target=None,
    target_type: str = "",
    target_id: str | int = "",
    details: dict | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one audit event.

    `target` (a model instance) fills `target_type` (its model name) and `target_id` (its pk),
    and `tenant` when it has one. `details` names what changed; never pass a secret value.
    """
    if target is not None:
        target_type = target_type or target._meta.model_name
        target_id = target_id or target.pk
        if tenant is None:
            tenant = getattr(target, "tenant", None)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if tenant is None and authenticated:
        tenant = tenant_of(actor)
    return AuditEvent.objects.create(
        tenant=tenant,
        actor=actor if authenticated and actor.pk else None,
        actor_username=actor.get_username() if authenticated else "",
        action=action,
        target_type=target_type,
        target_id="" if target_id is None else str(target_id),
        ip=ip or _request_ip.get(),
        details=_small(details or {}),
    )


def details_text(event: AuditEvent) -> str:
    return json.dumps(event.details, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def audit_events_purge(*, now=None) -> int:
    """Remove audit events older than AUDIT_RETENTION_DAYS; the only way rows leave the table."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    return AuditEvent.objects.all()._purge_before(cutoff)

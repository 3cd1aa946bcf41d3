"""State changes for notification channels and their deliveries.

Health alerts call `notifications_announce`; people create, change, test and delete channels
through the pages and the API, which call the `channel_*` functions here.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import ValidationFailed
from tenants import audit
from tenants.selectors import require, tenant_of

from . import transport
from .choices import TEST_EVENT, ChannelKind, DeliveryStatus, Event
from .models import Delivery, DeliveryAttempt, NotificationChannel, split_addresses
from .throttles import refuse_if_too_many_tests

logger = logging.getLogger(__name__)

MAX_RECIPIENTS = 10
MAX_TARGET = 2000
MAX_SUBJECT = 300
MAX_RETRY_DELAY_SECONDS = 3600
KINDS = [kind.value for kind in ChannelKind]
EVENTS = [event.value for event in Event]


# --- Input rules ----------------------------------------------------------------------------


def _text(errors: dict, field: str, value: Any, label: str, *, max_length: int) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = [f"{label} must be text."]
        return ""
    value = value.strip()
    if not value:
        errors[field] = [f"{label} is required."]
    elif len(value) > max_length:
        errors[field] = [f"{label} must be at most {max_length} characters."]
    return value


def _kind(errors: dict, value: Any) -> str:
    if value in KINDS:
        return value
    errors["kind"] = [f"kind must be one of {', '.join(KINDS)}."]
    return ""


def _events(errors: dict, value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        errors["events"] = [f"events must be a list of event names ({', '.join(EVENTS)})."]
        return []
    unknown = sorted({v for v in value if v not in EVENTS})
    if unknown:
        shown = ", ".join(repr(v[:40]) for v in unknown[:5])
        errors["events"] = [f"events may hold only {', '.join(EVENTS)}; {shown} is not an event."]
        return []
    if not value:
        errors["events"] = ["events must name at least one event: " + ", ".join(EVENTS) + "."]
        return []
    return [event for event in EVENTS if event in value]  # one order, no duplicates


def _enabled(errors: dict, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    errors["enabled"] = ["enabled must be true or false."]
    return False


def _email_target(errors: dict, value: str) -> str:
    addresses = split_addresses(value)
    if not addresses:
        errors["target"] = ["target must be an email address (or several, separated by commas)."]
        return value
    if len(addresses) > MAX_RECIPIENTS:
        errors["target"] = [f"target may hold at most {MAX_RECIPIENTS} email addresses."]
        return value
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            errors["target"] = [f"target: '{address[:100]}' is not a valid email address."]
            return value
    return ", ".join(dict.fromkeys(addresses))


def _webhook_target(errors: dict, value: str) -> str:
    """The URL's shape; where its name points is checked again at every send, after resolving it."""
    allow_private = transport.allow_private()
    try:
        parts = urlsplit(value)
        port = parts.port
        host = parts.hostname or ""
    except ValueError:
        errors["target"] = ["target must be a URL such as https://hooks.example.com/portal."]
        return value
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        errors["target"] = ["target must be an https:// URL; other schemes (http:// included) are refused."]
    elif not host:
        errors["target"] = ["target must name a host, as in https://hooks.example.com/portal."]
    elif parts.username is not None or parts.password is not None:
        errors["target"] = ["target must not carry a user name or password; authenticate with the signature."]
    elif parts.fragment:
        errors["target"] = ["target must not have a #fragment."]
    elif any(c.isspace() or ord(c) < 32 for c in value):
        errors["target"] = ["target must not contain spaces or control characters."]
    elif port == 0:
        errors["target"] = ["target's port must be between 1 and 65535."]
    elif not allow_private:
        reason = _private_host(host)
        if reason:
            errors["target"] = [f"target must be a public address; {host} is {reason}."]
    return value


def _private_host(host: str) -> str | None:
    lowered = host.lower().rstrip(".")
    if lowered == "localhost" or lowered.endswith(".localhost"):
        return "a loopback address"
    try:
        ipaddress.ip_address(lowered.split("%", 1)[0])
    except ValueError:
        return None  # a name: checked after resolution at every send
    return transport.private_reason(lowered)


def _target(errors: dict, kind: str, value: Any) -> str:
    target = _text(errors, "target", value, "target", max_length=MAX_TARGET)
    if "target" in errors:
        return target
    if kind == ChannelKind.EMAIL:
        return _email_target(errors, target)
    if kind == ChannelKind.WEBHOOK:
        return _webhook_target(errors, target)
    return target


def _unique_name(errors: dict, tenant, name: str, *, exclude: int | None = None) -> None:
    if "name" in errors:
        return
    clash = NotificationChannel.objects.filter(tenant=tenant, name__iexact=name).exclude(pk=exclude).first()
    if clash:
        errors["name"] = [f"A notification channel named '{clash.name}' already exists."]


def _public(channel: NotificationChannel) -> dict:
    """What the audit trail keeps about a channel: never its secret."""
    return {
        "name": channel.name,
        "kind": channel.kind,
        "target": channel.target,
        "events": list(channel.events),
        "enabled": channel.enabled,
    }


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


# --- Channels -------------------------------------------------------------------------------


@dataclass
class Created:
    channel: NotificationChannel
    secret: str  # the webhook's signing secret, shown this once ("" for email)


def channel_create(*, user, kind: Any, name: Any, target: Any, events: Any = None, enabled: Any = True) -> Created:
    """Add a channel; a webhook gets a signing secret generated here and returned this once."""
    require(user, "notifications.manage")
    tenant = tenant_of(user)
    errors: dict[str, list[str]] = {}
    kind = _kind(errors, kind)
    name = _text(errors, "name", name, "Name", max_length=100)
    _unique_name(errors, tenant, name)
    target = _target(errors, kind, target)
    events = _events(errors, list(EVENTS) if events is None else events)
    enabled = _enabled(errors, enabled)
    if errors:
        raise ValidationFailed(errors)
    secret = _new_secret() if kind == ChannelKind.WEBHOOK else ""
    try:
        with transaction.atomic():
            channel = NotificationChannel.objects.create(
                tenant=tenant,
                kind=kind,
                name=name,
                target=target,
                events=events,
                enabled=enabled,
                secret=secret,
                created_by=user,
            )
            audit.record("notification_channel.create", actor=user, target=channel, details=_public(channel))
    except IntegrityError:
        raise ValidationFailed.one("name", f"A notification channel named '{name}' already exists.") from None
    return Created(channel=channel, secret=secret)


UPDATABLE = ("name", "target", "events", "enabled")


def channel_update(*, user, channel: NotificationChannel, changes: dict[str, Any]) -> NotificationChannel:
    """Change a channel's name, target, events or enabled; its kind and secret stay."""
    require(user, "notifications.manage", channel)
    errors: dict[str, list[str]] = {}
    if "kind" in changes and changes["kind"] != channel.kind:
        errors["kind"] = ["kind cannot be changed; delete the channel and add a new one."]
    unknown = sorted(set(changes) - {*UPDATABLE, "kind"})
    if unknown:
        errors[str(unknown[0])[:64]] = [f"Only {', '.join(UPDATABLE)} can be changed."]
    values: dict[str, Any] = {}
    if "name" in changes:
        values["name"] = _text(errors, "name", changes["name"], "Name", max_length=100)
        _unique_name(errors, channel.tenant, values["name"], exclude=channel.pk)
    if "target" in changes:
        values["target"] = _target(errors, channel.kind, changes["target"])
    if "events" in changes:
        values["events"] = _events(errors, changes["events"])
    if "enabled" in changes:
        values["enabled"] = _enabled(errors, changes["enabled"])
    if errors:
        raise ValidationFailed(errors)
    before = _public(channel)
    for field, value in values.items():
        setattr(channel, field, value)
    try:
        with transaction.atomic():
            channel.save()
            after = _public(channel)
            changed = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
            audit.record(
                "notification_channel.update", actor=user, target=channel, details={"name": channel.name, **changed}
            )
    except IntegrityError:
        raise ValidationFailed.one("name", f"A notification channel named '{channel.name}' already exists.") from None
    return channel


def channel_delete(*, user, channel: NotificationChannel) -> None:
    """Delete a channel and its delivery history."""
    require(user, "notifications.manage", channel)
    with transaction.atomic():
        audit.record("notification_channel.delete", actor=user, target=channel, details=_public(channel))
        channel.delete()


def channel_rotate_secret(*, user, channel: NotificationChannel) -> str:
    """A new signing secret for a webhook, returned this once; the old one stops verifying at once."""
    require(user, "notifications.manage", channel)
    if channel.kind != ChannelKind.WEBHOOK:
        raise ValidationFailed.one("kind", "Only webhook channels have a signing secret to rotate.")
    secret = _new_secret()
    with transaction.atomic():
        channel.secret = secret
        channel.save(update_fields=["secret", "updated_at"])
        audit.record("notification_channel.rotate_secret", actor=user, target=channel, details={"name": channel.name})
    return secret


def channel_test(*, user, channel: NotificationChannel) -> Delivery:
    """Send a test message through the channel now (queued at once, retried like any delivery).

    So many per address and hour only (notifications.throttles): RateLimited beyond that.
    """
    require(user, "notifications.manage", channel)
    refuse_if_too_many_tests(channel)
    with transaction.atomic():
        delivery = _delivery_create(
            channel=channel,
            event=TEST_EVENT,
            subject=f"Test notification for channel '{channel.name}'",
            payload={"message": "This is a test notification from the GuardDuty External Sources portal."},
        )
        audit.record(
            "notification_channel.test",
            actor=user,
            target=channel,
            details={"name": channel.name, "delivery": delivery.pk},
        )
    return delivery


# --- Deliveries -----------------------------------------------------------------------------


def _queue(delivery_id: int, *, countdown: float | None = None) -> None:
    from .tasks import deliver

    try:
        deliver.apply_async(args=[delivery_id], countdown=countdown)
    except Exception as exc:  # the broker is down: the delivery stays pending and shows so
        logger.warning("notification delivery %s not queued: the broker is unreachable (%s)", delivery_id, exc)


def _delivery_create(*, channel: NotificationChannel, event: str, subject: str, payload: dict) -> Delivery:
    delivery = Delivery.objects.create(
        tenant_id=channel.tenant_id, channel=channel, event=event, subject=subject[:MAX_SUBJECT], payload=payload
    )
    # Nothing is sent for a change that is rolled back.
    transaction.on_commit(lambda: _queue(delivery.pk))
    return delivery


def notifications_announce(*, tenant, event: str, subject: str, payload: dict) -> list[Delivery]:
    """Tell every enabled channel of `tenant` subscribed to `event`; one Delivery each, sent after commit."""
    if event not in EVENTS:
        raise ValueError(f"event must be one of {', '.join(EVENTS)}, not {event!r}")
    channels = NotificationChannel.objects.filter(tenant=tenant, enabled=True).order_by("pk")
    with transaction.atomic():
        return [
            _delivery_create(channel=channel, event=event, subject=subject, payload=payload)
            for channel in channels
            if event in (channel.events or [])
        ]


def retry_delay(attempts: int) -> float:
    """Seconds before the next attempt, after `attempts` attempts: doubling from the base, at most an hour."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    return float(min(MAX_RETRY_DELAY_SECONDS, base * 2 ** max(0, attempts - 1)))


def delivery_attempt(*, delivery_id: int) -> float | None:
    """Make one attempt at a delivery; returns the seconds until a retry is due, or None when done.

    The row stays locked during the attempt, so a message the broker delivers twice cannot send
    twice at once; a finished delivery, or one whose retry is not yet due, is left alone.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("channel")
            .filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
            .first()
        )
        if delivery is None:
            return None
        now = timezone.now()
        if delivery.next_attempt_at and delivery.next_attempt_at > now + timedelta(seconds=1):
            return None  # a duplicate of a scheduled retry: the scheduled one will run
        channel = delivery.channel
        started = time.monotonic()
        if not channel.enabled and delivery.event != TEST_EVENT:
            outcome = transport.Outcome(ok=False, error="The channel was disabled before the delivery was sent.")
        else:
            outcome = _send(delivery, channel)
        duration_ms = int((time.monotonic() - started) * 1000)
        DeliveryAttempt.objects.create(
            delivery=delivery,
            status_code=outcome.status_code,
            error=outcome.error[:500],
            response_excerpt=outcome.excerpt[:200],
            duration_ms=duration_ms,
        )
        delivery.attempts += 1
        delay = None
        if outcome.ok:
            delivery.status, delivery.delivered_at, delivery.last_error = DeliveryStatus.DELIVERED, timezone.now(), ""
            delivery.next_attempt_at = None
        elif outcome.transient and delivery.attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
            delay = retry_delay(delivery.attempts)
            delivery.status, delivery.last_error = DeliveryStatus.RETRYING, outcome.error[:500]
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        else:
            if outcome.transient:
                error = f"{outcome.error} Gave up after {delivery.attempts} attempts."
            else:
                error = outcome.error
            delivery.status, delivery.last_error, delivery.next_attempt_at = DeliveryStatus.FAILED, error[:500], None
        delivery.save(update_fields=["status", "attempts", "delivered_at", "last_error", "next_attempt_at"])
    return delay


STALE_AFTER = timedelta(minutes=5)
REQUEUE_BATCH = 500


def deliveries_requeue_stale(*, now=None) -> int:
    """Queue again the deliveries whose message was lost (broker down when queued, worker crash).

    A delivery still pending, or a retry overdue, well after it should have run is queued once
    more; a message that was only slow does no harm, as each attempt claims the row first.
    """
    now = now or timezone.now()
    cutoff = now - STALE_AFTER
    stale = (
        Delivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lt=cutoff)
        | Delivery.objects.filter(status=DeliveryStatus.RETRYING, next_attempt_at__lt=cutoff)
    ).order_by("pk")
    ids = list(stale.values_list("pk", flat=True)[:REQUEUE_BATCH])
    for delivery_id in ids:
        _queue(delivery_id)
    return len(ids)


def deliveries_purge(*, now=None) -> int:
    """Remove the finished deliveries (with their attempts) older than NOTIFICATION_RETENTION_DAYS.

    Every change of health and every test leaves a delivery per channel and a row per attempt;
    without a limit those rows only grow. Deliveries still on their way stay, whatever their age.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    finished = Delivery.objects.filter(created_at__lt=cutoff).exclude(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
    )
    return finished.delete()[1].get(Delivery._meta.label, 0)


def _send(delivery: Delivery, channel: NotificationChannel) -> transport.Outcome:
    payload = delivery.payload if isinstance(delivery.payload, dict) else {"payload": delivery.payload}
    if channel.kind == ChannelKind.EMAIL:
        return transport.email_send(
            recipients=channel.email_addresses, event=delivery.event, subject=delivery.subject, payload=payload
        )
    body = transport.webhook_body(
        delivery_id=delivery.pk,
        event=delivery.event,
        subject=delivery.subject,
        payload=payload,
        sent_at=timezone.now().isoformat(),
    )
    return transport.webhook_post(
        url=channel.target, secret=channel.secret, event=delivery.event, delivery_id=delivery.pk, body=body
    )

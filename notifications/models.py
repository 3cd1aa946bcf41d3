from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from core.fields import EncryptedTextField
from tenants.models import Tenant, TenantQuerySet

from .choices import DELIVERY_EVENTS, ChannelKind, DeliveryStatus, Event


def all_events() -> list[str]:
    return [event.value for event in Event]


class NotificationChannel(models.Model):
    """Where a tenant is told that collection went into Warning or Critical, or back to OK."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="notification_channels")
    kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    name = models.CharField(max_length=100)
    # One or more email addresses (comma-separated), or the webhook's URL.
    target = models.CharField(max_length=2000)
    events = models.JSONField(default=all_events)
    enabled = models.BooleanField(default=True)
    # Webhooks only: the HMAC key of X-Portal-Signature, shown once when made or rotated.
    secret = EncryptedTextField(blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint("tenant", Lower("name"), name="notification_channel_name_unique_any_case"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return ChannelKind(self.kind).label

    @property
    def email_addresses(self) -> list[str]:
        """An email channel's addresses, as its target lists them (commas between)."""
        return split_addresses(self.target)


def split_addresses(target: str) -> list[str]:
    return [part.strip() for part in target.split(",") if part.strip()]


class Delivery(models.Model):
    """One message for one channel: an alert or a test, with its status after every attempt."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(NotificationChannel, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=16, choices=DELIVERY_EVENTS)
    subject = models.CharField(max_length=300)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # A retry's message may be delivered twice by the broker; an early copy waits for this time.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["channel", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.channel_id} ({self.status})"


class DeliveryAttempt(models.Model):
    """One try at sending a delivery: every one is kept."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    attempted_at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    # The start of the receiver's answer, for troubleshooting; never the whole body.
    response_excerpt = models.CharField(max_length=200, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["attempted_at", "pk"]

    def __str__(self) -> str:
        return f"attempt at {self.attempted_at:%Y-%m-%d %H:%M:%S} ({self.status_code or self.error[:40]})"

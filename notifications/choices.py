"""The fixed vocabularies of notification channels and their deliveries."""

from __future__ import annotations

from django.db import models


class ChannelKind(models.TextChoices):
    EMAIL = "email", "Email"
    WEBHOOK = "webhook", "Webhook"


class Event(models.TextChoices):
    """What a channel can subscribe to: a source's collection health changing."""

    WARNING = "warning", "Warning"
    CRITICAL = "critical", "Critical"
    OK = "ok", "Back to OK"


# A delivery's event: a subscribed one, or a test send (which ignores subscriptions).
TEST_EVENT = "test"
DELIVERY_EVENTS = [*Event.choices, (TEST_EVENT, "Test")]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RETRYING = "retrying", "Retrying"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"

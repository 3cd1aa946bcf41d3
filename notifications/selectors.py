"""Reads about notification channels and their deliveries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import Delivery, NotificationChannel

RECENT_DELIVERIES = 5


def channel_list(*, user) -> QuerySet[NotificationChannel]:
    return NotificationChannel.objects.restrict(user, "notifications.view").order_by("name", "pk")


def channel_get(*, user, pk) -> NotificationChannel:
    """The user's channel, or NotificationChannel.DoesNotExist (a 404) for anyone else's."""
    return NotificationChannel.objects.restrict(user, "notifications.view").get(pk=pk)


def channel_for_manage(*, user, pk) -> NotificationChannel:
    """The user's channel to change, test or delete (Write Log Management), else a 403 or 404."""
    return NotificationChannel.objects.restrict(user, "notifications.manage").get(pk=pk)


def last_delivery(channel: NotificationChannel) -> Delivery | None:
    recent = getattr(channel, "recent_deliveries", None)
    if recent is not None:
        return recent[0] if recent else None
    return channel.deliveries.order_by("-created_at", "-pk").first()


def with_recent_deliveries(channels: QuerySet[NotificationChannel]) -> list[NotificationChannel]:
    """The channels, each with `recent_deliveries` (newest first, with their attempts) set."""
    channels = list(channels)
    recent: dict[int, list[Delivery]] = {channel.pk: [] for channel in channels}
    if channels:
        deliveries = (
            Delivery.objects.filter(channel__in=channels)
            .order_by("-created_at", "-pk")
            .prefetch_related(Prefetch("attempt_log"))
        )
        # Only the newest few per channel: history grows without bound, the page must not.
        for channel in channels:
            recent[channel.pk] = list(deliveries.filter(channel=channel)[:RECENT_DELIVERIES])
    for channel in channels:
        channel.recent_deliveries = recent[channel.pk]
    return channels


def delivery_list(*, user, channel: NotificationChannel) -> QuerySet[Delivery]:
    """A channel's deliveries, newest first, with their attempts."""
    NotificationChannel.objects.restrict(user, "notifications.view").get(pk=channel.pk)
    return channel.deliveries.order_by("-created_at", "-pk").prefetch_related("attempt_log")

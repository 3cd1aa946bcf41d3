from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from tenants.models import Tenant, TenantQuerySet


class Endpoint(models.Model):
    """A log relay: a group of workers consuming its own queue and pulling its sources' logs."""

    class Status(models.TextChoices):
        ONLINE = "online", "Online"
        OFFLINE = "offline", "Offline"
        NEVER_SEEN = "never_seen", "Never seen"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="endpoints")
    name = models.CharField(max_length=100)
    hostname = models.CharField(max_length=253)
    queue = models.CharField(max_length=200, unique=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    last_seen_worker = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            # Case-insensitively: names that differ only by case would look the same in every drop-down.
            models.UniqueConstraint("tenant", Lower("name"), name="endpoint_name_unique_per_tenant_any_case"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def status(self) -> str:
        if self.last_seen_at is None:
            return self.Status.NEVER_SEEN
        # Three missed heartbeats make a relay offline: one late beat is not an outage.
        if timezone.now() - self.last_seen_at <= timedelta(seconds=3 * settings.RELAY_HEARTBEAT_SECONDS):
            return self.Status.ONLINE
        return self.Status.OFFLINE

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label

    @property
    def worker_command(self) -> str:
        return (
            f"celery -A portal worker --queues {self.queue} --hostname {self.queue}@%h --concurrency 2 --loglevel INFO"
        )

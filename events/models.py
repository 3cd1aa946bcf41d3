from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from log_sources.models import LogSource
from tenants.models import Tenant, TenantQuerySet

from .choices import SeverityBand, severity_band


class GuardDutySeverity:
    """GuardDuty's band (low, medium, high, critical) and its label, from a model's `severity`."""

    severity: float | None

    @property
    def severity_band(self) -> str:
        return severity_band(self.severity)

    @property
    def severity_label(self) -> str:
        band = self.severity_band
        return SeverityBand(band).label if band else ""


class LogEvent(GuardDutySeverity, models.Model):
    """One collected log event: a GuardDuty finding as CloudWatch Logs delivered it."""

    # Every index costs each stored event: the two foreign keys get none of their own, because
    # log_event_tenant_newest and the unique constraint already start with them. The tenant is
    # the source's, copied for the tenant-scoped index. The database checks the source
    # reference of every stored event, and the source's own reference to its tenant already
    # keeps that tenant alive; checking the copy too was an eighth of the database's work per
    # stored event (measured).
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False)
    source = models.ForeignKey(LogSource, on_delete=models.CASCADE, related_name="events", db_index=False)
    region = models.CharField(max_length=32)
    # CloudWatch's eventId: unique within a log group, so (source, region, event_id) is the
    # identity that makes every re-read of the same page harmless.
    event_id = models.CharField(max_length=128)
    log_stream = models.CharField(max_length=512, blank=True)
    timestamp = models.DateTimeField(help_text="When CloudWatch Logs received the event.")
    ingested_at = models.DateTimeField(default=timezone.now)

    # Extracted from the GuardDuty finding in the EventBridge envelope ('' / null otherwise).
    finding_id = models.CharField(max_length=128, blank=True)
    finding_type = models.CharField(max_length=256, blank=True)
    severity = models.FloatField(null=True, blank=True)
    account_id = models.CharField(max_length=12, blank=True)
    title = models.CharField(max_length=1024, blank=True)
    resource_type = models.CharField(max_length=64, blank=True)
    resource_id = models.CharField(max_length=256, blank=True)
    # A display name beside the id: the access key's user, the S3 object's key, the EKS workload...
    resource_name = models.CharField(max_length=512, blank=True)
    # The finding's own region and partition, which need not be the log group's (`region`).
    finding_region = models.CharField(max_length=32, blank=True)
    partition = models.CharField(max_length=16, blank=True)
    # The finding's account is not the source's: the log group receives another account's findings.
    foreign_account = models.BooleanField(default=False)
    remote_ip = models.CharField(max_length=64, blank=True)
    country = models.CharField(max_length=128, blank=True)
    organization = models.CharField(max_length=256, blank=True)
    asn = models.CharField(max_length=32, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    # A message that is not JSON or not a GuardDuty finding is kept as it came and flagged.
    malformed = models.BooleanField(default=False)
    message = models.TextField()
    # The deduplicated words, numbers and long hex ids of the message (see events.search_text),
    # separated by spaces; the index of words lives on this, never on the raw message. NULL
    # until the search indexer (events.services.log_events_index) has built it: storing an
    # event never waits for the index, and Search matches such an event against its raw
    # message instead.
    search_text = models.TextField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-timestamp", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "region", "event_id"], name="log_event_unique_per_unit"),
        ]
        indexes = [
            models.Index(fields=["tenant", "-timestamp", "-id"], name="log_event_tenant_newest"),
            models.Index(fields=["source", "region", "-timestamp"], name="log_event_unit_newest"),
            # None on finding_id: no query looks events up by it (the findings view groups a
            # search's result), and it cost a quarter of the database's work per stored event.
            # Only the events still waiting for the indexer: small, so the indexer finds its
            # next batch and Search finds the events it must scan without reading the rest.
            models.Index(fields=["tenant", "id"], name="log_event_unindexed", condition=Q(search_text__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.title or self.event_id


class SearchWord(models.Model):
    """A word of the search texts of a tenant's events: the vocabulary that Search looks terms up in.

    A term matches the events whose search text holds a word containing it. PostgreSQL finds
    those words here (a trigram index on `word`, migration 0009), then the events through the
    index of their search texts' words: keeping a trigram index on every event's search text
    instead held the search indexer to about 1,100 events/s (README, Benchmarks). The search
    indexer adds an event's new words in the transaction that makes the event searchable, so
    every indexed event's words are here. SQLite keeps neither index and matches the search
    text itself.
    """

    pk = models.CompositePrimaryKey("tenant", "word")
    # The key leads with the tenant, so no index of its own; and no constraint, whose check of
    # each new word was work for the indexer (roles and endpoints protect a tenant from deletion).
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False)
    word = models.TextField()

    def __str__(self) -> str:
        return self.word


class Finding(GuardDutySeverity, models.Model):
    """One GuardDuty finding through its updates: its latest state, and how often it was collected.

    Keyed as GuardDuty keys it (account, region, finding id) within a tenant. The search
    indexer maintains it off the pull's path (events.services.findings_update): an occurrence
    with an older `updatedAt` counts but never overwrites a newer state, whatever order the
    occurrences were pulled in. Its occurrences are the LogEvents with the same tenant,
    account_id, finding_region and finding_id.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", db_index=False)
    source = models.ForeignKey(LogSource, on_delete=models.CASCADE, related_name="findings", db_index=False)
    account_id = models.CharField(max_length=12)
    region = models.CharField(max_length=32)
    finding_id = models.CharField(max_length=128)
    partition = models.CharField(max_length=16, blank=True)
    finding_type = models.CharField(max_length=256, blank=True)
    title = models.CharField(max_length=1024, blank=True)
    severity = models.FloatField(null=True, blank=True)
    resource_type = models.CharField(max_length=64, blank=True)
    resource_id = models.CharField(max_length=256, blank=True)
    resource_name = models.CharField(max_length=512, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(null=True, blank=True, help_text="GuardDuty's createdAt.")
    updated_at = models.DateTimeField(null=True, blank=True, help_text="GuardDuty's updatedAt of the state kept.")
    archived = models.BooleanField(default=False)
    foreign_account = models.BooleanField(default=False)
    occurrences = models.PositiveIntegerField(default=0)
    # The occurrence whose state is kept (its message is the finding as GuardDuty last sent it).
    latest_event = models.ForeignKey(LogEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    first_collected_at = models.DateTimeField(default=timezone.now)
    last_collected_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "account_id", "region", "finding_id"], name="finding_unique_per_tenant"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "-last_seen", "-id"], name="finding_tenant_newest"),
            models.Index(fields=["tenant", "resource_type", "resource_id"], name="finding_tenant_resource"),
        ]

    def __str__(self) -> str:
        return self.title or self.finding_id

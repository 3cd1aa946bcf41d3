"""Rebuild the Finding records from the stored events, e.g. after restoring events from a backup."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from events.models import Finding
from events.services import findings_rebuild
from tenants.models import Tenant


class Command(BaseCommand):
    help = (
        "Rebuild every finding (one per tenant, account, region and finding id) from the stored events the "
        "search indexer has reached; the indexer adds the rest as it reaches them. Safe to run beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tenant", help="Only this tenant (its name).")

    def handle(self, *args, tenant=None, **options):
        scope = None
        if tenant is not None:
            scope = Tenant.objects.filter(name=tenant).first()
            if scope is None:
                raise CommandError(f"No tenant is named {tenant!r}.")

        def progress(done: int) -> None:
            self.stdout.write(f"{done} events folded into findings so far")

        events = findings_rebuild(tenant=scope, on_batch=progress)
        findings = Finding.objects.filter(tenant=scope) if scope else Finding.objects.all()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {findings.count()} findings from {events} events."))

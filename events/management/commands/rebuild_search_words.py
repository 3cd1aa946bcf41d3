"""Make each tenant's vocabulary of search words again from its indexed events (PostgreSQL)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from events.services import search_words_rebuild
from tenants.models import Tenant


class Command(BaseCommand):
    help = (
        "Make the vocabulary of search words again from the events the search indexer has reached: after a bulk "
        "load of search texts, or to let go of the words of purged events. Safe beside the indexers and searches; "
        "indexing waits only while the words to remove are checked."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tenant", help="Only this tenant (its name).")

    def handle(self, *args, tenant=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The vocabulary of search words is PostgreSQL's; SQLite searches the search texts.")
        tenants = Tenant.objects.order_by("name")
        if tenant is not None:
            tenants = tenants.filter(name=tenant)
            if not tenants.exists():
                raise CommandError(f"No tenant is named {tenant!r}.")
        for each in tenants:
            started = time.monotonic()
            added, removed = search_words_rebuild(tenant=each)
            self.stdout.write(
                f"{each.name}: {added} words added, {removed} removed, in {time.monotonic() - started:.1f} s"
            )
        self.stdout.write(self.style.SUCCESS("The vocabulary of search words is up to date."))

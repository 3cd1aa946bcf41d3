"""`python manage.py pull_logs [--source ID] [--region CODE]`: run pulls in this process.

Without options it pulls every due unit; with --source and/or --region it pulls the named
units whether due or not, then builds the search text of every event still waiting for it.
For cron-style installs without Celery, and for debugging.
"""

from __future__ import annotations

import socket

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from collection.models import PullUnit
from collection.services import log_events_pull
from events.services import log_events_index_all


class Command(BaseCommand):
    help = "Pull GuardDuty findings from CloudWatch Logs now, in this process, and print what was collected."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, help="Only this log source (id); pulls it even if not due.")
        parser.add_argument("--region", help="Only this region (e.g. eu-west-1); pulls it even if not due.")

    def handle(self, *args, source=None, region=None, **options):
        units = PullUnit.objects.select_related("source_region__source").order_by(
            "source_region__source_id", "source_region__region"
        )
        if source is not None:
            units = units.filter(source_region__source_id=source)
        if region:
            units = units.filter(source_region__region=region)
        if source is None and not region:
            units = units.filter(next_pull_at__lte=timezone.now())
        units = list(units)
        if not units and (source is not None or region):
            raise CommandError("No pull unit matches: check the source id and the region code.")
        worker = f"pull_logs@{socket.gethostname()}"
        total = 0
        for unit in units:
            self.stdout.write(f"{unit.source.hostname} (source {unit.source_id}) {unit.region}: pulling ...")

            def progress(result):
                self.stdout.write(f"  page {result.pages}: {result.fetched} read, {result.stored} new")

            result = log_events_pull(
                unit_id=unit.pk, worker=worker, on_page=progress if options["verbosity"] > 1 else None
            )
            total += result.stored
            self.stdout.write(f"  {result}")
        self.stdout.write(self.style.SUCCESS(f"{len(units)} unit(s) pulled, {total} new event(s) stored."))
        # Searchable already by their raw message; the search index makes them fast to find.
        indexed, _ = log_events_index_all()
        self.stdout.write(f"{indexed} event(s) indexed for search.")

"""Launch the demo tenant's collection templates again in the fresh local emulator."""

from django.core.management.base import BaseCommand

from deployments.services import deployed_by_portal, deployment_launch
from log_sources.models import LogSource
from tenants.models import Membership

from .seed_demo import DEMO_USER


class Command(BaseCommand):
    help = (
        "For `make run`: the local AWS emulator starts empty, so launch the collection template again "
        "for every source of the demo tenant that the portal had deployed (the deploy worker does the work)."
    )

    def handle(self, *args, **options):
        membership = Membership.objects.filter(user__username=DEMO_USER).select_related("user", "tenant").first()
        if membership is None:
            return
        sources = [
            source
            for source in LogSource.objects.filter(tenant=membership.tenant).order_by("pk")
            if deployed_by_portal(source)
        ]
        for source in sources:
            # The portal still records every region as deployed: `again` launches regardless.
            operation = deployment_launch(user=membership.user, source=source, use_source_credentials=True, again=True)
            self.stdout.write(
                f"Launching {source.hostname} again in {len(source.region_codes)} region(s) (operation {operation.pk})."
            )

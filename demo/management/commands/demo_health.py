"""Give collection health something to show in the running local emulator (make run does, on every start)."""

from django.core.management.base import BaseCommand, CommandError

from demo.health import create_demo_health
from relay.models import Endpoint
from tenants.models import Membership

from .seed_demo import DEMO_USER


class Command(BaseCommand):
    help = (
        "In the local emulator, switch GuardDuty off in one region of the demo account and add a source whose "
        "findings stopped a day ago, and give the demo tenant an email notification channel."
    )

    def handle(self, *args, **options):
        membership = Membership.objects.filter(user__username=DEMO_USER).select_related("user", "tenant").first()
        endpoint = membership and Endpoint.objects.filter(tenant=membership.tenant).order_by("pk").first()
        if membership is None or endpoint is None:
            raise CommandError("Run seed_demo first: the demo tenant and its relay endpoint are missing.")
        create_demo_health(user=membership.user, endpoint=endpoint, out=self.stdout.write)

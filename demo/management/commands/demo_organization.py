"""Create the demo's AWS Organization in the running local emulator (make run does, on every start)."""

from django.core.management.base import BaseCommand, CommandError

from demo.organization import create_demo_organization
from relay.models import Endpoint
from tenants.models import Membership

from .seed_demo import DEMO_USER


class Command(BaseCommand):
    help = (
        "Create a demo AWS Organization in the local emulator (an administrator account, three member accounts "
        "in two OUs, findings of all of them) and add it to the demo tenant in Administrator account mode."
    )

    def handle(self, *args, **options):
        membership = Membership.objects.filter(user__username=DEMO_USER).select_related("user", "tenant").first()
        endpoint = membership and Endpoint.objects.filter(tenant=membership.tenant).order_by("pk").first()
        if membership is None or endpoint is None:
            raise CommandError("Run seed_demo first: the demo tenant and its relay endpoint are missing.")
        organization = create_demo_organization(user=membership.user, endpoint=endpoint, out=self.stdout.write)
        self.stdout.write(
            f"Organization {organization.name} ({organization.aws_organization_id}): "
            f"{organization.accounts.count()} accounts, page /organizations/{organization.pk}/"
        )

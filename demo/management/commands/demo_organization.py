"""Create the demo's AWS Organization in the running local emulator (make run does, on every start)."""

from django.core.management.base import BaseCommand

from demo.organization import create_demo_organization

from .seed_demo import demo_user_and_endpoint


class Command(BaseCommand):
    help = (
        "Create a demo AWS Organization in the local emulator (an administrator account, three member accounts "
        "in two OUs, findings of all of them) and add it to the demo tenant in Administrator account mode."
    )

    def handle(self, *args, **options):
        user, endpoint = demo_user_and_endpoint()
        organization = create_demo_organization(user=user, endpoint=endpoint, out=self.stdout.write)
        self.stdout.write(
            f"Organization {organization.name} ({organization.aws_organization_id}): "
            f"{organization.accounts.count()} accounts, page /organizations/{organization.pk}/"
        )

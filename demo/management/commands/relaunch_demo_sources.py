"""Launch the demo tenant's collection templates again in the fresh local emulator."""

from django.core.management.base import BaseCommand

from core.aws import AwsCredentials
from demo.simulator import DEMO_ACCESS_KEY, DEMO_SECRET_KEY
from deployments.choices import OperationKind, OperationStatus
from deployments.models import DeployOperation
from deployments.services import deployed_by_portal, deployment_launch, reader_role_launch
from deployments.templates import READER_ROLE_KIND
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
        # The demo customer's keys deploy (a role-based source's own role may only read).
        deploy_credentials = AwsCredentials(DEMO_ACCESS_KEY, DEMO_SECRET_KEY)
        launched_roles = DeployOperation.objects.filter(
            tenant=membership.tenant, mode=READER_ROLE_KIND, kind=OperationKind.CREATE, status=OperationStatus.SUCCEEDED
        ).order_by("pk")
        roles = {(op.account_number, op.parameters.get("RoleName")): op for op in launched_roles}
        for (account, role_name), earlier in roles.items():
            operation = reader_role_launch(
                user=membership.user,
                account_number=account,
                deploy_credentials=deploy_credentials,
                role_name=role_name,
                region=next(iter(earlier.regions.values_list("region", flat=True)), "us-east-1"),
            )
            self.stdout.write(f"Creating the reader role {role_name} in {account} again (operation {operation.pk}).")
        for source in sources:
            # The portal still records every region as deployed: `again` launches regardless.
            operation = deployment_launch(
                user=membership.user, source=source, deploy_credentials=deploy_credentials, again=True
            )
            self.stdout.write(
                f"Launching {source.hostname} again in {len(source.region_codes)} region(s) (operation {operation.pk})."
            )

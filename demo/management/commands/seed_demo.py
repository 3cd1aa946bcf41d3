import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand

from relay.models import Endpoint
from relay.services import endpoint_create
from tenants.models import Membership
from tenants.services import tenant_create

DEMO_TENANT = "Demo"
DEMO_USER = "demo"
DEMO_ENDPOINT = "Demo Relay"
DEMO_ENDPOINT_HOSTNAME = "relay.demo.local"


def demo_user_and_endpoint():
    """(the demo admin, the demo relay endpoint), or CommandError when seed_demo has not run."""
    from django.core.management.base import CommandError

    membership = Membership.objects.filter(user__username=DEMO_USER).select_related("user", "tenant").first()
    endpoint = membership and Endpoint.objects.filter(tenant=membership.tenant).order_by("pk").first()
    if membership is None or endpoint is None:
        raise CommandError("Run seed_demo first: the demo tenant and its relay endpoint are missing.")
    return membership.user, endpoint


class Command(BaseCommand):
    help = (
        "Create the demo tenant, its admin user 'demo' and the demo relay endpoint if missing; "
        "print the login and the endpoint's queue."
    )

    def handle(self, *args, **options):
        password_file = settings.LOCAL_DIR / "demo_password"
        password = os.environ.get("PORTAL_ADMIN_PASSWORD", "")
        membership = Membership.objects.filter(user__username=DEMO_USER).select_related("user", "tenant").first()
        if membership is None:
            if not password:
                password = secrets.token_urlsafe(12)
                settings.LOCAL_DIR.mkdir(parents=True, exist_ok=True)
                password_file.write_text(password)
                password_file.chmod(0o600)
            tenant_create(name=DEMO_TENANT, admin_username=DEMO_USER, admin_password=password)
            membership = Membership.objects.select_related("user", "tenant").get(user__username=DEMO_USER)
            self.stdout.write(f"Created the demo tenant '{DEMO_TENANT}' and its admin '{DEMO_USER}'.")
        elif password:
            membership.user.set_password(password)
            membership.user.save(update_fields=["password"])
        elif password_file.exists():
            password = password_file.read_text().strip()

        # The demo's relay worker consumes this endpoint's queue, so the wizard's Endpoint
        # drop-down has a relay that is really online.
        endpoint = Endpoint.objects.filter(tenant=membership.tenant).order_by("pk").first()
        if endpoint is None:
            endpoint = endpoint_create(user=membership.user, name=DEMO_ENDPOINT, hostname=DEMO_ENDPOINT_HOSTNAME)
            self.stdout.write(f"Created the demo relay endpoint '{endpoint.name}'.")
        self.stdout.write(f"Endpoint queue: {endpoint.queue}")

        shown = password or "(the one you set before; set PORTAL_ADMIN_PASSWORD to change it)"
        self.stdout.write(f"Login: {DEMO_USER} / {shown}")

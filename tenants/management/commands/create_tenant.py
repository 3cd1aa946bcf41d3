import os

from django.core.management.base import BaseCommand, CommandError

from core.errors import PortalError
from tenants.services import tenant_create


class Command(BaseCommand):
    help = "Create a tenant and its admin user. The password comes from PORTAL_ADMIN_PASSWORD."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--admin", required=True, help="username of the tenant's first admin")
        parser.add_argument("--email", default="")

    def handle(self, *args, name, admin, email, **options):
        password = os.environ.get("PORTAL_ADMIN_PASSWORD", "")
        if not password:
            raise CommandError("Set PORTAL_ADMIN_PASSWORD to the admin user's password.")
        try:
            tenant = tenant_create(name=name, admin_username=admin, admin_password=password, admin_email=email)
        except PortalError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS(f"Created tenant '{tenant.name}' with admin '{admin}'."))

import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand

from tenants.models import Membership
from tenants.services import tenant_create

DEMO_TENANT = "Demo"
DEMO_USER = "demo"


class Command(BaseCommand):
    help = "Create the demo tenant and its admin user 'demo' if missing; print the login."

    def handle(self, *args, **options):
        password_file = settings.LOCAL_DIR / "demo_password"
        password = os.environ.get("PORTAL_ADMIN_PASSWORD", "")
        membership = Membership.objects.filter(user__username=DEMO_USER).select_related("user").first()
        if membership is None:
            if not password:
                password = secrets.token_urlsafe(12)
                settings.LOCAL_DIR.mkdir(parents=True, exist_ok=True)
                password_file.write_text(password)
                password_file.chmod(0o600)
            tenant_create(name=DEMO_TENANT, admin_username=DEMO_USER, admin_password=password)
            self.stdout.write(f"Created the demo tenant '{DEMO_TENANT}' and its admin '{DEMO_USER}'.")
        elif password:
            membership.user.set_password(password)
            membership.user.save(update_fields=["password"])
        elif password_file.exists():
            password = password_file.read_text().strip()
        shown = password or "(the one you set before; set PORTAL_ADMIN_PASSWORD to change it)"
        self.stdout.write(f"Login: {DEMO_USER} / {shown}")

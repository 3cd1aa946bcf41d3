from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Tenants, roles and members"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the audit trail to login signals)

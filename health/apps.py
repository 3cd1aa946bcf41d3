from django.apps import AppConfig


class HealthConfig(AppConfig):
    """Collection health: OK, Warning or Critical per region and source, and the alerts its changes raise."""

    name = "health"
    verbose_name = "Collection health"

    def ready(self):
        from log_sources import extensions

        from . import selectors
        from .api.serializers import region_fields, source_fields

        # Installed after the apps whose state it judges, so their readers have run.
        extensions.register_reader(selectors.read_health)
        extensions.register_fields(source=source_fields(), region=region_fields())

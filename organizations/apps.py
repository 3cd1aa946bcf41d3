from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    """AWS Organizations: a source of log sources, kept in step with the Organization's accounts."""

    name = "organizations"
    verbose_name = "AWS Organizations"

    def ready(self):
        from log_sources import extensions

        from . import selectors
        from .api.serializers import source_fields

        extensions.register_reader(selectors.read_organization_links)
        extensions.register_fields(source=source_fields())

from django.apps import AppConfig


class DeploymentsConfig(AppConfig):
    """Templates, the launch/update/teardown engine, deploy state per region and Test connection."""

    name = "deployments"
    verbose_name = "AWS deployments"

    def ready(self):
        from log_sources import extensions, signals

        from . import selectors, services
        from .api.serializers import region_fields, source_fields

        signals.source_regions_added.connect(services.coverage_refresh_soon, dispatch_uid="deployments-coverage")
        signals.source_credentials_changed.connect(
            services.coverage_refresh_soon, dispatch_uid="deployments-coverage-credentials"
        )
        extensions.register_reader(selectors.read_deployment_state)
        extensions.register_fields(source=source_fields(), region=region_fields())

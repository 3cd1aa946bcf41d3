from django.apps import AppConfig


class CollectionConfig(AppConfig):
    """The pull engine: pull units, dispatch, the rate budget, and pulling CloudWatch Logs into the store."""

    name = "collection"
    verbose_name = "Collection"

    def ready(self):
        from log_sources import extensions, signals

        from . import selectors, services
        from .api.serializers import region_fields, source_fields

        signals.source_regions_added.connect(services.pull_units_receive_regions, dispatch_uid="collection-units")
        signals.source_credentials_changed.connect(
            services.pull_units_receive_credentials, dispatch_uid="collection-credentials"
        )
        signals.source_resumed.connect(services.pull_units_receive_credentials, dispatch_uid="collection-resumed")
        extensions.register_reader(selectors.read_collection_state)
        extensions.register_fields(source=source_fields(), region=region_fields())

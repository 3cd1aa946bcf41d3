from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import RawString, documented
from relay.models import Endpoint


class EndpointInputSerializer(serializers.Serializer):
    """What `relay.services.endpoint_create` takes; it checks both values."""

    name = documented(RawString, {"type": "string", "minLength": 1, "maxLength": 100})
    hostname = documented(
        RawString, {"type": "string", "minLength": 1, "maxLength": 253, "description": "The relay machine's DNS name."}
    )


class EndpointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    hostname = serializers.CharField()
    queue = serializers.CharField(help_text="The relay's own queue; its workers consume only this one.")
    status = serializers.ChoiceField(choices=Endpoint.Status.choices)
    last_seen_at = serializers.DateTimeField(allow_null=True, help_text="The last heartbeat of any of its workers.")
    worker_command = serializers.SerializerMethodField(help_text="The command that starts a relay worker for it.")

    @extend_schema_field(serializers.CharField())
    def get_worker_command(self, endpoint: Endpoint) -> str:
        return endpoint.worker_command

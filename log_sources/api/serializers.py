"""Log sources in and out of the API. Input is passed on to log_sources.services as sent."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from log_sources.models import CollectionState, DeploymentMode, DeploymentState, LogSource, SourceRegion
from log_sources.regions import REGION_CODES
from portal.api.base import RawField, RawInteger, RawString, RawStringMap

REGIONS_SCHEMA = {
    "oneOf": [
        {"type": "array", "items": {"type": "string", "enum": list(REGION_CODES)}},
        {"type": "string", "enum": ["all"]},
    ],
    "description": 'Region codes, or "all" for every supported region (recommended).',
}


@extend_schema_field(REGIONS_SCHEMA)
class RegionsField(RawField):
    pass


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    partition = serializers.ChoiceField(choices=[("aws", "aws"), ("aws-cn", "aws-cn")])


class DeploymentInputSerializer(serializers.Serializer):
    mode = RawString(help_text='"stackset" (several regions), "stack" (one region) or "manual".')
    stack_name = RawString()
    log_retention_days = RawInteger()
    tags = RawStringMap()
    iam_role_arn = RawString()


@extend_schema_field(DeploymentInputSerializer)
class DeploymentInputField(RawField):
    """The nested deployment settings, flattened into the service's field names by the view."""


class LogSourceInputSerializer(serializers.Serializer):
    """The fields `log_source_create` takes (it checks every one and names each problem)."""

    endpoint = RawInteger(help_text="The id of one of your endpoints (log relays).")
    source_type = RawString(required=False, help_text='"guardduty" (the default).')
    hostname = RawString()
    protocol = RawString()
    aws_account_number = RawString(help_text="12 digits; dashes and spaces are removed.")
    aws_access_key_id = RawString(help_text="Write-only: only its last 4 characters are ever shown.")
    aws_secret_access_key = RawString(help_text="Write-only: never shown again.")
    regions = RegionsField()
    deployment = DeploymentInputField(required=False)


class LogSourceUpdateSerializer(serializers.Serializer):
    """What can change in place: regions, retention and tags (changes are deployed)."""

    regions = RegionsField(required=False)
    deployment = DeploymentInputField(required=False)


class DeploymentSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(source="deployment_mode", choices=DeploymentMode.choices)
    stack_name = serializers.CharField()
    log_retention_days = serializers.IntegerField()
    tags = serializers.DictField(child=serializers.CharField(allow_blank=True))
    iam_role_arn = serializers.CharField()


class RegionStateSerializer(serializers.Serializer):
    region = serializers.CharField()
    deployment_state = serializers.ChoiceField(choices=DeploymentState.choices)
    collection_state = serializers.ChoiceField(choices=CollectionState.choices)
    last_event_at = serializers.DateTimeField(allow_null=True)
    last_pull_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_last_error(self, state: SourceRegion) -> str:
        # The region's latest problem, whether collecting or deploying.
        return state.last_error or state.deployment_error


class LogSourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source_type = serializers.CharField()
    endpoint = serializers.IntegerField(source="endpoint_id")
    hostname = serializers.CharField()
    protocol = serializers.CharField()
    aws_account_number = serializers.CharField()
    aws_access_key_id_last4 = serializers.CharField()
    regions = serializers.SerializerMethodField()
    deployment = DeploymentSerializer(source="*")
    status = serializers.CharField()
    last_event_at = serializers.DateTimeField(allow_null=True)
    region_states = RegionStateSerializer(source="regions", many=True)
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, source: LogSource) -> list[str]:
        return source.region_codes

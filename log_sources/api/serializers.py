"""Log sources in and out of the API. Input is passed on to log_sources.services as sent."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import RawField, RawInteger, RawString, RawStringMap
from log_sources import extensions
from log_sources.choices import DeploymentMode
from log_sources.models import LogSource, SourceRegion
from log_sources.regions import REGION_CODES

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
    deployment = DeploymentInputField(
        required=False,
        help_text="Defaults: StackSet, retention 3 days. The same settings may also be given at the top level.",
    )


class LogSourceUpdateSerializer(serializers.Serializer):
    """What can change in place: regions, hostname, protocol, retention and tags (changes are deployed)."""

    regions = RegionsField(required=False)
    hostname = RawString(required=False)
    protocol = RawString(required=False)
    deployment = DeploymentInputField(
        required=False, help_text="Only log_retention_days and tags change in place; mode and stack_name do not."
    )


class DeploymentSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(source="deployment_mode", choices=DeploymentMode.choices)
    stack_name = serializers.CharField()
    log_retention_days = serializers.IntegerField()
    tags = serializers.DictField(child=serializers.CharField(allow_blank=True))
    iam_role_arn = serializers.CharField()


class RegionStateSerializer(serializers.Serializer):
    """One region of a source: its deployment and its collection."""

    # The fields beside `region` come from the apps that know them (log_sources.extensions).

    region = serializers.CharField()

    def get_fields(self):
        return {**super().get_fields(), **extensions.region_fields()}


def _in_catalogue_order(source: LogSource) -> list[SourceRegion]:
    """The source's regions in the catalogue's order, as the wizard lists them."""
    return sorted(source.regions.all(), key=lambda state: _ORDER.get(state.region, len(_ORDER)))


_ORDER = {code: index for index, code in enumerate(REGION_CODES)}


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
    region_states = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, source: LogSource) -> list[str]:
        return [state.region for state in _in_catalogue_order(source)]

    @extend_schema_field(RegionStateSerializer(many=True))
    def get_region_states(self, source: LogSource) -> list[dict]:
        return RegionStateSerializer(_in_catalogue_order(source), many=True).data

    def get_fields(self):
        return {**super().get_fields(), **extensions.source_fields()}

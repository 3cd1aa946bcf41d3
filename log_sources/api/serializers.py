"""Log sources in and out of the API. Input is passed on to log_sources.services as sent."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import RawBoolean, RawField, RawInteger, RawString, RawStringMap
from log_sources import extensions
from log_sources.choices import CredentialType, DeploymentMode
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
    hostname = RawString(required=False, help_text="Defaults to guardduty-<account>, as in the wizard.")
    protocol = RawString(required=False, help_text="Defaults to the source type's protocol.")
    aws_account_number = RawString(help_text="12 digits; dashes and spaces are removed.")
    credential_type = RawString(
        required=False,
        help_text='"role" (recommended: the portal assumes role_arn with your tenant\'s External ID, see '
        'aws/identity/) or "access_key" (an IAM user\'s keys). Defaults to "role" when role_arn is given '
        "without keys.",
    )
    role_arn = RawString(
        required=False,
        help_text="For a role: the reader role in the source's own account (the role template's RoleArn).",
    )
    aws_access_key_id = RawString(
        required=False, help_text="For access keys. Write-only: only its last 4 characters are ever shown."
    )
    aws_secret_access_key = RawString(required=False, help_text="For access keys. Write-only: never shown again.")
    regions = RegionsField()
    deployment = DeploymentInputField(
        required=False,
        help_text="Defaults: StackSet, retention 3 days. The same settings may also be given at the top level.",
    )


class LogSourceUpdateSerializer(serializers.Serializer):
    """What can change in place: regions, hostname, protocol, retention and tags (changes are deployed),
    or, in a PATCH of their own, the credentials."""

    credential_type = RawString(
        required=False,
        help_text='Replace the credentials: "role" (with role_arn) or "access_key" (with both keys). Tested first; '
        "a failed test saves nothing (409, with the checklist) unless save_unverified is true.",
    )
    role_arn = RawString(required=False)
    aws_access_key_id = RawString(required=False, help_text="Write-only.")
    aws_secret_access_key = RawString(required=False, help_text="Write-only.")
    save_unverified = RawBoolean(
        required=False, help_text="true saves new credentials even when Test connection fails with them."
    )
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
    credential_type = serializers.ChoiceField(choices=CredentialType.choices)
    role_arn = serializers.CharField(help_text='The reader role the portal assumes ("" for access keys).')
    external_id = serializers.CharField(
        source="tenant.aws_external_id",
        read_only=True,
        help_text="Your tenant's External ID, which the role's trust policy must require (not a secret).",
    )
    aws_access_key_id_last4 = serializers.CharField(help_text='"" for a role.')
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

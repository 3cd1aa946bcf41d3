"""Log sources in and out of the API. Input is passed on to log_sources.services as sent."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import RawBoolean, RawField, RawInteger, RawString, RawStringMap
from deployments.selectors import console_links
from log_sources.models import CollectionState, DeploymentMode, DeploymentState, LogSource, SourceRegion
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
    status = serializers.CharField()
    last_event_at = serializers.DateTimeField(allow_null=True)
    region_states = serializers.SerializerMethodField()
    console_links = serializers.SerializerMethodField(
        help_text="Region to the AWS console's quick-create link, where one exists (a Stack, once published)."
    )
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, source: LogSource) -> list[str]:
        return [state.region for state in _in_catalogue_order(source)]

    @extend_schema_field(RegionStateSerializer(many=True))
    def get_region_states(self, source: LogSource) -> list[dict]:
        return RegionStateSerializer(_in_catalogue_order(source), many=True).data

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_console_links(self, source: LogSource) -> dict[str, str]:
        return console_links(source)


# --- Deployment, verification and pulls ------------------------------------------------------


class DeployCredentialsSerializer(serializers.Serializer):
    aws_access_key_id = RawString()
    aws_secret_access_key = RawString()
    aws_session_token = RawString(required=False)


@extend_schema_field(DeployCredentialsSerializer)
class DeployCredentialsField(RawField):
    """One-time credentials with CloudFormation rights; kept encrypted only while the operation runs."""


class DeployInputSerializer(serializers.Serializer):
    use_source_credentials = RawBoolean(
        required=False, help_text="true: launch with the source's own keys (they need CloudFormation rights)."
    )
    deploy_credentials = DeployCredentialsField(required=False)


class LogSourceUpdateInputSerializer(LogSourceUpdateSerializer):
    deploy_credentials = DeployCredentialsField(
        required=False, help_text="Optional one-time credentials for the update; the source's own keys otherwise."
    )


class OperationRegionSerializer(serializers.Serializer):
    region = serializers.CharField()
    action = serializers.ChoiceField(choices=["create", "update", "delete"])
    state = serializers.ChoiceField(choices=["pending", "in_progress", "complete", "failed"])
    reason = serializers.CharField()
    updated_at = serializers.DateTimeField(allow_null=True)


class OperationSerializer(serializers.Serializer):
    """A launch, update or teardown of a source's Stack or StackSet, region by region."""

    operation = serializers.IntegerField(help_text="The operation's id.")
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text='"create" (a launch), "update" or "delete" (a teardown).')
    status = serializers.ChoiceField(choices=["queued", "running", "succeeded", "failed"])
    mode = serializers.CharField()
    stack_name = serializers.CharField()
    error = serializers.CharField()
    created_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    regions = OperationRegionSerializer(many=True)


class LogSourceUpdateResultSerializer(LogSourceSerializer):
    operation = OperationSerializer(
        allow_null=True, help_text="The update the deploy workers run (null when nothing had to change in AWS)."
    )


class CheckSerializer(serializers.Serializer):
    name = serializers.CharField()
    ok = serializers.BooleanField()
    message = serializers.CharField()


class AccountCheckSerializer(serializers.Serializer):
    expected = serializers.CharField()
    actual = serializers.CharField()
    arn = serializers.CharField()
    ok = serializers.BooleanField()
    message = serializers.CharField()
    code = serializers.CharField(help_text='"account_mismatch", an AWS error code, or "" when the account matches.')


class RegionCheckSerializer(serializers.Serializer):
    region = serializers.CharField()
    ok = serializers.BooleanField()
    checks = CheckSerializer(many=True)


class VerificationSerializer(serializers.Serializer):
    """Test connection's checklist: the account the keys belong to, then each region's checks."""

    ok = serializers.BooleanField()
    account = AccountCheckSerializer()
    regions = RegionCheckSerializer(many=True)
    verified_at = serializers.DateTimeField()


class PullQueuedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    regions = serializers.ListField(child=serializers.CharField())

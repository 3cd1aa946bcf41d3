"""Log sources in and out of the API. Input is passed on to log_sources.services as sent."""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from core.api.base import RawBoolean, RawField, RawInteger, RawString, RawStringMap, documented
from log_sources import extensions, source_types, validation
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


# The rules the services enforce, stated in the schema for generated clients (JSON Schema
# patterns are ECMA regular expressions: ASCII classes only).
ACCOUNT_NUMBER = {
    "type": "string",
    "pattern": "^[0-9][0-9 -]*[0-9]$",
    "maxLength": 64,
    "description": "12 digits; dashes and spaces are removed (1234-5678-9012).",
}
ROLE_ARN = "arn:aws(-cn)?:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]{1,512}"
ACCESS_KEY_ID = {
    "type": "string",
    "pattern": "^(AKIA|ASIA)[A-Z0-9]{16}$",
    "writeOnly": True,
    "description": "For access keys. Only its last 4 characters are ever shown.",
}
SECRET_ACCESS_KEY = {
    "type": "string",
    "minLength": 40,
    "maxLength": 40,
    "writeOnly": True,
    "description": "For access keys. Never shown again.",
}
CREDENTIAL_TYPE = {
    "type": "string",
    "enum": list(CredentialType.values),
    "description": '"role" (recommended: the portal assumes role_arn with your tenant\'s External ID, see '
    'aws/identity/) or "access_key" (an IAM user\'s keys). Without it, a role_arn without keys means "role".',
}
RETENTION = {
    "type": "integer",
    "enum": list(validation.RETENTION_DAYS),
    "default": validation.DEFAULT_RETENTION_DAYS,
    "description": "Log Retention In Days: one of CloudWatch Logs' values.",
}
TAGS = {
    "type": "object",
    "additionalProperties": {"type": "string", "maxLength": 256},
    "maxProperties": validation.MAX_TAGS,
    "description": "Keys of 1 to 128 letters, digits, spaces or _ . : / = + - @, not starting with aws:.",
}


class DeploymentInputSerializer(serializers.Serializer):
    """How the collection template is deployed; every setting has the wizard's default."""

    mode = documented(
        RawString,
        {
            "type": "string",
            "enum": list(DeploymentMode.values),
            "default": DeploymentMode.STACKSET,
            "description": '"stackset" (several regions), "stack" (exactly one region) or "manual".',
        },
        required=False,
    )
    stack_name = documented(
        RawString,
        {
            "type": "string",
            "maxLength": 128,
            "pattern": "^([A-Za-z][A-Za-z0-9-]*)?$",
            "description": "Blank for Armor-GuardDuty-<account>.",
        },
        required=False,
    )
    log_retention_days = documented(RawInteger, RETENTION, required=False)
    tags = documented(RawStringMap, TAGS, required=False)
    iam_role_arn = documented(
        RawString,
        {
            "type": "string",
            "pattern": f"^({ROLE_ARN})?$",
            "description": "Optional: the StackSet's administration role (not the reader role).",
        },
        required=False,
    )


@extend_schema_field(DeploymentInputSerializer)
class DeploymentInputField(RawField):
    """The nested deployment settings, flattened into the service's field names by the view."""


@extend_schema_serializer(component_name="DeploymentChange")
class DeploymentChangeSerializer(serializers.Serializer):
    """What of a deployment changes in place (the mode and the stack name do not)."""

    # No default here: a PATCH that leaves retention out must not send one (it would reset it).
    log_retention_days = documented(
        RawInteger, {key: value for key, value in RETENTION.items() if key != "default"}, required=False
    )
    tags = documented(RawStringMap, TAGS, required=False)


@extend_schema_field(DeploymentChangeSerializer)
class DeploymentChangeField(RawField):
    """In a PATCH, the deployment settings that change in place."""


@extend_schema_serializer(component_name="LogSourceCreate")
class LogSourceInputSerializer(serializers.Serializer):
    """The fields `log_source_create` takes (it checks every one and names each problem)."""

    endpoint = RawInteger(help_text="The id of one of your endpoints (log relays).")
    source_type = documented(
        RawString,
        {"type": "string", "enum": [t.key for t in source_types.all_types()], "default": "guardduty"},
        required=False,
    )
    hostname = documented(
        RawString,
        {"type": "string", "minLength": 1, "maxLength": 253, "description": "Defaults to guardduty-<account>."},
        required=False,
    )
    protocol = documented(
        RawString,
        {"type": "string", "minLength": 1, "maxLength": 64, "description": "Defaults to the source type's protocol."},
        required=False,
    )
    aws_account_number = documented(RawString, ACCOUNT_NUMBER)
    credential_type = documented(RawString, CREDENTIAL_TYPE, required=False)
    role_arn = documented(
        RawString,
        {
            "type": "string",
            "pattern": f"^{ROLE_ARN}$",
            "description": "For a role: the reader role in the source's own account (the role template's RoleArn).",
        },
        required=False,
    )
    aws_access_key_id = documented(RawString, ACCESS_KEY_ID, required=False)
    aws_secret_access_key = documented(RawString, SECRET_ACCESS_KEY, required=False)
    regions = RegionsField()
    deployment = DeploymentInputField(
        required=False,
        help_text="Defaults: StackSet, retention 3 days. The same settings may also be given at the top level.",
    )


@extend_schema_serializer(component_name="LogSource")  # a PATCH body: PatchedLogSource
class LogSourceUpdateSerializer(serializers.Serializer):
    """What can change in place: regions, hostname, protocol, retention and tags (changes are deployed),
    or, in a PATCH of their own, the credentials."""

    credential_type = documented(
        RawString,
        {
            **CREDENTIAL_TYPE,
            "description": 'Replace the credentials: "role" (with role_arn) or "access_key" (with both keys). '
            "Tested first; a failed test saves nothing (409, with the checklist) unless save_unverified is true.",
        },
        required=False,
    )
    role_arn = documented(RawString, {"type": "string", "pattern": f"^{ROLE_ARN}$"}, required=False)
    aws_access_key_id = documented(RawString, ACCESS_KEY_ID, required=False)
    aws_secret_access_key = documented(RawString, SECRET_ACCESS_KEY, required=False)
    save_unverified = RawBoolean(
        required=False, help_text="true saves new credentials even when Test connection fails with them."
    )
    regions = RegionsField(required=False)
    hostname = documented(RawString, {"type": "string", "minLength": 1, "maxLength": 253}, required=False)
    protocol = documented(RawString, {"type": "string", "minLength": 1, "maxLength": 64}, required=False)
    deployment = DeploymentChangeField(
        required=False, help_text="Only log_retention_days and tags change in place; mode and stack_name do not."
    )


class DeploymentSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(source="deployment_mode", choices=DeploymentMode.values)
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
    credential_type = serializers.ChoiceField(choices=CredentialType.values)
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
    paused_reason = serializers.CharField(
        help_text='Why the relays no longer pull this source (its account left its AWS Organization); "" while they do.'
    )
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

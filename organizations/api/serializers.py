"""Organizations as the API shows and takes them."""

from __future__ import annotations

from rest_framework import serializers

from core.api.base import RawInteger, RawString, RawStringList, documented
from deployments.api.serializers import DeployCredentialsField
from log_sources.api.serializers import ACCOUNT_NUMBER, ROLE_ARN, RegionsField

from ..choices import AccountStatus, DeployStatus, OrganizationMode

MODE = {
    "type": "string",
    "enum": list(OrganizationMode.values),
    "description": '"administrator" (one collection in the GuardDuty delegated administrator receives every '
    'member\'s findings) or "every_account" (service-managed StackSets deploy to every account of the OUs).',
}
OU_IDS = {
    "type": "array",
    "items": {"type": "string", "pattern": "^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$"},
    "maxItems": 100,
    "description": "Every account mode: the OUs (or the root) the StackSets target; empty: the root.",
}
NAME = {"type": "string", "minLength": 1, "maxLength": 128}


class OrganizationAccountSerializer(serializers.Serializer):
    account_number = serializers.CharField()
    name = serializers.CharField()
    organizational_unit = serializers.CharField(source="parent_id")
    status = serializers.ChoiceField(choices=AccountStatus.values)
    guardduty_member = serializers.BooleanField(allow_null=True, help_text="Administrator mode; null: not known.")
    deploy_status = serializers.ChoiceField(choices=DeployStatus.values)
    deploy_error = serializers.CharField()
    source = serializers.IntegerField(source="source_id", allow_null=True)
    last_event_at = serializers.DateTimeField(allow_null=True)
    findings = serializers.IntegerField(allow_null=True, help_text="Administrator mode: findings collected of it.")
    regions_collecting = serializers.ListField(child=serializers.CharField())


class OrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    endpoint = serializers.IntegerField(source="endpoint_id")
    mode = serializers.ChoiceField(choices=OrganizationMode.values)
    account_number = serializers.CharField()
    credential_type = serializers.CharField()
    role_arn = serializers.CharField()
    external_id = serializers.CharField(source="tenant.aws_external_id")
    organization_id = serializers.CharField(source="aws_organization_id")
    organizational_unit_ids = serializers.ListField(child=serializers.CharField())
    regions = serializers.ListField(child=serializers.CharField())
    administrator_source = serializers.IntegerField(source="administrator_source_id", allow_null=True)
    accounts = OrganizationAccountSerializer(many=True, source="account_rows")
    summary = serializers.DictField(child=serializers.IntegerField())
    last_synced_at = serializers.DateTimeField(allow_null=True)
    last_sync_error = serializers.CharField()
    last_deployed_at = serializers.DateTimeField(allow_null=True)


class OrganizationInputSerializer(serializers.Serializer):
    name = documented(RawString, NAME)
    endpoint = RawInteger(help_text="The id of one of your endpoints (log relays).")
    mode = documented(RawString, MODE)
    account_number = documented(
        RawString, {**ACCOUNT_NUMBER, "description": "The GuardDuty delegated administrator or management account."}
    )
    credential_type = documented(
        RawString, {"type": "string", "enum": ["role"], "description": "Always a role."}, required=False
    )
    role_arn = documented(
        RawString,
        {
            "type": "string",
            "pattern": f"^{ROLE_ARN}$",
            "description": "The Organization role (its template's RoleArn).",
        },
    )
    organizational_unit_ids = documented(RawStringList, OU_IDS, required=False)
    regions = RegionsField()
    deploy_credentials = DeployCredentialsField(
        required=False, help_text="Optional one-time credentials to deploy at once; used in the request, never stored."
    )


class OrganizationUpdateSerializer(serializers.Serializer):
    name = documented(RawString, NAME, required=False)
    organizational_unit_ids = documented(RawStringList, OU_IDS, required=False)


class OrganizationDeployInputSerializer(serializers.Serializer):
    deploy_credentials = DeployCredentialsField(
        help_text="One-time credentials with CloudFormation (StackSets) rights; used in the request, never stored."
    )


class SyncResultSerializer(serializers.Serializer):
    accounts = serializers.IntegerField()
    added = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField())
    suspended = serializers.ListField(child=serializers.CharField())
    reactivated = serializers.ListField(child=serializers.CharField())
    sources_added = serializers.ListField(child=serializers.CharField())
    error = serializers.CharField()


class DeployResultSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=OrganizationMode.values)
    operation = serializers.IntegerField(required=False, help_text="Administrator mode: the deploy operation.")
    stack_set_operations = serializers.ListField(child=serializers.CharField(), required=False)
    targets = serializers.ListField(child=serializers.CharField(), required=False)
    sync = SyncResultSerializer(required=False)


def source_fields() -> dict:
    """What Organizations adds to the API's LogSource (set by organizations.selectors.read_organization_links)."""
    return {
        "organization": lambda: serializers.IntegerField(
            allow_null=True, help_text="The AWS Organization this source was added for, if any."
        ),
    }

"""Deploy operations, Test connection and a source's change in place, in and out of the API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import RawBoolean, RawField, RawString, documented
from deployments.choices import (
    FINAL_STATES,
    DeployState,
    DetectorStatus,
    OperationKind,
    OperationStatus,
    RegionAction,
    SampleFindingStatus,
)
from deployments.coverage import PLAN_LABELS
from deployments.templates import ORGANIZATION_ROLE_KIND, READER_ROLE_KIND
from log_sources.api.serializers import LogSourceSerializer, LogSourceUpdateSerializer
from log_sources.choices import DeploymentMode


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
    action = serializers.ChoiceField(choices=RegionAction.values)
    state = serializers.ChoiceField(choices=[DeployState.PENDING, DeployState.IN_PROGRESS, *FINAL_STATES])
    reason = serializers.CharField()
    updated_at = serializers.DateTimeField(allow_null=True)


class OperationSerializer(serializers.Serializer):
    """A launch, update or teardown of a source's Stack or StackSet, region by region."""

    operation = serializers.IntegerField(help_text="The operation's id.")
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=OperationKind.values, help_text='"create" (a launch), "update" or "delete" (a teardown).'
    )
    status = serializers.ChoiceField(choices=OperationStatus.values)
    mode = serializers.ChoiceField(
        choices=[DeploymentMode.STACK, DeploymentMode.STACKSET, READER_ROLE_KIND, ORGANIZATION_ROLE_KIND],
        help_text='"stack", "stackset", or a role\'s stack: "role" (a reader role) or "organization-role".',
    )
    stack_name = serializers.CharField()
    role_arn = serializers.CharField(allow_null=True, help_text="For a reader role's stack: the role it creates.")
    error = serializers.CharField()
    created_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    regions = OperationRegionSerializer(many=True)


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
    role_arn = serializers.CharField(required=False, help_text="For a role: the role that was assumed first.")


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


class LogSourceUpdateResultSerializer(LogSourceSerializer):
    operation = OperationSerializer(
        allow_null=True, help_text="The update the deploy workers run (null when nothing had to change in AWS)."
    )
    verification = VerificationSerializer(
        allow_null=True,
        help_text="After a credentials change: Test connection's checklist with the new credentials (else null).",
    )


def source_fields() -> dict:
    """What deployments adds to the API's LogSource (set by deployments.selectors.read_deployment_state)."""
    return {
        "console_links": lambda: serializers.DictField(
            child=serializers.CharField(),
            read_only=True,
            help_text="Region to the AWS console's quick-create link, where one exists (a Stack, once published).",
        ),
        "coverage": lambda: SourceCoverageField(source="*", read_only=True),
    }


class RegionCoverageSerializer(serializers.Serializer):
    """GuardDuty in one region: its detector, whether it is on, and which protection plans are."""

    detector_id = serializers.CharField(help_text='"" when there is no detector or it could not be checked.')
    detector_status = serializers.ChoiceField(
        choices=DetectorStatus.choices, help_text="unknown: not checked yet, or the check failed (see error)."
    )
    plans = serializers.DictField(
        child=serializers.BooleanField(),
        help_text="Protection plan -> on: " + ", ".join(PLAN_LABELS) + ".",
    )
    error = serializers.CharField()
    checked_at = serializers.DateTimeField(allow_null=True)


class SourceRegionCoverageSerializer(RegionCoverageSerializer):
    region = serializers.CharField()


@extend_schema_field(SourceRegionCoverageSerializer(many=True))
class SourceCoverageField(serializers.Field):
    """The source's GuardDuty coverage as a regions x plans matrix: one entry per region, in region order."""

    def to_representation(self, source):
        rows = []
        for region in sorted(source.regions.all(), key=lambda r: r.region):
            rows.append({"region": region.region, **RegionCoverageSerializer(region.coverage).data})
        return rows


class SampleFindingFiguresSerializer(serializers.Serializer):
    """The canary in one region: its last sample and the median delays of the recent ones (seconds)."""

    status = serializers.ChoiceField(choices=SampleFindingStatus.choices, allow_null=True)
    requested_at = serializers.DateTimeField(allow_null=True)
    stored_seconds = serializers.FloatField(allow_null=True, help_text="From the request to the event store.")
    searchable_seconds = serializers.FloatField(allow_null=True, help_text="From the request to Search.")
    median_stored_seconds = serializers.FloatField(allow_null=True)
    median_searchable_seconds = serializers.FloatField(allow_null=True)


class SampleFindingInputSerializer(serializers.Serializer):
    region = RawString(help_text="One of the source's regions.")


class SampleFindingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField()
    status = serializers.ChoiceField(choices=SampleFindingStatus.choices)
    requested_at = serializers.DateTimeField()


def region_fields() -> dict:
    """What deployments adds to each of a LogSource's `region_states`."""
    return {
        "deployment_state": lambda: serializers.ChoiceField(source="deployment.state", choices=DeployState.choices),
        "coverage": lambda: RegionCoverageSerializer(read_only=True),
        "sample_finding": lambda: SampleFindingFiguresSerializer(read_only=True),
    }


class AwsIdentitySerializer(serializers.Serializer):
    """What a script needs to create a reader role: whom it trusts and with which External ID."""

    principal_arn = serializers.CharField(
        help_text="The portal's AWS principal, the one the role's trust policy names (\"\" when roles are unavailable)."
    )
    roles_available = serializers.BooleanField(help_text="false until the portal's operator sets its principal.")
    external_id = serializers.CharField(help_text="Your tenant's External ID (sts:ExternalId); not a secret.")
    role_name = serializers.CharField(help_text="The role template's default role name.")
    role_template_url = serializers.CharField(help_text="Where to download the role template (YAML).")
    console_link = serializers.CharField(help_text="The AWS console's page to create the role stack.")
    console_link_cn = serializers.CharField(help_text="The same for the China partition.")


class ReaderRoleLaunchSerializer(serializers.Serializer):
    aws_account_number = RawString(help_text="The account to create the role in (the source's account).")
    kind = documented(
        RawString,
        {
            "type": "string",
            "enum": [READER_ROLE_KIND, ORGANIZATION_ROLE_KIND],
            "description": '"role" (a source\'s reader role, the default) or "organization-role" (the role an AWS '
            "Organization is read through, in its administrator or management account).",
        },
        required=False,
    )
    role_name = RawString(
        required=False,
        help_text="Defaults to ArmorGuardDutyReader (ArmorGuardDutyOrganizationReader for an Organization).",
    )
    region = RawString(required=False, help_text="Where the role's stack lives (IAM is global); us-east-1 by default.")
    deploy_credentials = DeployCredentialsField(
        help_text="One-time credentials with CloudFormation and IAM rights in that account; wiped when done."
    )

"""The AWS side over REST: deploy, verify, template and operations, and changing or deleting a deployed source.

The log-sources resource is log_sources' viewset (list, show, add) extended here with what
needs the AWS side, at the same URLs: a change in place is deployed, a delete may tear down.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_body, object_id, query_bool
from core.api.renderers import YamlRenderer
from core.aws import AwsCredentials
from core.errors import ValidationFailed
from deployments import selectors, services, templates
from deployments.throttles import KeyCheckThrottle, refuse_if_too_many_key_checks
from log_sources.api import views as log_source_views
from log_sources.api.views import source_input
from log_sources.services import log_source_credentials_validate
from tenants.selectors import require, tenant_of
from tenants.services import external_id_regenerate

from .serializers import (
    AwsIdentitySerializer,
    DeployInputSerializer,
    LogSourceUpdateInputSerializer,
    LogSourceUpdateResultSerializer,
    OperationSerializer,
    ReaderRoleLaunchSerializer,
    SampleFindingInputSerializer,
    SampleFindingSerializer,
    VerificationSerializer,
)


def deploy_credentials(value: Any) -> AwsCredentials | None:
    """One-time deploy credentials from the body; deployments.services checks the keys themselves."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValidationFailed.one(
            "deploy_credentials",
            "deploy_credentials must be an object of aws_access_key_id, aws_secret_access_key "
            "and (optionally) aws_session_token.",
        )
    parts = {}
    for key in ("aws_access_key_id", "aws_secret_access_key", "aws_session_token"):
        part = value.get(key)
        if part is not None and not isinstance(part, str):
            raise ValidationFailed.one("deploy_credentials", f"deploy_credentials.{key} must be text.")
        parts[key] = part or ""
    return AwsCredentials(
        parts["aws_access_key_id"], parts["aws_secret_access_key"], parts["aws_session_token"] or None
    )


CREDENTIAL_CHANGE_FIELDS = (
    "credential_type",
    "role_arn",
    "aws_access_key_id",
    "aws_secret_access_key",
    "save_unverified",
)


def operation_body(operation) -> dict[str, Any]:
    return {"operation": operation.pk, **selectors.operation_progress(operation)}


TEMPLATE_KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=list(templates.TEMPLATE_KINDS),
    default="stackset",
    description="stack (one region), stackset (several regions) or service-account (the IAM user for the portal).",
)


@extend_schema_view(
    partial_update=extend_schema(
        summary="Change regions, Log Retention In Days or tags (the change is deployed), or replace the credentials",
        description=(
            "Regions added or removed and new retention or tags are launched by the deploy workers when the "
            "portal deployed the source; `operation` follows that update (null when nothing changes in AWS). "
            "The account, the mode and the stack name cannot change in place.\n\n"
            "Credentials are replaced in a PATCH of their own: rotate keys (`credential_type` `access_key` with "
            "both keys), or move to a role (`role` with `role_arn`) or back. The new credentials are tested "
            "first, as Test connection does; a failed test changes nothing and answers 409 with the checklist "
            "in `verification`, unless `save_unverified` is true. The old secret is overwritten, and collection "
            "continues from the same checkpoints. Counts against the Test connection rate limit (429)."
        ),
        parameters=[ID_PARAMETER],
        request=LogSourceUpdateInputSerializer,
        responses={200: LogSourceUpdateResultSerializer, **errors(400, 404, 409, 429)},
    ),
    destroy=extend_schema(
        summary="Delete a log source",
        parameters=[
            ID_PARAMETER,
            OpenApiParameter(
                "keep_aws_resources",
                OpenApiTypes.BOOL,
                OpenApiParameter.QUERY,
                default=True,
                description="false also deletes the stacks the portal deployed in the customer's account.",
            ),
        ],
        responses={
            202: OpenApiResponse(
                OperationSerializer,
                description="Deleted; the teardown of its stacks goes on: follow it at operations/{operation}/.",
            ),
            204: OpenApiResponse(description="Deleted (nothing to remove in AWS, or kept)."),
            **errors(400, 404, 409),
        },
    ),
)
class LogSourceViewSet(log_source_views.LogSourceViewSet):
    """AWS accounts whose GuardDuty findings the portal collects."""

    # log_sources' viewset (list, show, add) with what needs the AWS side: a change in place is
    # deployed, a delete may tear down, and deploy, verify and template.

    def partial_update(self, request, pk=None):
        source = self.get_source(request, pk, "source.change")
        data = source_input(request, LogSourceUpdateInputSerializer, partial=True)
        if any(key in data for key in CREDENTIAL_CHANGE_FIELDS):
            return self._credentials_replace(request, source, data)
        credentials = deploy_credentials(data.pop("deploy_credentials", None))
        source, operation = services.deployed_source_update(
            user=request.user, source=source, data=data, deploy_credentials=credentials
        )
        body = self.source_body(self.get_source(request, source.pk))
        body["operation"] = operation_body(operation) if operation else None
        body["verification"] = None  # only a credentials change is tested
        return Response(body)

    def _credentials_replace(self, request, source, data: dict):
        """A PATCH of credentials alone: tested, then saved in place (or refused with the checklist)."""
        mixed = sorted(key for key in data if key not in CREDENTIAL_CHANGE_FIELDS)
        if mixed:
            raise ValidationFailed(
                {
                    key: [
                        "Replace credentials in a PATCH of their own (credential_type, role_arn, aws_access_key_id, "
                        "aws_secret_access_key, save_unverified), then change the rest."
                    ]
                    for key in mixed
                }
            )
        save_unverified = data.pop("save_unverified", False)
        if save_unverified is None:
            save_unverified = False
        if not isinstance(save_unverified, bool):
            raise ValidationFailed.one("save_unverified", "save_unverified must be true or false.")
        # Bad input is named before the check's budget is spent; the service checks it again.
        log_source_credentials_validate(user=request.user, source=source, data=data)
        refuse_if_too_many_key_checks(request)  # the new credentials are tried against AWS
        result = services.source_credentials_change(
            user=request.user, source=source, data=data, save_unverified=save_unverified
        )
        body = self.source_body(self.get_source(request, source.pk))
        body["operation"] = None
        body["verification"] = result
        return Response(body)

    def destroy(self, request, pk=None):
        keep = query_bool(request, "keep_aws_resources", default=True)
        source = self.get_source(request, pk, "source.delete")
        operation = services.deployed_source_delete(user=request.user, source=source, keep_aws_resources=keep)
        if operation is not None:
            # The source is gone at once; the teardown of its stacks goes on in the deploy workers.
            return Response(operation_body(operation), status=status.HTTP_202_ACCEPTED)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Launch the collection template (Stack or StackSet) in the source's regions",
        description=(
            'Either `{"use_source_credentials": true}` or `{"deploy_credentials": {...}}` (one-time keys with '
            "CloudFormation rights, wiped when the operation ends). Follow progress in the source's `region_states`."
        ),
        parameters=[ID_PARAMETER],
        request=DeployInputSerializer,
        responses={202: OperationSerializer, **errors(400, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def deploy(self, request, pk=None):
        source = self.get_source(request, pk, "source.deploy")
        serializer = DeployInputSerializer(data=object_body(request))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        use_source = data.get("use_source_credentials", False)
        if use_source is None:
            use_source = False
        if not isinstance(use_source, bool):
            raise ValidationFailed.one("use_source_credentials", "use_source_credentials must be true or false.")
        operation = services.deployment_launch(
            user=request.user,
            source=source,
            use_source_credentials=use_source,
            deploy_credentials=deploy_credentials(data.get("deploy_credentials")),
        )
        return Response(operation_body(operation), status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Test connection: account, log group and read permission in every region",
        parameters=[ID_PARAMETER],
        request=None,
        responses={200: VerificationSerializer, **errors(404, 429)},
    )
    @action(detail=True, methods=["post"], throttle_classes=[KeyCheckThrottle])
    def verify(self, request, pk=None):
        source = self.get_source(request, pk, "source.verify")
        return Response(services.connection_verify(user=request.user, source=source))

    @extend_schema(
        summary="Send a sample finding: time its way from GuardDuty to Search in one region",
        description=(
            "GuardDuty creates one sample finding (Recon:EC2/PortProbeUnprotectedPort, marked as a sample) in the "
            "region; the portal follows it into the event store and Search and shows the delays in the region's "
            "`sample_finding`. Needs Write Log Relays, and the guardduty:ListDetectors and "
            "guardduty:CreateSampleFindings permissions in AWS."
        ),
        parameters=[ID_PARAMETER],
        request=SampleFindingInputSerializer,
        responses={202: SampleFindingSerializer, **errors(400, 403, 404, 409, 429)},
    )
    @action(detail=True, methods=["post"], url_path="sample-finding")
    def sample_finding(self, request, pk=None):
        source = self.get_source(request, pk, "source.sample_finding")
        region = object_body(request).get("region")
        run = services.sample_finding_send(user=request.user, source=source, region=region)
        body = {
            "id": run.pk,
            "region": run.source_region.region,
            "status": run.status,
            "requested_at": run.requested_at.isoformat(),
        }
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Download a CloudFormation template",
        parameters=[ID_PARAMETER, TEMPLATE_KIND],
        responses={
            (200, "application/x-yaml"): OpenApiResponse(OpenApiTypes.STR, description="The template's YAML."),
            **errors(400, 404),
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, BrowsableAPIRenderer, YamlRenderer])
    def template(self, request, pk=None):
        self.get_source(request, pk)
        kind = request.query_params.get("kind", "stackset")
        if kind not in templates.TEMPLATE_KINDS:
            raise ValidationFailed.one("kind", f"kind must be one of: {', '.join(templates.TEMPLATE_KINDS)}.")
        response = HttpResponse(templates.template_text(kind), content_type="application/x-yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{templates.template_filename(kind)}"'
        return response


@extend_schema_view(
    retrieve=extend_schema(
        summary="Show a deploy operation (a launch, an update or a teardown) region by region",
        description=(
            "A teardown outlives the source it removes, so it is followed here rather than in the "
            "source's `region_states`. Needs Read Log Relays."
        ),
        parameters=[ID_PARAMETER],
        responses={200: OperationSerializer, **errors(404)},
    )
)
class OperationViewSet(PortalAPIMixin, viewsets.ViewSet):
    """Launches, updates and teardowns of the CloudFormation resources the portal deployed."""

    lookup_value_regex = r"[0-9]+"

    def retrieve(self, request, pk=None):
        operation = selectors.operation_get(user=request.user, pk=object_id(pk))
        return Response(operation_body(operation))


def _identity_body(request, tenant=None) -> dict[str, Any]:
    body = selectors.aws_identity(tenant=tenant or tenant_of(request.user))
    body["role_template_url"] = request.build_absolute_uri(reverse("api-aws-reader-role-template"))
    return body


class AwsIdentityView(PortalAPIMixin, APIView):
    """The portal's AWS principal and your tenant's External ID, for scripts that create the reader role."""

    @extend_schema(
        operation_id="aws_identity",
        summary="The portal's AWS principal and your tenant's External ID",
        responses={200: AwsIdentitySerializer, **errors()},
        tags=["aws"],
    )
    def get(self, request):
        require(request.user, "source.list")
        return Response(_identity_body(request))


class ExternalIdRegenerateView(PortalAPIMixin, APIView):
    """A new External ID for the tenant: every reader role that trusts the old one stops working."""

    @extend_schema(
        operation_id="aws_external_id_regenerate",
        summary="Regenerate your tenant's External ID",
        description=(
            "Every reader role that trusts the current External ID stops working until its stack is updated with "
            "the new one. Needs Manage Users and Write Log Relays."
        ),
        request=None,
        responses={200: AwsIdentitySerializer, **errors(403)},
        tags=["aws"],
    )
    def post(self, request):
        tenant = external_id_regenerate(actor=request.user, tenant=tenant_of(request.user))
        return Response(_identity_body(request, tenant))


class ReaderRoleLaunchView(PortalAPIMixin, APIView):
    """Launch the reader role template in an account (Launch for me), with one-time deploy credentials."""

    @extend_schema(
        operation_id="aws_reader_role_launch",
        summary="Create the reader role in an account (one Stack)",
        description=(
            "The deploy workers launch the role template with the credentials given (CloudFormation and IAM "
            "rights; wiped when the operation ends). Follow it at operations/{operation}/; `role_arn` is the "
            "role to enter as a source's role_arn once it succeeds."
        ),
        request=ReaderRoleLaunchSerializer,
        responses={202: OperationSerializer, **errors(400)},
        tags=["aws"],
    )
    def post(self, request):
        require(request.user, "source.add")  # before any input is judged: a 403 says more than a 400
        serializer = ReaderRoleLaunchSerializer(data=object_body(request))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        credentials = deploy_credentials(data.get("deploy_credentials"))
        if credentials is None:
            raise ValidationFailed.one("deploy_credentials", "deploy_credentials are required to create the role.")
        operation = services.reader_role_launch(
            user=request.user,
            account_number=data.get("aws_account_number") or "",
            deploy_credentials=credentials,
            # Left out: the defaults; sent blank: refused by the service, naming the field.
            role_name=data.get("role_name"),
            region="us-east-1" if data.get("region") is None else data["region"],
            kind=templates.READER_ROLE_KIND if data.get("kind") is None else data["kind"],
        )
        return Response(operation_body(operation), status=status.HTTP_202_ACCEPTED)


class ReaderRoleTemplateView(PortalAPIMixin, APIView):
    """The reader role's CloudFormation template, for scripts that create the role themselves."""

    renderer_classes = [JSONRenderer, YamlRenderer]

    @extend_schema(
        operation_id="aws_reader_role_template",
        summary="Download the reader role template",
        description=(
            "Parameters: RoleName, PortalPrincipalArn and ExternalId (both from aws/identity/). Output: RoleArn. "
            "Plain YAML (long-form functions), so any YAML parser reads it as an object."
        ),
        responses={
            (200, "application/x-yaml"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="The CloudFormation template, as YAML."
            ),
            **errors(),
        },
        tags=["aws"],
    )
    def get(self, request):
        require(request.user, "source.list")
        kind = templates.READER_ROLE_KIND
        response = HttpResponse(templates.template_text(kind), content_type="application/x-yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{templates.template_filename(kind)}"'
        return response

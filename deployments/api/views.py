"""The AWS side over REST: deploy, verify, template and operations, and changing or deleting a deployed source.

The log-sources resource is log_sources' viewset (list, show, add) extended here with what
needs the AWS side, at the same URLs: a change in place is deployed, a delete may tear down.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_body, object_id, query_bool
from core.api.renderers import YamlRenderer
from core.aws import AwsCredentials
from core.errors import ValidationFailed
from deployments import selectors, services, templates
from deployments.throttles import KeyCheckThrottle
from log_sources.api import views as log_source_views
from log_sources.api.views import source_input

from .serializers import (
    DeployInputSerializer,
    LogSourceUpdateInputSerializer,
    LogSourceUpdateResultSerializer,
    OperationSerializer,
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
        summary="Change regions, Log Retention In Days or tags (the change is deployed)",
        description=(
            "Regions added or removed and new retention or tags are launched by the deploy workers when the "
            "portal deployed the source; `operation` follows that update (null when nothing changes in AWS). "
            "The account, the mode and the stack name cannot change in place."
        ),
        parameters=[ID_PARAMETER],
        request=LogSourceUpdateInputSerializer,
        responses={200: LogSourceUpdateResultSerializer, **errors(400, 404, 409)},
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
        credentials = deploy_credentials(data.pop("deploy_credentials", None))
        source, operation = services.deployed_source_update(
            user=request.user, source=source, data=data, deploy_credentials=credentials
        )
        body = self.source_body(self.get_source(request, source.pk))
        body["operation"] = operation_body(operation) if operation else None
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

"""Log sources over REST: the same services and selectors as the wizard and the list page."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_body, object_id, query_bool
from core.api.renderers import YamlRenderer
from core.aws import AwsCredentials
from core.errors import ValidationFailed
from deployments import selectors as deployment_selectors
from deployments import services as deployment_services
from deployments import templates
from log_sources import regions, selectors, services
from relay import services as relay_services

from .serializers import (
    DeployInputSerializer,
    DeploymentInputSerializer,
    LogSourceInputSerializer,
    LogSourceSerializer,
    LogSourceUpdateInputSerializer,
    LogSourceUpdateResultSerializer,
    OperationSerializer,
    PullQueuedSerializer,
    RegionSerializer,
    VerificationSerializer,
)

DEPLOYMENT_FIELDS = tuple(DeploymentInputSerializer().fields)


# Fields a PATCH passes on although it cannot change them: the service says why, in its words.
FIXED_FIELDS = ("aws_account_number", "source_type")


def source_input(request, serializer_class, *, partial: bool = False) -> dict[str, Any]:
    """The body as the dict the service takes: `deployment` flattened, unknown fields refused.

    The deployment settings may also come at the top level, by the service's own names.
    A field the API does not know is refused rather than ignored, so a typo never passes
    silently.
    """
    body = object_body(request)
    serializer = serializer_class(data=body, partial=partial)
    serializer.is_valid(raise_exception=True)
    validated = dict(serializer.validated_data)
    known = set(serializer.fields) | set(DEPLOYMENT_FIELDS) | (set(FIXED_FIELDS) if partial else set())
    unknown = sorted(str(key) for key in body if key not in known)
    if unknown:
        if partial:
            message = (
                "This cannot be changed in place: PATCH changes regions, hostname, protocol and the deployment's "
                "log_retention_days and tags; delete the source and add it again for the rest."
            )
        else:
            message = "Unknown field; the fields are those of LogSourceInput in /api/schema/."
        raise ValidationFailed({key: [message] for key in unknown})
    data = {key: value for key, value in validated.items() if key != "deployment"}
    data.update({key: body[key] for key in FIXED_FIELDS if partial and key in body})
    deployment = validated.get("deployment")
    if deployment is not None:
        if not isinstance(deployment, dict):
            raise ValidationFailed.one(
                "deployment",
                "deployment must be an object of mode, stack_name, log_retention_days, tags and iam_role_arn.",
            )
        nested_unknown = sorted(str(key) for key in deployment if key not in DEPLOYMENT_FIELDS)
        if nested_unknown:
            raise ValidationFailed.one(
                "deployment",
                f"Unknown deployment setting {', '.join(nested_unknown)}; use {', '.join(DEPLOYMENT_FIELDS)}.",
            )
        data.update(deployment)
    for key in DEPLOYMENT_FIELDS:
        if key in body:
            if deployment is not None and key in deployment and deployment[key] != body[key]:
                raise ValidationFailed.one(key, f"{key} is given twice, at the top level and in deployment.")
            data[key] = body[key]
    return data


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
    return {"operation": operation.pk, **deployment_selectors.operation_progress(operation)}


@extend_schema_view(
    list=extend_schema(
        summary="List the supported AWS regions", responses={200: RegionSerializer(many=True), **errors()}
    )
)
class RegionViewSet(PortalAPIMixin, viewsets.ViewSet):
    """The AWS regions a log source can collect from (GovCloud is not supported)."""

    permission_classes = [IsAuthenticated]

    def list(self, request):
        return Response(RegionSerializer(regions.REGIONS, many=True).data)


TEMPLATE_KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=list(templates.TEMPLATE_KINDS),
    default="stackset",
    description="stack (one region), stackset (several regions) or service-account (the IAM user for the portal).",
)


@extend_schema_view(
    list=extend_schema(summary="List log sources", responses={200: LogSourceSerializer(many=True), **errors()}),
    retrieve=extend_schema(
        summary="Show a log source", parameters=[ID_PARAMETER], responses={200: LogSourceSerializer, **errors(404)}
    ),
    create=extend_schema(
        summary="Add a log source",
        description="The same rules as the Add Log Source wizard; every problem is named by its field.",
        request=LogSourceInputSerializer,
        responses={201: LogSourceSerializer, **errors(400)},
    ),
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
class LogSourceViewSet(PortalAPIMixin, viewsets.ViewSet):
    """AWS accounts whose GuardDuty findings the portal collects."""

    lookup_value_regex = r"[0-9]+"

    def get_source(self, request, pk, action_name: str = "source.view"):
        return selectors.log_source_get(user=request.user, pk=object_id(pk), action=action_name)

    def list(self, request):
        sources = selectors.log_source_list(user=request.user)
        return Response(LogSourceSerializer(sources, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(LogSourceSerializer(self.get_source(request, pk)).data)

    def create(self, request):
        data = source_input(request, LogSourceInputSerializer)
        source = services.log_source_create(user=request.user, data=data)
        source = self.get_source(request, source.pk)
        return Response(LogSourceSerializer(source).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        source = self.get_source(request, pk, "source.change")
        data = source_input(request, LogSourceUpdateInputSerializer, partial=True)
        credentials = deploy_credentials(data.pop("deploy_credentials", None))
        source, operation = services.log_source_update(
            user=request.user, source=source, data=data, deploy_credentials=credentials
        )
        body = LogSourceSerializer(self.get_source(request, source.pk)).data
        body["operation"] = operation_body(operation) if operation else None
        return Response(body)

    def destroy(self, request, pk=None):
        keep = query_bool(request, "keep_aws_resources", default=True)
        source = self.get_source(request, pk, "source.delete")
        operation = services.log_source_delete(user=request.user, source=source, keep_aws_resources=keep)
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
        operation = deployment_services.deployment_launch(
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
        responses={200: VerificationSerializer, **errors(404)},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        source = self.get_source(request, pk, "source.verify")
        return Response(deployment_services.connection_verify(user=request.user, source=source))

    @extend_schema(
        summary="Pull every region of the source now",
        parameters=[ID_PARAMETER],
        request=None,
        responses={202: PullQueuedSerializer, **errors(404)},
    )
    @action(detail=True, methods=["post"])
    def pull(self, request, pk=None):
        source = self.get_source(request, pk, "source.pull")
        relay_services.log_source_pull_now(user=request.user, source=source)
        return Response(
            {"detail": "A pull of every region is queued on the source's relay.", "regions": source.region_codes},
            status=status.HTTP_202_ACCEPTED,
        )

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
        operation = deployment_selectors.operation_get(user=request.user, pk=object_id(pk))
        return Response(operation_body(operation))

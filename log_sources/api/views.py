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

from deployments import templates
from log_sources import regions, selectors, services
from portal.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_body, object_id, query_bool
from portal.api.renderers import YamlRenderer
from portal.errors import ValidationFailed

from .serializers import (
    DeploymentInputSerializer,
    LogSourceInputSerializer,
    LogSourceSerializer,
    RegionSerializer,
)

DEPLOYMENT_FIELDS = tuple(DeploymentInputSerializer().fields)


def service_data(validated: dict[str, Any]) -> dict[str, Any]:
    """The API's nested `deployment` object flattened into the service's field names."""
    data = {key: value for key, value in validated.items() if key != "deployment"}
    deployment = validated.get("deployment")
    if deployment is None:
        return data
    if not isinstance(deployment, dict):
        raise ValidationFailed.one(
            "deployment", "deployment must be an object of mode, stack_name, log_retention_days, tags and iam_role_arn."
        )
    unknown = sorted(str(key) for key in deployment if key not in DEPLOYMENT_FIELDS)
    if unknown:
        raise ValidationFailed.one(
            "deployment", f"Unknown deployment setting {', '.join(unknown)}; use {', '.join(DEPLOYMENT_FIELDS)}."
        )
    data.update(deployment)
    return data


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
        responses={204: None, **errors(400, 404, 409)},
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
        serializer = LogSourceInputSerializer(data=object_body(request))
        serializer.is_valid(raise_exception=True)
        source = services.log_source_create(user=request.user, data=service_data(serializer.validated_data))
        source = self.get_source(request, source.pk)
        return Response(LogSourceSerializer(source).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        keep = query_bool(request, "keep_aws_resources", default=True)
        source = self.get_source(request, pk, "source.delete")
        services.log_source_delete(user=request.user, source=source, keep_aws_resources=keep)
        return Response(status=status.HTTP_204_NO_CONTENT)

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

"""Log sources over REST: the same services and selectors as the wizard and the list page."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_body, object_id
from core.errors import ValidationFailed
from log_sources import regions, selectors, services

from .serializers import (
    DeploymentInputSerializer,
    LogSourceInputSerializer,
    LogSourceSerializer,
    RegionSerializer,
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
                "This cannot be changed in place: PATCH changes regions, hostname, protocol, the deployment's "
                "log_retention_days and tags, and the credentials; delete the source and add it again for the rest."
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
        data.update(_deployment_settings(deployment))
    top_level = _deployment_settings({key: body[key] for key in DEPLOYMENT_FIELDS if key in body})
    for key, value in top_level.items():
        if deployment is not None and key in deployment and deployment[key] != body[key]:
            raise ValidationFailed.one(key, f"{key} is given twice, at the top level and in deployment.")
        data[key] = value
    return data


def _deployment_settings(values: dict[str, Any]) -> dict[str, Any]:
    """The deployment settings with their fields' type rules applied, nested or not (`true` is no stack name)."""
    serializer = DeploymentInputSerializer(data=values, partial=True)
    if not serializer.is_valid():
        raise ValidationFailed(
            {key: [str(message) for message in messages] for key, messages in serializer.errors.items()}
        )
    return dict(serializer.validated_data)


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
        return Response(self.source_body(self.get_source(request, pk)))

    def create(self, request):
        data = source_input(request, LogSourceInputSerializer)
        source = services.log_source_create(user=request.user, data=data)
        return Response(self.source_body(self.get_source(request, source.pk)), status=status.HTTP_201_CREATED)

    def source_body(self, source) -> dict:
        return LogSourceSerializer(selectors.log_source_state(source)).data

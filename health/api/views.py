"""Collection health over REST: GET /api/v1/health/ and a source's thresholds."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_body, object_id
from core.errors import ValidationFailed
from log_sources.selectors import log_source_get, log_source_state

from ..choices import HealthLevel
from ..selectors import health_rows, health_sources
from ..services import health_thresholds_set
from .serializers import HealthRowSerializer, SourceHealthSerializer, ThresholdsInputSerializer


class HealthListView(PortalAPIMixin, APIView):
    """Every source and region with its health, worst first."""

    @extend_schema(
        summary="Health of every source and region",
        parameters=[
            OpenApiParameter(
                "health",
                str,
                enum=HealthLevel.values,
                description="Only the sources at this level (and their regions).",
                required=False,
            )
        ],
        responses={200: HealthRowSerializer(many=True), **errors(400)},
    )
    def get(self, request):
        level = request.query_params.get("health", "")
        if level and level not in HealthLevel.values:
            raise ValidationFailed.one("health", f"health must be one of {', '.join(HealthLevel.values)}.")
        rows = health_rows(health_sources(user=request.user, level=level), problems_only=False)
        return Response(HealthRowSerializer(rows, many=True).data)


class LogSourceHealthView(PortalAPIMixin, APIView):
    """A source's health and its thresholds; PATCH changes the thresholds."""

    @extend_schema(
        summary="A source's health and staleness thresholds",
        parameters=[ID_PARAMETER],
        responses={200: SourceHealthSerializer, **errors(404)},
    )
    def get(self, request, pk=None):
        source = log_source_state(log_source_get(user=request.user, pk=object_id(pk)))
        return Response(SourceHealthSerializer(source).data)

    @extend_schema(
        summary="Change when a quiet source turns Warning and Critical",
        parameters=[ID_PARAMETER],
        request=ThresholdsInputSerializer,
        responses={200: SourceHealthSerializer, **errors(400, 404)},
    )
    def patch(self, request, pk=None):
        source = log_source_get(user=request.user, pk=object_id(pk), action="source.change")
        health_thresholds_set(user=request.user, source=source, data=object_body(request))
        return Response(SourceHealthSerializer(log_source_state(source)).data)

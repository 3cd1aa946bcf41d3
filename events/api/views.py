"""Search over REST: events and findings, the Search page's filters (events.filtersets), keyset pages, OCSF."""

from __future__ import annotations

from django import forms
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_id
from core.errors import ValidationFailed
from events import ocsf, selectors
from events.filtersets import EventFilterSet, FindingFilterSet, SourceIdField
from events.models import Finding

from .serializers import FindingPageSerializer, FindingSerializer, LogEventPageSerializer, LogEventSerializer

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _page_size(value: str | None) -> int:
    if value in (None, ""):
        return DEFAULT_PAGE_SIZE
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
        raise ValidationFailed.one("page_size", f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}.")
    return int(value)


# The OpenAPI type of each kind of filter field; anything else is a string.
_SCHEMA_TYPES = (
    (SourceIdField, OpenApiTypes.INT),
    (forms.FloatField, OpenApiTypes.NUMBER),
    (forms.DateTimeField, OpenApiTypes.DATETIME),
)


def _filter_parameters(filterset=EventFilterSet) -> list[OpenApiParameter]:
    """The API's filters as the filterset defines them: names, types, choices and help texts."""
    parameters = []
    for name, field in filterset().form.fields.items():
        kind = next((t for cls, t in _SCHEMA_TYPES if isinstance(field, cls)), OpenApiTypes.STR)
        enum = [value for value, _ in field.choices if value] if isinstance(field, forms.ChoiceField) else None
        parameters.append(
            OpenApiParameter(name, kind, OpenApiParameter.QUERY, enum=enum, description=str(field.help_text))
        )
    return parameters


PAGE_PARAMETERS = [
    OpenApiParameter(
        "cursor", OpenApiTypes.STR, OpenApiParameter.QUERY, description="The page after this one: take it from `next`."
    ),
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        OpenApiParameter.QUERY,
        description=f"Events per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
    ),
]


class LogEventSearchView(PortalAPIMixin, APIView):
    """Collected GuardDuty findings, newest first, one keyset page at a time.

    A plain view rather than a viewset's `list`: the body is a page object, not an array.
    """

    @extend_schema(
        operation_id="events_search",
        summary="Search collected events",
        tags=["events"],
        parameters=[*_filter_parameters(), *PAGE_PARAMETERS],
        responses={200: LogEventPageSerializer, **errors(400)},
    )
    def get(self, request):
        params = request.query_params
        events = EventFilterSet(params, request=request).qs  # a bad filter is a 400 naming it
        rows, cursor = selectors.event_page(
            events, cursor=params.get("cursor", ""), size=_page_size(params.get("page_size"))
        )
        next_url = replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None
        return Response({"next": next_url, "results": LogEventSerializer(rows, many=True).data})


class OCSFRenderer(JSONRenderer):
    """`?format=ocsf`: the finding as an OCSF Detection Finding, JSON like the rest of the API."""

    format = "ocsf"


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["json", "ocsf"],
    description=f"`ocsf`: OCSF {ocsf.OCSF_VERSION} Detection Findings (class_uid 2004) instead of the portal's fields.",
)


class _FindingView(PortalAPIMixin, APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, OCSFRenderer]


class FindingListView(_FindingView):
    """GuardDuty findings, one per finding through its updates (the latest state), last seen first."""

    @extend_schema(
        operation_id="findings_list",
        summary="List findings",
        description="Keyset pages of findings. With `format=ocsf` the whole result is streamed instead, "
        "as JSON lines (`application/x-ndjson`), one OCSF Detection Finding per line, without pages.",
        tags=["findings"],
        parameters=[*_filter_parameters(FindingFilterSet), *PAGE_PARAMETERS, FORMAT_PARAMETER],
        responses={
            (200, "application/json"): FindingPageSerializer,
            (200, "application/x-ndjson"): OpenApiResponse(
                OpenApiTypes.STR, description="`format=ocsf`: one OCSF Detection Finding (JSON) per line."
            ),
            **errors(400),
        },
    )
    def get(self, request):
        params = request.query_params
        findings = FindingFilterSet(params, request=request).qs  # a bad filter is a 400 naming it
        if request.accepted_renderer.format == "ocsf":
            return StreamingHttpResponse(ocsf.as_jsonl(findings), content_type="application/x-ndjson; charset=utf-8")
        rows, cursor = selectors.finding_page(
            findings, cursor=params.get("cursor", ""), size=_page_size(params.get("page_size"))
        )
        next_url = replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None
        data = FindingSerializer(rows, many=True, context={"request": request}).data
        return Response({"next": next_url, "results": data})


class FindingDetailView(_FindingView):
    """One finding's latest state, or (`format=ocsf`) the same as an OCSF Detection Finding."""

    @extend_schema(
        operation_id="findings_retrieve",
        summary="Get a finding",
        tags=["findings"],
        parameters=[ID_PARAMETER, FORMAT_PARAMETER],
        responses={200: FindingSerializer, **errors(404)},
    )
    def get(self, request, pk):
        finding: Finding = selectors.finding_get(user=request.user, pk=object_id(pk))
        if request.accepted_renderer.format == "ocsf":
            return Response(ocsf.detection_finding(finding))
        return Response(FindingSerializer(finding, context={"request": request}).data)

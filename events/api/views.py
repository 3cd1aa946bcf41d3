"""Search over REST: the Search page's filters (events.filtersets) and keyset pages."""

from __future__ import annotations

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from core.api.base import PortalAPIMixin, errors
from core.errors import ValidationFailed
from events import selectors
from events.filtersets import EventFilterSet, SourceIdField

from .serializers import LogEventPageSerializer, LogEventSerializer

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


def _filter_parameters() -> list[OpenApiParameter]:
    """The API's filters as the filterset defines them: names, types, choices and help texts."""
    parameters = []
    for name, field in EventFilterSet().form.fields.items():
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

"""Search over REST: the Search page's selector and keyset pages; filters come from the query string."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from core.api.base import PortalAPIMixin, errors, reference_id
from core.errors import ValidationFailed
from events import selectors

from .serializers import LogEventPageSerializer, LogEventSerializer

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _moment(name: str, value: str | None) -> datetime | None:
    """An ISO 8601 time from the query string (UTC when it names no offset)."""
    if not value:
        return None
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationFailed.one(name, f"{name} must be an ISO 8601 time, e.g. 2026-01-31T08:00:00Z.")
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # e.g. year 1 with a positive offset: before the first UTC instant
        raise ValidationFailed.one(name, f"{name} is out of range.") from None


def _number(name: str, value: str | None) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValidationFailed.one(name, f"{name} must be a number, e.g. 7 or 4.5.")
    return number


def _page_size(value: str | None) -> int:
    if value in (None, ""):
        return DEFAULT_PAGE_SIZE
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
        raise ValidationFailed.one("page_size", f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}.")
    return int(value)


def _text(name: str, value: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, description=value)


SEARCH_PARAMETERS = [
    _text(
        "q",
        "The Search syntax: terms are ANDed, `*` matches any run of characters and `?` one, "
        '"quoted phrases" keep their spaces. Example: `*123456789012*`.',
    ),
    OpenApiParameter("source", OpenApiTypes.INT, OpenApiParameter.QUERY, description="A log source's id."),
    _text("region", "A region code, e.g. eu-west-1."),
    OpenApiParameter(
        "severity_min", OpenApiTypes.NUMBER, OpenApiParameter.QUERY, description="The lowest severity, 1.0 to 8.9."
    ),
    OpenApiParameter(
        "severity",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=["low", "medium", "high"],
        description="GuardDuty's severity band.",
    ),
    _text("finding_type", "The exact finding type, e.g. Recon:EC2/PortProbeUnprotectedPort."),
    OpenApiParameter(
        "since", OpenApiTypes.DATETIME, OpenApiParameter.QUERY, description="Events at or after this time."
    ),
    OpenApiParameter("until", OpenApiTypes.DATETIME, OpenApiParameter.QUERY, description="Events before this time."),
    _text("cursor", "The page after this one: take it from `next`."),
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
        parameters=SEARCH_PARAMETERS,
        responses={200: LogEventPageSerializer, **errors(400)},
    )
    def get(self, request):
        params = request.query_params
        events = selectors.event_search(
            user=request.user,
            q=params.get("q", ""),
            source=reference_id("source", params.get("source"), "source must be a log source's id."),
            region=params.get("region") or None,
            severity_min=_number("severity_min", params.get("severity_min")),
            severity_band=params.get("severity") or None,
            finding_type=params.get("finding_type") or None,
            since=_moment("since", params.get("since")),
            until=_moment("until", params.get("until")),
        )
        rows, cursor = selectors.event_page(
            events, cursor=params.get("cursor", ""), size=_page_size(params.get("page_size"))
        )
        next_url = replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None
        return Response({"next": next_url, "results": LogEventSerializer(rows, many=True).data})

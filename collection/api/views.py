"""Pull now over REST: POST /api/v1/log-sources/{id}/pull/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from collection import services
from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_id
from log_sources.selectors import log_source_get

from .serializers import PullQueuedSerializer


class LogSourcePullView(PortalAPIMixin, APIView):
    """Pull every region of a log source now, on its relay."""

    @extend_schema(
        summary="Pull every region of the source now",
        parameters=[ID_PARAMETER],
        request=None,
        responses={202: PullQueuedSerializer, **errors(404)},
    )
    def post(self, request, pk=None):
        source = log_source_get(user=request.user, pk=object_id(pk), action="source.pull")
        services.log_source_pull_now(user=request.user, source=source)
        return Response(
            {"detail": "A pull of every region is queued on the source's relay.", "regions": source.region_codes},
            status=status.HTTP_202_ACCEPTED,
        )

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.response import Response

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_body, object_id
from relay import selectors, services
from relay.models import Endpoint

from .serializers import EndpointInputSerializer, EndpointSerializer


@extend_schema_view(
    list=extend_schema(summary="List log relay endpoints", responses={200: EndpointSerializer(many=True), **errors()}),
    retrieve=extend_schema(
        summary="Show a log relay endpoint",
        parameters=[ID_PARAMETER],
        responses={200: EndpointSerializer, **errors(404)},
    ),
    create=extend_schema(
        summary="Add a log relay endpoint",
        request=EndpointInputSerializer,
        responses={201: EndpointSerializer, **errors(400)},
    ),
    destroy=extend_schema(
        summary="Delete a log relay endpoint (refused while a log source uses it)",
        parameters=[ID_PARAMETER],
        responses={204: None, **errors(404, 409)},
    ),
)
class EndpointViewSet(PortalAPIMixin, viewsets.ViewSet):
    """Log relays: each is a queue that its own workers consume."""

    lookup_value_regex = r"[0-9]+"

    def list(self, request):
        endpoints = selectors.endpoint_list(user=request.user)
        return Response(EndpointSerializer(endpoints, many=True).data)

    def retrieve(self, request, pk=None):
        endpoint = selectors.endpoint_get(user=request.user, pk=object_id(pk))
        return Response(EndpointSerializer(endpoint).data)

    def create(self, request):
        serializer = EndpointInputSerializer(data=object_body(request))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        endpoint = services.endpoint_create(user=request.user, name=data.get("name"), hostname=data.get("hostname"))
        return Response(EndpointSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        # The delete permission alone is enough: deleting needs no right to view.
        endpoint = Endpoint.objects.restrict(request.user, "endpoint.delete").get(pk=object_id(pk))
        services.endpoint_delete(user=request.user, endpoint=endpoint)
        return Response(status=status.HTTP_204_NO_CONTENT)

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_body, object_id
from notifications import selectors, services

from .serializers import (
    ChannelChangeSerializer,
    ChannelInputSerializer,
    ChannelSerializer,
    ChannelWithSecretSerializer,
    DeliveryDetailSerializer,
    DeliverySerializer,
    SecretSerializer,
)

DELIVERY_PAGE = 50


@extend_schema_view(
    list=extend_schema(summary="List notification channels", responses={200: ChannelSerializer(many=True), **errors()}),
    retrieve=extend_schema(
        summary="Show a notification channel",
        parameters=[ID_PARAMETER],
        responses={200: ChannelSerializer, **errors(404)},
    ),
    create=extend_schema(
        summary="Add a notification channel (a webhook's signing secret is in this response only)",
        request=ChannelInputSerializer,
        responses={201: ChannelWithSecretSerializer, **errors(400)},
    ),
    partial_update=extend_schema(
        summary="Change a notification channel's name, target, events or enabled",
        parameters=[ID_PARAMETER],
        request=ChannelChangeSerializer,
        responses={200: ChannelSerializer, **errors(400, 404)},
    ),
    destroy=extend_schema(
        summary="Delete a notification channel and its delivery history",
        parameters=[ID_PARAMETER],
        responses={204: None, **errors(404)},
    ),
)
class NotificationChannelViewSet(PortalAPIMixin, viewsets.ViewSet):
    """Where collection-health alerts go: email addresses or signed webhooks."""

    lookup_value_regex = r"[0-9]+"

    def list(self, request):
        channels = selectors.with_recent_deliveries(selectors.channel_list(user=request.user))
        return Response(ChannelSerializer(channels, many=True).data)

    def retrieve(self, request, pk=None):
        channel = selectors.channel_get(user=request.user, pk=object_id(pk))
        return Response(ChannelSerializer(channel).data)

    def create(self, request):
        serializer = ChannelInputSerializer(data=object_body(request))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        created = services.channel_create(
            user=request.user,
            kind=data.get("kind"),
            name=data.get("name"),
            target=data.get("target"),
            events=data.get("events"),
            enabled=data.get("enabled", True),
        )
        body = {**ChannelSerializer(created.channel).data, "secret": created.secret}
        return Response(body, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        channel = selectors.channel_for_manage(user=request.user, pk=object_id(pk))
        body = object_body(request)
        serializer = ChannelChangeSerializer(data=body, partial=True)
        serializer.is_valid(raise_exception=True)
        # Unknown keys go to the service too, which names them rather than ignoring them.
        changes = {**{k: v for k, v in body.items() if k not in serializer.fields}, **serializer.validated_data}
        channel = services.channel_update(user=request.user, channel=channel, changes=changes)
        return Response(ChannelSerializer(channel).data)

    def destroy(self, request, pk=None):
        channel = selectors.channel_for_manage(user=request.user, pk=object_id(pk))
        services.channel_delete(user=request.user, channel=channel)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Send a test notification through the channel now (so many per address and hour)",
        parameters=[ID_PARAMETER],
        request=None,
        responses={202: DeliverySerializer, **errors(404, 429)},
    )
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        channel = selectors.channel_for_manage(user=request.user, pk=object_id(pk))
        delivery = services.channel_test(user=request.user, channel=channel)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Replace a webhook's signing secret (the new one is in this response only)",
        parameters=[ID_PARAMETER],
        request=None,
        responses={200: SecretSerializer, **errors(400, 404)},
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        channel = selectors.channel_for_manage(user=request.user, pk=object_id(pk))
        secret = services.channel_rotate_secret(user=request.user, channel=channel)
        return Response({"secret": secret})

    @extend_schema(
        summary="The channel's latest deliveries (newest first) with every attempt",
        parameters=[ID_PARAMETER],
        responses={200: DeliveryDetailSerializer(many=True), **errors(404)},
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        channel = selectors.channel_get(user=request.user, pk=object_id(pk))
        deliveries = selectors.delivery_list(user=request.user, channel=channel)[:DELIVERY_PAGE]
        return Response(DeliveryDetailSerializer(deliveries, many=True).data)

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import RawBoolean, RawString, RawStringList, documented
from notifications.choices import DELIVERY_EVENTS, ChannelKind, DeliveryStatus, Event
from notifications.models import Delivery, NotificationChannel
from notifications.selectors import last_delivery

EVENT_NAMES = [event.value for event in Event]


@extend_schema_field({"type": "array", "items": {"type": "string", "enum": EVENT_NAMES}})
class EventList(serializers.ListField):
    """The channel's events, documented with the same enum as the input."""


class ChannelInputSerializer(serializers.Serializer):
    """What `notifications.services.channel_create` takes; it checks every value and names the field."""

    kind = documented(RawString, {"type": "string", "enum": [kind.value for kind in ChannelKind]})
    name = documented(RawString, {"type": "string", "minLength": 1, "maxLength": 100})
    target = documented(
        RawString,
        {
            "type": "string",
            "minLength": 1,
            "maxLength": 2000,
            "description": "Email: one address or several separated by commas. Webhook: an https:// URL "
            "whose host resolves to public addresses only.",
        },
    )
    events = documented(
        RawStringList,
        {
            "type": "array",
            "items": {"type": "string", "enum": EVENT_NAMES},
            "minItems": 1,
            "description": "The health changes the channel is told about; all three when left out.",
        },
    )
    enabled = RawBoolean(required=False)


class ChannelChangeSerializer(serializers.Serializer):
    """What `channel_update` takes: any of these; the kind cannot change."""

    name = documented(RawString, {"type": "string", "minLength": 1, "maxLength": 100})
    target = documented(RawString, {"type": "string", "minLength": 1, "maxLength": 2000})
    events = documented(RawStringList, {"type": "array", "items": {"type": "string", "enum": EVENT_NAMES}})
    enabled = RawBoolean(required=False)


class AttemptSerializer(serializers.Serializer):
    attempted_at = serializers.DateTimeField()
    status_code = serializers.IntegerField(allow_null=True, help_text="The receiver's HTTP status, if it answered.")
    error = serializers.CharField()
    duration_ms = serializers.IntegerField()


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.ChoiceField(choices=DELIVERY_EVENTS)
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    attempts = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.CharField()


class DeliveryDetailSerializer(DeliverySerializer):
    subject = serializers.CharField()
    attempt_log = AttemptSerializer(many=True, help_text="Every attempt, oldest first.")


class ChannelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ChannelKind.choices)
    name = serializers.CharField()
    target = serializers.CharField()
    events = EventList(child=serializers.CharField())
    enabled = serializers.BooleanField()
    last_delivery = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(DeliverySerializer(allow_null=True))
    def get_last_delivery(self, channel: NotificationChannel):
        delivery: Delivery | None = last_delivery(channel)
        return DeliverySerializer(delivery).data if delivery else None


class ChannelWithSecretSerializer(ChannelSerializer):
    secret = serializers.CharField(
        help_text="Webhooks: the key of X-Portal-Signature. Shown in this response only; empty for email."
    )


class SecretSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="The new signing secret, shown in this response only.")

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class LogEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.IntegerField(source="source_id", help_text="The log source's id.")
    region = serializers.CharField()
    timestamp = serializers.DateTimeField(help_text="When CloudWatch Logs received the event.")
    ingested_at = serializers.DateTimeField(help_text="When the relay stored it.")
    finding_id = serializers.CharField()
    finding_type = serializers.CharField()
    severity = serializers.FloatField(allow_null=True)
    severity_label = serializers.CharField(help_text='"Low", "Medium", "High", "Critical", or "" without a severity.')
    account_id = serializers.CharField()
    title = serializers.CharField()
    resource_type = serializers.CharField(help_text="GuardDuty's resourceType, e.g. Instance, AccessKey, S3Bucket.")
    resource_id = serializers.CharField(help_text="The resource's id: an instance id, access key id, bucket name...")
    resource_name = serializers.CharField(help_text="A name beside the id: the key's user, the object's key...")
    finding_region = serializers.CharField(help_text="The finding's own region ('' when it names none).")
    message = serializers.CharField(help_text="The raw message: the EventBridge envelope as JSON text.")


class LogEventPageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True, help_text="The URL of the next (older) page; null on the last.")
    results = LogEventSerializer(many=True)


class FindingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    finding_id = serializers.CharField(help_text="GuardDuty's finding id.")
    finding_type = serializers.CharField()
    title = serializers.CharField()
    severity = serializers.FloatField(allow_null=True, help_text="The latest state's severity, 1.0 to 10.0.")
    severity_label = serializers.CharField(help_text='"Low", "Medium", "High", "Critical", or "" without a severity.')
    account_id = serializers.CharField(help_text="The finding's own AWS account.")
    region = serializers.CharField(help_text="The finding's own region.")
    resource_type = serializers.CharField(help_text="GuardDuty's resourceType, e.g. Instance, AccessKey, S3Bucket.")
    resource_id = serializers.CharField()
    resource_name = serializers.CharField()
    count = serializers.IntegerField(
        allow_null=True, help_text="GuardDuty's service.count: how often it saw the activity."
    )
    first_seen = serializers.DateTimeField(allow_null=True)
    last_seen = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True, help_text="GuardDuty's updatedAt of the state shown.")
    occurrences = serializers.IntegerField(help_text="How many times the portal collected it (each stored event once).")
    events = serializers.SerializerMethodField(help_text="GET events/ filtered to this finding's occurrences.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_events(self, finding) -> str:
        query = urlencode({"q": finding.finding_id, "finding_id": finding.finding_id})
        url = f"{reverse('api-events')}?{query}"
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class FindingPageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True, help_text="The URL of the next page; null on the last.")
    results = FindingSerializer(many=True)

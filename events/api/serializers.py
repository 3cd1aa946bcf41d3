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
    severity_label = serializers.CharField(help_text='"Low", "Medium", "High", or "" without a severity.')
    account_id = serializers.CharField()
    title = serializers.CharField()
    message = serializers.CharField(help_text="The raw message: the EventBridge envelope as JSON text.")


class LogEventPageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True, help_text="The URL of the next (older) page; null on the last.")
    results = LogEventSerializer(many=True)

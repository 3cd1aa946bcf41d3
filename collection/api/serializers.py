from rest_framework import serializers

from collection.choices import CollectionState, SourceStatus


class PullQueuedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    regions = serializers.ListField(child=serializers.CharField())


def source_fields() -> dict:
    """What the pull engine adds to the API's LogSource (set by collection.selectors.read_collection_state)."""
    return {
        "status": lambda: serializers.ChoiceField(
            choices=SourceStatus.choices, help_text="The source in one word, as a code; status_label is its label."
        ),
        "status_label": lambda: serializers.CharField(help_text="The status as External Sources shows it."),
        "last_event_at": lambda: serializers.DateTimeField(allow_null=True),
    }


def region_fields() -> dict:
    """What the pull engine adds to each of a LogSource's `region_states`."""
    return {
        "collection_state": lambda: serializers.ChoiceField(
            source="unit.collection_state", choices=CollectionState.choices
        ),
        "last_event_at": lambda: serializers.DateTimeField(source="unit.last_event_at", allow_null=True),
        "last_pull_at": lambda: serializers.DateTimeField(source="unit.last_pull_at", allow_null=True),
        "last_error": lambda: serializers.CharField(read_only=True),
    }

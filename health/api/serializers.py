from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from core.api.base import RawInteger

from ..choices import HealthLevel


class HealthSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=HealthLevel.choices, help_text="ok, warning or critical.")
    label = serializers.CharField(help_text="The level as the pages show it.")
    reason = serializers.CharField(help_text='Why, in words ("" when OK).')
    since = serializers.DateTimeField(allow_null=True, help_text="When the source or region reached this level.")


class SourceHealthSerializer(serializers.Serializer):
    """A source's health and its staleness thresholds (read from the LogSource itself)."""

    level = serializers.ChoiceField(
        source="health.level", choices=HealthLevel.choices, help_text="ok, warning or critical."
    )
    label = serializers.CharField(source="health.label")
    reason = serializers.CharField(source="health.reason", help_text='Why, in words ("" when OK).')
    since = serializers.DateTimeField(source="health.since", allow_null=True)
    warning_after_hours = serializers.IntegerField(
        source="health_thresholds.warning_after_hours", help_text="No event for this long: Warning."
    )
    critical_after_hours = serializers.IntegerField(
        source="health_thresholds.critical_after_hours", help_text="No event for this long: Critical."
    )


def source_fields() -> dict:
    """What collection health adds to the API's LogSource (set by health.selectors.read_health)."""
    return {"health": lambda: SourceHealthSerializer(source="*", read_only=True)}


def region_fields() -> dict:
    """What collection health adds to each of a LogSource's `region_states`."""
    return {"health": lambda: HealthSerializer(read_only=True)}


class HealthRowSerializer(serializers.Serializer):
    """A source (region null) or one of its regions, with its health."""

    source = serializers.IntegerField(source="source.pk")
    hostname = serializers.CharField(source="source.hostname")
    aws_account_number = serializers.CharField(source="source.aws_account_number")
    region = serializers.CharField(source="region.region", allow_null=True, default=None)
    health = serializers.ChoiceField(source="health.level", choices=HealthLevel.choices)
    reason = serializers.CharField(source="health.reason")
    since = serializers.DateTimeField(source="health.since", allow_null=True)


@extend_schema_serializer(component_name="HealthThresholds")
class ThresholdsInputSerializer(serializers.Serializer):
    warning_after_hours = RawInteger(required=False, help_text="Whole hours, 1-8760; less than critical_after_hours.")
    critical_after_hours = RawInteger(required=False, help_text="Whole hours, 1-8760.")

"""The Search page's query and filters, and the retention setting."""

from __future__ import annotations

from django import forms

from log_sources.models import LogSource
from log_sources.regions import REGION_CHOICES

from .models import SeverityBand

RANGES = [
    ("", "Any time"),
    ("1h", "Last hour"),
    ("24h", "Last 24 hours"),
    ("7d", "Last 7 days"),
    ("30d", "Last 30 days"),
]
RANGE_HOURS = {"1h": 1, "24h": 24, "7d": 24 * 7, "30d": 24 * 30}


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=1000, label="Search")
    source = forms.ModelChoiceField(queryset=LogSource.objects.none(), required=False, empty_label="All sources")
    region = forms.ChoiceField(choices=[("", "All regions"), *REGION_CHOICES], required=False)
    severity = forms.ChoiceField(choices=[("", "Any severity"), *SeverityBand.choices], required=False)
    finding_type = forms.CharField(required=False, max_length=256, label="Finding type")
    range = forms.ChoiceField(choices=RANGES, required=False, label="Time range")
    since = forms.DateTimeField(required=False, label="From")
    until = forms.DateTimeField(required=False, label="To")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = LogSource.objects.restrict(user).order_by("hostname")

    def search_kwargs(self) -> dict:
        """The cleaned input as keyword arguments of events.selectors.event_search."""
        from datetime import timedelta

        from django.utils import timezone

        data = self.cleaned_data
        since = data.get("since")
        if data.get("range") and not since:
            since = timezone.now() - timedelta(hours=RANGE_HOURS[data["range"]])
        return {
            "q": data.get("q") or "",
            "source": data.get("source"),
            "region": data.get("region") or None,
            "severity_band": data.get("severity") or None,
            "finding_type": (data.get("finding_type") or "").strip() or None,
            "since": since,
            "until": data.get("until"),
        }


class RetentionForm(forms.Form):
    log_retention_days = forms.IntegerField(min_value=1, max_value=3650, label="Keep collected events for (days)")

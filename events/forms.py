"""The retention setting's form (the Search filters are events.filtersets.EventFilterSet)."""

from __future__ import annotations

from django import forms


class RetentionForm(forms.Form):
    log_retention_days = forms.IntegerField(min_value=1, max_value=3650, label="Keep collected events for (days)")

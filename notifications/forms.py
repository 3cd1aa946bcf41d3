"""Input for the notification pages. The rules live in notifications.services."""

from __future__ import annotations

from django import forms

from core.forms import AsTypedField, PageTextField


class ChannelForm(forms.Form):
    # channel_create checks every value and names the field; text it could not even look up (a
    # null character) is refused here for the name, and by the target's own rules for the target.
    kind = AsTypedField(required=False, label="Kind")
    name = PageTextField(required=False, label="Name")
    target = AsTypedField(required=False, label="Target")
    enabled = forms.BooleanField(required=False, label="Enabled")

    def channel_values(self, data) -> dict:
        """The service's keyword arguments; events come as the checked boxes, as sent."""
        values = {field: self.cleaned_data.get(field) for field in ("kind", "name", "target", "enabled")}
        values["events"] = data.getlist("events")
        values["enabled"] = bool(values["enabled"])
        return values

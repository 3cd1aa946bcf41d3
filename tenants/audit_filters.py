"""The audit trail's filters, one form for the page, its CSV export and GET /api/v1/audit-events/."""

from __future__ import annotations

import re

from django import forms

from core.errors import ValidationFailed
from core.forms import MomentField

ACTION_RULE = "action must be an action name such as source.delete, or a prefix ending in * such as login.*"
_ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+)*(\.\*|\*)?$")


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        required=False,
        max_length=64,
        label="Action",
        help_text="An action such as source.delete, or a prefix ending in * such as login.*",
    )
    actor = forms.CharField(required=False, max_length=150, label="Actor", help_text="The username of who acted.")
    since = MomentField(name="since", required=False, label="From", help_text="Events at or after this time.")
    until = MomentField(name="until", required=False, label="To", help_text="Events before this time.")

    def clean_action(self):
        action = self.cleaned_data["action"].strip()
        if action and not _ACTION.match(action):
            raise forms.ValidationError(ACTION_RULE)
        return action

    def clean_actor(self):
        return self.cleaned_data["actor"].strip()

    def criteria(self) -> dict:
        """The cleaned filters as tenants.selectors.audit_event_list's keywords; ValidationFailed naming each bad one."""
        if not self.is_valid():
            raise ValidationFailed({field: list(messages) for field, messages in self.errors.items()})
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}

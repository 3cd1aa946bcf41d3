"""Input for the Users & Roles and account pages; the rules live in tenants.services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from core.forms import AsTypedField

from . import services


class MemberForm(forms.Form):
    # No rules here on purpose: member_create checks the username, password and role.
    username = AsTypedField(required=False)
    password = AsTypedField(required=False, strip=False, widget=forms.PasswordInput)
    role = AsTypedField(required=False)


class TokenForm(forms.Form):
    # The rules (length, control characters, 1 to 365 days) live in services.api_token_input.
    name = AsTypedField(required=False, strip=False)
    expires_in_days = AsTypedField(required=False)


class PortalPasswordChangeForm(PasswordChangeForm):
    """Django's form (old password, the new one twice, the password rules) saving through the service,
    so the change and its audit record land together."""

    def save(self, commit=True):
        services.password_change(
            user=self.user,
            old_password=self.cleaned_data["old_password"],
            new_password=self.cleaned_data["new_password1"],
        )
        return self.user

"""Input for the Users & Roles page. The rules live in tenants.services."""

from __future__ import annotations

from django import forms


class MemberForm(forms.Form):
    # No rules here on purpose: member_create checks the username, password and role.
    username = forms.CharField(required=False)
    password = forms.CharField(required=False, strip=False, widget=forms.PasswordInput)
    role = forms.CharField(required=False)

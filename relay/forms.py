"""Input for the endpoint pages. The rules live in relay.services.endpoint_create."""

from __future__ import annotations

from django import forms


class EndpointForm(forms.Form):
    # No rules here on purpose: endpoint_create checks the name and hostname and names the field.
    name = forms.CharField(required=False, label="Name")
    hostname = forms.CharField(required=False, label="Hostname")

"""Input for the endpoint pages. The rules live in relay.services.endpoint_create."""

from __future__ import annotations

from django import forms

from core.forms import AsTypedField, PageTextField


class EndpointForm(forms.Form):
    # endpoint_create checks the name and hostname and names the field; a name it could not even
    # look up (a null character) is refused here, while the hostname rule refuses any such text.
    name = PageTextField(required=False, label="Name")
    hostname = AsTypedField(required=False, label="Hostname")

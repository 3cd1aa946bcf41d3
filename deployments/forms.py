"""Thin forms for the AWS side; the rules live in log_sources.validation and the services."""

from __future__ import annotations

from django import forms

from core.aws import AwsCredentials
from core.forms import AsTypedField, PageTextField
from log_sources import regions as region_catalogue
from log_sources.validation import RETENTION_DAYS

CREDENTIAL_CHOICES = [
    ("deploy", "Use one-time deploy credentials (held encrypted until the launch ends, then deleted)"),
    ("source", "The source's own credentials have CloudFormation rights"),
]


class DeployCredentialsForm(forms.Form):
    credentials = forms.ChoiceField(choices=CREDENTIAL_CHOICES, widget=forms.RadioSelect, initial="deploy")
    # The keys go to the services as typed: their rules (the source keys' own) name the field.
    deploy_access_key_id = AsTypedField(required=False, label="Deploy access key")
    deploy_secret_access_key = AsTypedField(
        required=False, label="Deploy secret key", widget=forms.PasswordInput(render_value=False)
    )
    deploy_session_token = PageTextField(
        required=False, label="Session token", widget=forms.PasswordInput(render_value=False)
    )

    def choice(self) -> tuple[bool, AwsCredentials | None]:
        """(use_source_credentials, deploy_credentials) for the services."""
        data = self.cleaned_data
        if data.get("credentials") == "source":
            return True, None
        return False, AwsCredentials(
            data.get("deploy_access_key_id", ""),
            data.get("deploy_secret_access_key", ""),
            data.get("deploy_session_token") or None,
        )


class SourceEditForm(forms.Form):
    regions = forms.MultipleChoiceField(
        choices=region_catalogue.REGION_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    log_retention_days = forms.TypedChoiceField(
        choices=[(d, d) for d in RETENTION_DAYS], coerce=int, label="Log Retention In Days"
    )
    tags = PageTextField(required=False, label="Tags", widget=forms.Textarea, help_text="One key=value per line.")

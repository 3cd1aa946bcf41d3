"""The Add AWS Organization page and the Organization page's actions. The forms only carry text:
every rule is the services' (`organizations.services.organization_validate`), whose messages
name the fields."""

from __future__ import annotations

from django import forms

from core.aws import AwsCredentials
from core.forms import AsTypedField, PageTextField
from log_sources import regions as region_catalogue

from .choices import OrganizationMode


class DeployCredentialsFields(forms.Form):
    deploy_access_key_id = AsTypedField(required=False, label="Deploy access key")
    deploy_secret_access_key = AsTypedField(
        required=False, label="Deploy secret key", widget=forms.PasswordInput(render_value=False)
    )
    deploy_session_token = PageTextField(
        required=False, label="Session token", widget=forms.PasswordInput(render_value=False)
    )

    def deploy_credentials(self) -> AwsCredentials | None:
        """The one-time deploy credentials, or None when none were typed (deploy later)."""
        data = self.cleaned_data
        if not (data.get("deploy_access_key_id") or data.get("deploy_secret_access_key")):
            return None
        return AwsCredentials(
            data.get("deploy_access_key_id", ""),
            data.get("deploy_secret_access_key", ""),
            data.get("deploy_session_token") or None,
        )


class OrganizationAddForm(DeployCredentialsFields):
    name = AsTypedField(required=False, label="Name")
    endpoint = AsTypedField(required=False, label="Endpoint")
    mode = forms.ChoiceField(
        choices=OrganizationMode.choices, widget=forms.RadioSelect, initial=OrganizationMode.ADMINISTRATOR
    )
    account_number = AsTypedField(required=False, label="AWS Account Number")
    role_arn = AsTypedField(required=False, label="Role ARN")
    organizational_unit_ids = PageTextField(
        required=False,
        label="Organizational units",
        help_text="OU ids, one per line or comma-separated; empty: the root.",
    )
    regions = forms.MultipleChoiceField(
        choices=region_catalogue.REGION_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    select_all_regions = forms.BooleanField(required=False, label="Select All Regions")

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data.get("name", ""),
            "endpoint": data.get("endpoint", ""),
            "mode": data.get("mode", ""),
            "account_number": data.get("account_number", ""),
            "credential_type": "role",
            "role_arn": data.get("role_arn", ""),
            "organizational_unit_ids": data.get("organizational_unit_ids", ""),
            "regions": "all" if data.get("select_all_regions") else list(data.get("regions") or []),
        }


class RoleLaunchForm(DeployCredentialsFields):
    """Launch for me, the Organization role: the account and one-time deploy credentials (the service checks them)."""

    account_number = AsTypedField(required=False, label="AWS Account Number")

"""Thin forms for the AWS side; the rules live in log_sources.validation and the services."""

from __future__ import annotations

from django import forms

from core.aws import AwsCredentials
from core.forms import AsTypedField, PageTextField
from log_sources import regions as region_catalogue
from log_sources.services import CREDENTIAL_FIELDS
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


class SourceCredentialsForm(forms.Form):
    """New credentials for a source; `source_credentials_change` checks them and names the field."""

    credential_type = AsTypedField(required=False, label="Credentials")
    role_arn = AsTypedField(required=False, label="Role ARN")
    aws_access_key_id = AsTypedField(required=False, label="AWS Access Key")
    aws_secret_access_key = AsTypedField(
        required=False, label="AWS Secret Key", widget=forms.PasswordInput(render_value=False)
    )
    save_unverified = forms.BooleanField(required=False, label="Save anyway")

    def data_for_service(self) -> dict[str, str]:
        """Only the chosen type's fields (without JavaScript both sections post)."""
        data = self.cleaned_data
        kind = str(data.get("credential_type") or "").strip().lower()
        if kind == "role":
            return {"credential_type": kind, "role_arn": data.get("role_arn", "")}
        if kind == "access_key":
            return {
                "credential_type": kind,
                "aws_access_key_id": data.get("aws_access_key_id", ""),
                "aws_secret_access_key": data.get("aws_secret_access_key", ""),
            }
        # No choice, or one the rules refuse: everything goes, and the service names the problem.
        return {key: data.get(key, "") for key in CREDENTIAL_FIELDS}

    def public_values(self) -> dict[str, str]:
        """What may be shown again: the choice and the Role ARN, never a key."""
        data = getattr(self, "cleaned_data", None) or self.data
        return {"credential_type": str(data.get("credential_type") or ""), "role_arn": str(data.get("role_arn") or "")}


class ReaderRoleLaunchForm(forms.Form):
    """Launch for me, reader role: the account and one-time deploy credentials (the service checks them)."""

    aws_account_number = AsTypedField(required=False, label="AWS Account Number")
    role_name = AsTypedField(required=False, label="Role name")
    deploy_access_key_id = AsTypedField(required=False, label="Deploy access key")
    deploy_secret_access_key = AsTypedField(
        required=False, label="Deploy secret key", widget=forms.PasswordInput(render_value=False)
    )
    deploy_session_token = PageTextField(
        required=False, label="Session token", widget=forms.PasswordInput(render_value=False)
    )

    def credentials(self) -> AwsCredentials:
        data = self.cleaned_data
        return AwsCredentials(
            data.get("deploy_access_key_id", ""),
            data.get("deploy_secret_access_key", ""),
            data.get("deploy_session_token") or None,
        )


class ExternalIdRegenerateForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand",
        error_messages={
            "required": "Tick the confirmation: every role that trusts the current External ID stops working "
            "until its stack is updated."
        },
    )

    def clean_confirm(self):
        # A ticked box sends "on"; anything else that is merely not empty is no confirmation.
        if str(self.data.get("confirm", "")).lower() not in ("on", "true", "1"):
            raise forms.ValidationError(self.fields["confirm"].error_messages["required"], code="required")
        return True


def deploy_key_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """The deploy keys' messages on the input each names (the services file both under deploy_credentials)."""
    out: dict[str, list[str]] = {}
    for field, messages_ in errors.items():
        for message in messages_:
            if field == "deploy_credentials":
                field = "deploy_secret_access_key" if "secret" in message.lower() else "deploy_access_key_id"
            out.setdefault(field, []).append(message)
    return out

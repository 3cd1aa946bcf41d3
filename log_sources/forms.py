"""The Add Log Source wizard: its steps and the state it keeps between them.

The wizard has no rules of its own: each step hands its input to
`log_sources.services.log_source_validate` (the same function the API and the create
service use) and shows that function's messages on the named fields. What it keeps between
steps lives in the session, one entry per wizard, with the AWS keys encrypted by
`core.crypto` so the session table never holds them in plaintext.
"""

from __future__ import annotations

import secrets as token_source
from dataclasses import dataclass
from typing import Any

from core import crypto
from core.errors import ValidationFailed
from core.validation import text_refusal

from . import regions as region_catalogue
from . import source_types
from .choices import CredentialType
from .credentials import portal_principal_arn
from .services import log_source_validate
from .validation import DEFAULT_RETENTION_DAYS


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    fields: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step(1, "Endpoint & type", ("endpoint", "source_type", "hostname", "protocol")),
    Step(
        2,
        "AWS account and credentials",
        ("aws_account_number", "credential_type", "role_arn", "aws_access_key_id", "aws_secret_access_key"),
    ),
    Step(3, "Regions", ("regions",)),
    Step(4, "Deployment", ("mode", "stack_name", "log_retention_days", "tags", "iam_role_arn")),
    Step(5, "Review", ()),
)
LAST_STEP = STEPS[-1].number
FIELD_STEP: dict[str, int] = {field: step.number for step in STEPS for field in step.fields}

# The names customers know from AMP, used on the wizard and in its error list.
FIELD_LABELS: dict[str, str] = {
    "endpoint": "Endpoint",
    "source_type": "Log Source Type",
    "hostname": "Hostname",
    "protocol": "Protocol",
    "aws_account_number": "AWS Account Number",
    "credential_type": "Credentials",
    "role_arn": "Role ARN",
    "aws_access_key_id": "AWS Access Key",
    "aws_secret_access_key": "AWS Secret Key",
    "regions": "AWS Regions",
    "mode": "Deployment",
    "stack_name": "Stack name",
    "log_retention_days": "Log Retention In Days",
    "tags": "Tags",
    "iam_role_arn": "IAM role ARN",
}

# Write-only: kept encrypted in the session and never rendered back into a page.
SECRET_FIELDS = ("aws_access_key_id", "aws_secret_access_key")

# Each credential type's own fields: a step passes the chosen type's only.
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    CredentialType.ROLE: ("role_arn",),
    CredentialType.ACCESS_KEY: SECRET_FIELDS,
}

SESSION_KEY = "log_source_wizards"
# A person rarely has more than a couple of wizards open; older ones are dropped.
MAX_WIZARDS = 5


def _initial_data() -> dict[str, Any]:
    first_type = source_types.all_types()[0]
    return {
        "endpoint": "",
        "source_type": first_type.key,
        "hostname": first_type.default_hostname,
        "protocol": first_type.default_protocol,
        "aws_account_number": "",
        # A role when the portal has its own AWS identity to be trusted; access keys otherwise.
        "credential_type": CredentialType.ROLE if portal_principal_arn() else CredentialType.ACCESS_KEY,
        "role_arn": "",
        "regions": list(region_catalogue.REGION_CODES),
        "select_all": True,
        "mode": "",
        "stack_name": "",
        "log_retention_days": DEFAULT_RETENTION_DAYS,
        "tags": "",
        "iam_role_arn": "",
    }


def refused_values(values: dict[str, Any]) -> dict[str, list[str]]:
    """The fields whose text no rule could take (a null character, bytes that were not UTF-8),
    each with a message naming it. Such a value is neither checked further nor kept."""
    refused: dict[str, list[str]] = {}
    for field, value in values.items():
        label = FIELD_LABELS.get(field, field)
        for item in value if isinstance(value, list) else [value]:
            message = text_refusal(label, item)
            if message:
                refused[field] = [message]
                break
    return refused


def values_from_post(step: int, post) -> dict[str, Any]:
    """The raw input of one step, in the API's field names."""
    if step == 3:
        select_all = post.get("select_all") in ("on", "1", "true")
        # Select All Regions wins without JavaScript: checked means every region.
        return {"regions": "all" if select_all else post.getlist("regions"), "select_all": select_all}
    fields = next(s.fields for s in STEPS if s.number == step)
    return {field: post.get(field, "") for field in fields}


class WizardState:
    """One wizard's entries, kept in the session under its own id."""

    def __init__(self, session, wid: str, state: dict[str, Any]):
        self.session = session
        self.wid = wid
        self.data: dict[str, Any] = state["data"]
        self.secrets: dict[str, str] = state["secrets"]
        self.done: list[int] = state["done"]
        self.hostname_custom: bool = state["hostname_custom"]

    # --- session plumbing
    @classmethod
    def start(cls, session) -> WizardState:
        wizards = session.get(SESSION_KEY, {})
        while len(wizards) >= MAX_WIZARDS:
            wizards.pop(next(iter(wizards)))
        wid = token_source.token_urlsafe(9)
        state = cls(session, wid, {"data": _initial_data(), "secrets": {}, "done": [], "hostname_custom": False})
        session[SESSION_KEY] = wizards
        state.save()
        return state

    @classmethod
    def load(cls, session, wid: str) -> WizardState | None:
        raw = session.get(SESSION_KEY, {}).get(wid)
        if not isinstance(raw, dict):
            return None
        return cls(session, wid, raw)

    def save(self) -> None:
        wizards = self.session.get(SESSION_KEY, {})
        wizards[self.wid] = {
            "data": self.data,
            "secrets": self.secrets,
            "done": sorted(set(self.done)),
            "hostname_custom": self.hostname_custom,
        }
        self.session[SESSION_KEY] = wizards
        self.session.modified = True

    def discard(self) -> None:
        wizards = self.session.get(SESSION_KEY, {})
        wizards.pop(self.wid, None)
        self.session[SESSION_KEY] = wizards
        self.session.modified = True

    # --- reading
    def first_open_step(self) -> int:
        for step in STEPS:
            if step.number not in self.done:
                return step.number
        return LAST_STEP

    def secret(self, field: str) -> str:
        token = self.secrets.get(field)
        return crypto.decrypt(token) if token else ""

    def kept(self) -> dict[str, bool]:
        return {field: field in self.secrets for field in SECRET_FIELDS}

    def uses_role(self) -> bool:
        return self.data.get("credential_type") == CredentialType.ROLE

    def access_key_last4(self) -> str:
        return self.secret("aws_access_key_id")[-4:]

    def full_data(self) -> dict[str, Any]:
        """Everything entered, in the API's field names, secrets decrypted (for the create service only)."""
        data = {k: v for k, v in self.data.items() if k != "select_all"}
        if self.uses_role():
            data["credential_type"] = CredentialType.ROLE
            for field in SECRET_FIELDS:
                data.pop(field, None)
        else:
            data["credential_type"] = CredentialType.ACCESS_KEY
            data["role_arn"] = ""
            for field in SECRET_FIELDS:
                data[field] = self.secret(field)
        return data

    def public_data(self) -> dict[str, Any]:
        """The non-secret entries, for templates and the Test connection slot."""
        data = {k: v for k, v in self.data.items() if k != "select_all"}
        data["aws_access_key_id_last4"] = self.access_key_last4()
        data["uses_role"] = self.uses_role()
        return data

    def _type(self, key: str | None = None):
        try:
            return source_types.get(key or self.data.get("source_type") or "")
        except KeyError:
            return source_types.all_types()[0]

    def _auto_hostnames(self) -> set[str]:
        account = self.data.get("aws_account_number") or ""
        names = {t.default_hostname for t in source_types.all_types()}
        if account:
            names |= {t.hostname_for_account(account) for t in source_types.all_types()}
        return names

    def _auto_hostname(self) -> str:
        account = self.data.get("aws_account_number") or ""
        kind = self._type()
        return kind.hostname_for_account(account) if account else kind.default_hostname

    # --- writing
    def _chosen_fields(self, values: dict[str, Any]) -> dict[str, Any]:
        """Step 2's input with only the chosen credential type's fields (both sections post without
        JavaScript). Choosing a role forgets any keys kept from before: a role source holds none."""
        kind = str(values.get("credential_type") or "").strip().lower()
        if not kind:
            # A client that sends no choice (the pages always do): keys typed or kept mean keys.
            typed_keys = any(str(values.get(f) or "").strip() for f in SECRET_FIELDS) or bool(self.secrets)
            typed_role = bool(str(values.get("role_arn") or "").strip())
            kind = CredentialType.ROLE if typed_role and not typed_keys else CredentialType.ACCESS_KEY
        values = {**values, "credential_type": kind}
        if kind not in TYPE_FIELDS:
            return values  # the credential type's own rule names the problem
        if kind == CredentialType.ROLE:
            self.secrets.clear()
        others = {f for other, fields in TYPE_FIELDS.items() if other != kind for f in fields}
        return {k: v for k, v in values.items() if k not in others}

    def keep(self, step: int, values: dict[str, Any]) -> None:
        """Remember a step's entries without checking them (the Back button)."""
        if step == 2:
            values = self._chosen_fields(values)
        refused = refused_values(values)
        for field, value in values.items():
            if field in refused:
                continue
            if field in SECRET_FIELDS:
                if str(value).strip():
                    self.secrets[field] = crypto.encrypt(str(value).strip())
            elif field == "regions" and value == "all":
                self.data["regions"] = list(region_catalogue.REGION_CODES)
            else:
                self.data[field] = value

    def submit(self, *, user, step: int, values: dict[str, Any]) -> dict[str, list[str]]:
        """Check one step with the shared rules; keep what passed. Returns the field errors."""
        if step == 2:
            values = self._chosen_fields(values)
        refused = refused_values(values)
        values = {k: v for k, v in values.items() if k not in refused}
        for field in refused.keys() & set(SECRET_FIELDS):
            # As for any refused key: the one kept before is not kept in its place.
            self.secrets.pop(field, None)
        data = {k: v for k, v in values.items() if k != "select_all"}
        if step == 2 and data.get("credential_type") == CredentialType.ACCESS_KEY:
            # A blank secret input means "keep the one entered before".
            for field in SECRET_FIELDS:
                if not str(data.get(field, "")).strip() and field in self.secrets:
                    data[field] = self.secret(field)
        if step == 4:
            # The Stack/StackSet rule depends on the regions chosen in step 3.
            data["regions"] = self.data.get("regions") or []
        try:
            clean = log_source_validate(user=user, data=data, partial=True)
            errors: dict[str, list[str]] = {}
        except ValidationFailed as exc:
            clean, errors = {}, exc.errors
        errors = {**refused, **{k: v for k, v in errors.items() if k not in refused}}

        for field, value in values.items():
            if field in SECRET_FIELDS:
                if field not in errors and clean.get(field):
                    self.secrets[field] = crypto.encrypt(clean[field])
                elif field in errors and str(value).strip():
                    # A refused key is not kept: "leave blank to keep it" would keep a wrong one.
                    self.secrets.pop(field, None)
            elif field == "regions":
                self.data["select_all"] = bool(values.get("select_all"))
                if "regions" in clean:
                    self.data["regions"] = clean["regions"]
                elif isinstance(value, list):
                    self.data["regions"] = value
            elif field == "select_all":
                continue
            elif field == "endpoint":
                self.data["endpoint"] = str(clean["endpoint"].pk) if clean.get("endpoint") else str(value)
            elif field in clean and field not in ("tags",):
                self.data[field] = clean[field]
            else:
                # Tags stay as typed (key=value lines); refused values stay so they can be fixed.
                self.data[field] = value

        if step == 1 and "hostname" not in errors:
            typed = self.data.get("hostname", "")
            self.hostname_custom = typed not in self._auto_hostnames()
            if not self.hostname_custom:
                self.data["hostname"] = self._auto_hostname()
        if step == 2 and not errors and not self.hostname_custom:
            # After the account is known the hostname names it, unless the user typed their own.
            self.data["hostname"] = self._auto_hostname()

        if errors:
            self.done = [n for n in self.done if n != step]
        elif step not in self.done:
            self.done.append(step)
        return errors

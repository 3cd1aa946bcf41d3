"""The rules for log source input, written once.

The wizard's forms, the API's serializers and the services all call these functions, so a
rule and its message exist in exactly one place. Each raises ValidationFailed naming the
field (by its API name) and the rule, and returns the normalised value.
"""

from __future__ import annotations

import re

from core.errors import ValidationFailed
from core.validation import MAX_ID, hostname  # noqa: F401  (a source's hostname follows the same rule as a relay's)

from . import regions as region_catalogue
from . import source_types
from .choices import CredentialType, DeploymentMode

# CloudWatch Logs' allowed RetentionInDays values.
RETENTION_DAYS = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)
DEFAULT_RETENTION_DAYS = 3

ACCESS_KEY_RE = re.compile(r"^(AKIA|ASIA)[A-Z0-9]{16}$")
STACK_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")
# ASCII only: IAM names and account ids take no other script's letters or digits.
ROLE_ARN_RE = re.compile(r"^arn:(aws|aws-cn):iam::[0-9]{12}:role/[\w+=,.@/-]{1,512}$", re.ASCII)
ROLE_NAME_RE = re.compile(r"^[\w+=,.@-]{1,64}$", re.ASCII)
TAG_KEY_RE = re.compile(r"^[\w .:/=+\-@]{1,128}$")
MAX_TAGS = 50


def source_type(value) -> str:
    value = str(value or "").strip()
    keys = [t.key for t in source_types.all_types()]
    if value not in keys:
        raise ValidationFailed.one("source_type", f"Log Source Type must be one of: {', '.join(keys)}.")
    return value


def account_number(value) -> str:
    raw = str(value or "")
    digits = re.sub(r"[\s-]", "", raw)
    if not digits:
        raise ValidationFailed.one("aws_account_number", "AWS Account Number is required.")
    # ASCII digits only: str.isdigit() also takes other scripts' digits, which AWS refuses.
    if not re.fullmatch(r"[0-9]+", digits):
        raise ValidationFailed.one(
            "aws_account_number", "AWS Account Number may hold only digits 0-9, dashes and spaces."
        )
    if len(digits) != 12:
        raise ValidationFailed.one(
            "aws_account_number",
            f"AWS Account Number must have 12 digits once dashes are removed; this one has {len(digits)}.",
        )
    return digits


def endpoint_id(value) -> int | None:
    """An endpoint's id as sent: a whole number (or its digits as text), else None (not an endpoint).

    JSON `true`, `1.0` and `1e999` name no endpoint; neither does a number too large for an id.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,19}\s*", value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def access_key_id(value) -> str:
    value = str(value or "").strip()
    if not value:
        raise ValidationFailed.one("aws_access_key_id", "AWS Access Key is required.")
    if not ACCESS_KEY_RE.match(value):
        # Never echo the value back: it identifies the customer's key.
        raise ValidationFailed.one(
            "aws_access_key_id",
            "AWS Access Key must be AKIA or ASIA followed by 16 upper-case letters or digits (20 characters).",
        )
    return value


def secret_access_key(value) -> str:
    value = str(value or "").strip()
    if not value:
        raise ValidationFailed.one("aws_secret_access_key", "AWS Secret Key is required.")
    if len(value) != 40:
        raise ValidationFailed.one(
            "aws_secret_access_key", f"AWS Secret Key must be exactly 40 characters; this one has {len(value)}."
        )
    return value


def protocol(value) -> str:
    value = str(value or "").strip()
    if not value:
        raise ValidationFailed.one("protocol", "Protocol is required.")
    if len(value) > 64:
        raise ValidationFailed.one("protocol", "Protocol must be at most 64 characters.")
    return value


def region_codes(value) -> list[str]:
    """A list of region codes, or the string "all" for every supported region."""
    if value == "all":
        return list(region_catalogue.REGION_CODES)
    if isinstance(value, str):
        value = [part for part in re.split(r"[\s,]+", value) if part]
    if not isinstance(value, (list, tuple)):
        raise ValidationFailed.one("regions", 'AWS Regions must be a list of region codes, or "all".')
    chosen: list[str] = []
    for code in value:
        code = str(code).strip().lower()
        if code.startswith("us-gov-"):
            raise ValidationFailed.one(
                "regions",
                f"{code} is an AWS GovCloud region; GovCloud is not supported (its accounts and endpoints are separate).",
            )
        if code not in region_catalogue.BY_CODE:
            raise ValidationFailed.one(
                "regions",
                f"'{code}' is not a supported region; choose from {', '.join(region_catalogue.REGION_CODES)}.",
            )
        if code not in chosen:
            chosen.append(code)
    if not chosen:
        raise ValidationFailed.one("regions", "Select at least one AWS Region (Select All Regions is recommended).")
    # Keep the catalogue's order so pages and stack instances list regions the same way.
    return [code for code in region_catalogue.REGION_CODES if code in chosen]


def deployment_mode(value, *, region_count: int | None) -> str:
    """The deployment mode; a Stack needs exactly one region (unchecked when `region_count` is None)."""
    value = str(value or "").strip().lower()
    if value not in DeploymentMode.values:
        raise ValidationFailed.one("mode", f"Deployment must be one of: {', '.join(DeploymentMode.values)}.")
    if value == DeploymentMode.STACK and region_count is not None and region_count != 1:
        raise ValidationFailed.one(
            "mode", f"A Stack deploys to exactly one region; {region_count} are selected. Choose StackSet instead."
        )
    return value


def stack_name(value) -> str:
    value = str(value or "").strip()
    if not value:
        return ""
    if len(value) > 128:
        raise ValidationFailed.one(
            "stack_name", f"Stack name must be at most 128 characters; this one has {len(value)}."
        )
    if not STACK_NAME_RE.match(value):
        raise ValidationFailed.one(
            "stack_name", "Stack name must start with a letter and hold only letters, digits and hyphens."
        )
    return value


def retention_days(value) -> int:
    if value in (None, ""):
        return DEFAULT_RETENTION_DAYS
    try:
        days = int(str(value).strip())
    except (TypeError, ValueError):
        days = None
    if days not in RETENTION_DAYS:
        raise ValidationFailed.one(
            "log_retention_days",
            f"Log Retention In Days must be one of CloudWatch's values: {', '.join(map(str, RETENTION_DAYS))}.",
        )
    return days


def tags(value) -> dict[str, str]:
    """An object of key -> value, or text lines of `key=value`."""
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        parsed: dict[str, str] = {}
        for number, line in enumerate(value.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            key, sep, tag_value = line.partition("=")
            if not sep:
                raise ValidationFailed.one("tags", f"Tags line {number} must look like key=value.")
            parsed[key.strip()] = tag_value.strip()
        value = parsed
    if not isinstance(value, dict):
        raise ValidationFailed.one("tags", "Tags must be an object of key to value.")
    if len(value) > MAX_TAGS:
        raise ValidationFailed.one("tags", f"At most {MAX_TAGS} tags are allowed; there are {len(value)}.")
    clean: dict[str, str] = {}
    for key, tag_value in value.items():
        key = str(key).strip()
        tag_value = "" if tag_value is None else str(tag_value)
        if not TAG_KEY_RE.match(key):
            raise ValidationFailed.one(
                "tags", "Each tag key must be 1 to 128 letters, digits, spaces or _ . : / = + - @ characters."
            )
        if key.lower().startswith("aws:"):
            raise ValidationFailed.one("tags", f"Tag key '{key}' uses the reserved prefix 'aws:'.")
        if len(tag_value) > 256:
            raise ValidationFailed.one("tags", f"The value of tag '{key}' must be at most 256 characters.")
        clean[key] = tag_value
    return clean


def iam_role_arn(value) -> str:
    value = str(value or "").strip()
    if not value:
        return ""
    if not ROLE_ARN_RE.match(value):
        raise ValidationFailed.one(
            "iam_role_arn", "IAM role ARN must look like arn:aws:iam::123456789012:role/RoleName."
        )
    return value


def credential_type(value) -> str:
    value = str(value or "").strip().lower()
    if value not in CredentialType.values:
        raise ValidationFailed.one(
            "credential_type", f"Credentials must be one of: {', '.join(CredentialType.values)}."
        )
    return value


def role_arn(value, *, account: str | None = None) -> str:
    """The reader role's ARN; it must be a role of the source's own account (when `account` is known)."""
    value = str(value or "").strip()
    if not value:
        raise ValidationFailed.one("role_arn", "Role ARN is required for an IAM role; the role template outputs it.")
    if not ROLE_ARN_RE.match(value):
        raise ValidationFailed.one(
            "role_arn", "Role ARN must look like arn:aws:iam::123456789012:role/ArmorGuardDutyReader."
        )
    role_account = value.split(":")[4]
    if account and role_account != account:
        raise ValidationFailed.one(
            "role_arn",
            f"The Role ARN is a role of account {role_account}, but the source is for account {account}: "
            f"create the role in account {account} (the role template does), or correct the AWS Account Number.",
        )
    return value


def pull_interval(value) -> int:
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        seconds = 0
    if not 10 <= seconds <= 3600:
        raise ValidationFailed.one("pull_interval_seconds", "Pull interval must be from 10 to 3600 seconds.")
    return seconds

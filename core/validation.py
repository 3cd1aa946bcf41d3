"""Input rules that more than one app applies (each app keeps its own rules in its own module)."""

from __future__ import annotations

import re

from .errors import ValidationFailed

# The largest id a BIGINT primary key can hold; anything larger cannot name an object.
MAX_ID = 2**63 - 1

HOSTNAME_RE = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)


def hostname(value) -> str:
    value = str(value or "").strip()
    if not value:
        raise ValidationFailed.one("hostname", "Hostname is required.")
    if not HOSTNAME_RE.match(value):
        raise ValidationFailed.one(
            "hostname", "Hostname may hold letters, digits, hyphens and dots (at most 253 characters)."
        )
    return value

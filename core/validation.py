"""Input rules that more than one app applies (each app keeps its own rules in its own module)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

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


def id_from_text(value) -> int | None:
    """An id written as text (a page form's select, a body or a query string), or None when it is not one.

    Digits 0-9 only: str.isdigit() and int() also take other scripts' digits ("٣" is 3).
    """
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


REPLACEMENT_CHARACTER = "\ufffd"


def text_refusal(label: str, value) -> str | None:
    """Why text typed into a page cannot be taken, naming the field; None when it can.

    A null character (PostgreSQL can neither store nor compare it), a lone surrogate, and the
    replacement character, which is what Django makes of a form body's bytes that are not UTF-8
    (an encoded lone surrogate among them): the API refuses such input, and so do the pages.
    """
    if not isinstance(value, str):
        return None
    if "\x00" in value:
        return f"{label} cannot contain a null character."
    if REPLACEMENT_CHARACTER in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        return (
            f"{label} must be valid text: it held bytes that are not UTF-8 (an encoded lone surrogate, "
            "say), shown as \ufffd. Type it again."
        )
    return None


def collect(errors: dict[str, list[str]], rule: Callable[..., Any], value: Any, **kwargs) -> Any:
    """`rule(value)`, or None with its messages added to `errors`: every field's problem is named at once."""
    try:
        return rule(value, **kwargs)
    except ValidationFailed as exc:
        for field, messages in exc.errors.items():
            errors.setdefault(field, []).extend(messages)
        return None

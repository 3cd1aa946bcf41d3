"""Page forms as a browser sends them, and reading a refused form back.

`encoded` builds a form body byte by byte, so a value no browser would send (a lone
surrogate, a NUL) arrives exactly as crafted. `names_field` reads the page a refusal gave
back and says whether it points at the field: the field marked invalid, an error list
placed with it or labelled with it, or an error message naming it.
"""

from __future__ import annotations

import urllib.parse
from html.parser import HTMLParser

LABELS = {
    "endpoint": ["endpoint"],
    "source_type": ["log source type"],
    "hostname": ["hostname"],
    "protocol": ["protocol"],
    "aws_account_number": ["aws account number"],
    "aws_access_key_id": ["aws access key"],
    "aws_secret_access_key": ["aws secret key"],
    "regions": ["region"],
    "mode": ["deployment", "stack"],
    "stack_name": ["stack name"],
    "log_retention_days": ["retention"],
    "tags": ["tag"],
    "iam_role_arn": ["iam role arn"],
    "name": ["name"],
    "permissions": ["permission"],
    "username": ["username"],
    "password": ["password"],
    "role": ["role"],
    "q": ["search"],
    "source": ["source"],
    "region": ["region"],
    "severity": ["severity"],
    "severity_min": ["min severity"],
    "finding_type": ["finding type"],
    "range": ["time range"],
    "since": ["from"],
    "until": ["to:"],
    "cursor": ["cursor"],
    "expires_in_days": ["days"],
}

CONTROLS = {"input", "select", "textarea"}


def _quote(value: str) -> str:
    return urllib.parse.quote(value.encode("utf-8", "surrogatepass"), safe="")


def encoded(data: dict[str, object]) -> str:
    """An application/x-www-form-urlencoded body (or query string); a list is a repeated field."""
    pairs = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append(f"{_quote(key)}={_quote(str(item))}")
    return "&".join(pairs)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.invalid: set[str] = set()  # controls marked aria-invalid
        self.last_control = ""
        self.errors: list[dict] = []  # each: attrs, the control before it, its text
        self._open: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k: (v or "") for k, v in attrs}
        if tag in CONTROLS and attributes.get("name"):
            self.last_control = attributes["name"]
            if attributes.get("aria-invalid") == "true":
                self.invalid.add(attributes["name"])
        classes = attributes.get("class", "").split()
        if {"errorlist", "field-error", "error-summary", "errors"} & set(classes) or attributes.get("role") == "alert":
            error = {"attrs": attributes, "after": self.last_control, "text": []}
            self.errors.append(error)
            self._open.append((tag, error))
        elif self._open and tag == self._open[-1][0]:
            self._open.append((tag, self._open[-1][1]))

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data):
        for _, error in self._open:
            error["text"].append(data)


def names_field(html: str, field: str) -> bool:
    """Whether the page shows an error and points it at `field`."""
    reader = _Reader()
    reader.feed(html)
    if not reader.errors:
        return False
    if field in reader.invalid:
        return True
    labels = LABELS.get(field, [field.replace("_", " ")])
    for error in reader.errors:
        attrs, text = error["attrs"], " ".join(error["text"]).lower()
        if attrs.get("data-field") == field or attrs.get("id") in (f"{field}-errors", f"id_{field}_error"):
            return True
        if error["after"] == field or any(label in text for label in labels):
            return True
    return False

"""Every request body of the README's curl journey fits the schema the portal serves: a script
copied from the README sends what the API documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator

README = Path(settings.BASE_DIR) / "README.md"
# `curl ... -X METHOD $PORTAL/api/v1/<path> ... -d '<body>'`, the body possibly over several lines.
CALL = re.compile(r"curl -s -X (POST|PATCH) \$PORTAL(/api/v1/[^\s]*)[^\n]*?(?:\\\n\s*)?-d '(.*?)'", re.DOTALL)


def readme_bodies() -> list[tuple[str, str, dict]]:
    text = README.read_text(encoding="utf-8")
    journey = text[text.index("**The journey with curl**") :]
    journey = journey[: journey.index("```", journey.index("```sh") + 5)]
    found = []
    for method, path, body in CALL.findall(journey):
        if path == "/api/v1/auth/token/":  # the password is spliced in from the environment
            continue
        found.append((method, path, json.loads(body)))
    return found


def _template(schema: dict, path: str) -> str:
    """The schema's path for a concrete one: /api/v1/log-sources/1/ -> /api/v1/log-sources/{id}/."""
    for candidate in schema["paths"]:
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[0-9]+", candidate), path):
            return candidate
    raise AssertionError(f"the README calls {path}, which the schema does not have")


@pytest.fixture
def schema(client, db):
    return json.loads(client.get("/api/schema/?format=json").content)


def test_the_readme_sends_only_bodies_the_schema_accepts(schema):
    bodies = readme_bodies()
    assert {(method, path) for method, path, _ in bodies} >= {
        ("POST", "/api/v1/endpoints/"),
        ("POST", "/api/v1/aws/reader-role/"),
        ("POST", "/api/v1/log-sources/"),
        ("POST", "/api/v1/log-sources/1/deploy/"),
        ("PATCH", "/api/v1/log-sources/1/"),
    }
    for method, path, body in bodies:
        operation = schema["paths"][_template(schema, path)][method.lower()]
        reference = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        component = schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]
        unknown = set(body) - set(component["properties"])
        assert not unknown, f"{method} {path}: {unknown} are not fields of {reference}"
        validator = Draft202012Validator({"$ref": reference, "components": schema["components"]})
        problems = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(body)]
        assert not problems, f"{method} {path}: {problems}"


def test_the_check_refuses_a_body_the_schema_does_not_accept(schema):
    validator = Draft202012Validator(
        {"$ref": "#/components/schemas/LogSourceCreate", "components": schema["components"]}
    )
    wrong = {"endpoint": 1, "aws_account_number": "1234-5678-9012", "regions": ["us-east-1"]}
    wrong["deployment"] = {"mode": "stacks", "log_retention_days": 2}
    messages = sorted(e.message for e in validator.iter_errors(wrong))
    assert any("'stacks'" in m for m in messages) and any("2 is not one of" in m for m in messages), messages

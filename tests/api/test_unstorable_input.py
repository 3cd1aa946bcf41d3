"""Input no rule of the portal can take is refused before anything is stored: a 400 naming the
field, never a 500, and never a row that breaks the tenant's pages afterwards."""

from __future__ import annotations

import json

import pytest

from log_sources.models import LogSource
from relay.models import Endpoint
from tenants.models import Role

pytestmark = pytest.mark.django_db


def post(client, url: str, data: dict):
    """JSON as a client sends it: a lone surrogate travels as its \\u escape."""
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def body(endpoint):
    return {
        "endpoint": endpoint.pk,
        "hostname": "guardduty-123456789012",
        "protocol": "AWS CloudWatch Logs (HTTPS)",
        "aws_account_number": "123456789012",
        "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "regions": ["us-east-1"],
        "mode": "stack",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tags": {"team": "\ud800"}}, "tags"),
        ({"tags": {"\udfff": "x"}}, "tags"),
        ({"protocol": "AWS \ud800"}, "protocol"),
        ({"hostname": "a\x00b"}, "hostname"),
    ],
)
def test_a_lone_surrogate_or_nul_in_a_source_is_refused_and_nothing_is_stored(api, body, change, field):
    response = post(api, "/api/v1/log-sources/", {**body, **change})
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert not LogSource.objects.exists()
    assert api.get("/api/v1/log-sources/").status_code == 200


def test_a_lone_surrogate_in_an_endpoint_or_a_role_name_is_refused(api):
    endpoint = post(api, "/api/v1/endpoints/", {"name": "R\ud800", "hostname": "relay.example"})
    assert endpoint.status_code == 400 and list(endpoint.json()) == ["name"]
    role = post(api, "/api/v1/roles/", {"name": "Viewer\ud800", "permissions": []})
    assert role.status_code == 400 and list(role.json()) == ["name"]
    assert not Endpoint.objects.filter(hostname="relay.example").exists()
    assert not Role.objects.filter(name__startswith="Viewer").exists()


@pytest.mark.parametrize("depth", [40, 100_000])
def test_a_deeply_nested_body_is_a_400_even_before_logging_in(api_for, depth):
    """40 levels parse but are refused; 100,000 exceed the JSON decoder itself (a RecursionError)."""
    text = '{"username": ' + "[" * depth + "]" * depth + ', "password": "x"}'
    response = api_for(None).post("/api/v1/auth/token/", text, content_type="application/json")
    assert response.status_code == 400, response.content[:200]

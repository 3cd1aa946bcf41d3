"""The OpenAPI schema and the interactive docs, which the portal serves itself (offline, no CDN)."""

from __future__ import annotations

import re
import urllib.request

import pytest
import yaml
from rest_framework.test import APIClient

PATHS = {
    "/api/v1/auth/token/",
    "/api/v1/regions/",
    "/api/v1/endpoints/",
    "/api/v1/endpoints/{id}/",
    "/api/v1/log-sources/",
    "/api/v1/log-sources/{id}/",
    "/api/v1/log-sources/{id}/deploy/",
    "/api/v1/log-sources/{id}/verify/",
    "/api/v1/log-sources/{id}/pull/",
    "/api/v1/log-sources/{id}/template/",
    "/api/v1/operations/{id}/",
    "/api/v1/events/",
    "/api/v1/findings/",
    "/api/v1/findings/{id}/",
    "/api/v1/roles/",
    "/api/v1/roles/{id}/",
    "/api/v1/members/",
    "/api/v1/members/{id}/",
}


@pytest.fixture
def schema(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_openapi_3_and_lists_every_resource(schema):
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= PATHS
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["type"] == "apiKey"


def test_the_schema_documents_write_only_secrets_and_the_contract_fields(schema):
    components = schema["components"]["schemas"]
    created = components["LogSourceInput"]["properties"]
    assert {"aws_access_key_id", "aws_secret_access_key", "deployment", "regions"} <= set(created)
    shown = components["LogSource"]["properties"]
    assert "aws_secret_access_key" not in shown and "aws_access_key_id" not in shown
    assert "aws_access_key_id_last4" in shown
    assert set(components["Deployment"]["properties"]) == {
        "mode",
        "stack_name",
        "log_retention_days",
        "tags",
        "iam_role_arn",
    }


def test_the_schema_documents_action_bodies_and_error_shapes(schema):
    deploy = schema["paths"]["/api/v1/log-sources/{id}/deploy/"]["post"]
    assert deploy["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/DeployInput")
    assert set(deploy["responses"]) >= {"202", "400", "401", "403", "404", "409"}
    template = schema["paths"]["/api/v1/log-sources/{id}/template/"]["get"]
    assert "application/x-yaml" in template["responses"]["200"]["content"]
    kind = next(p for p in template["parameters"] if p["name"] == "kind")
    assert sorted(kind["schema"]["enum"]) == ["role", "service-account", "stack", "stackset"]
    forbidden = schema["paths"]["/api/v1/endpoints/"]["post"]["responses"]["403"]
    assert forbidden["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert "429" in token["responses"]
    assert token.get("security", []) in ([], [{}])  # no token needed to get one


def test_the_docs_page_loads_its_assets_from_the_portal_not_a_cdn(db):
    page = APIClient().get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert assets and all(a.startswith("/static/drf_spectacular_sidecar/") for a in assets), assets
    assert "cdn." not in page and "jsdelivr" not in page and "unpkg" not in page


def test_the_docs_assets_are_served_by_the_live_portal(live_server):
    page = urllib.request.urlopen(f"{live_server.url}/api/docs/").read().decode()
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        with urllib.request.urlopen(live_server.url + asset) as response:
            assert response.status == 200, asset
            assert len(response.read()) > 100, asset

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
    created = components["LogSourceCreate"]["properties"]
    assert {"aws_access_key_id", "aws_secret_access_key", "deployment", "regions"} <= set(created)
    assert created["aws_secret_access_key"]["writeOnly"] is True
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
    assert sorted(kind["schema"]["enum"]) == ["organization-role", "role", "service-account", "stack", "stackset"]
    forbidden = schema["paths"]["/api/v1/endpoints/"]["post"]["responses"]["403"]
    assert forbidden["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert "429" in token["responses"]
    assert token["responses"]["429"]["headers"]["Retry-After"]["schema"]["type"] == "integer"
    assert token.get("security", []) in ([], [{}])  # no token needed to get one


def test_bodies_are_json_only_and_every_operation_has_a_resource_tag_and_a_readable_id(schema):
    ids = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body is not None:
                assert list(body["content"]) == ["application/json"], (method, path)
            assert operation["tags"] != ["v1"] and not operation["operationId"].startswith("v1_"), (method, path)
            ids.append(operation["operationId"])
    assert len(ids) == len(set(ids))
    assert "log_sources_create" in ids and "log_sources_partial_update" in ids


def test_the_create_and_patch_bodies_state_the_rules_the_server_enforces(schema):
    components = schema["components"]["schemas"]
    create = components["LogSourceCreate"]
    assert set(create["required"]) == {"endpoint", "aws_account_number", "regions"}
    deployment = components["DeploymentInput"]
    assert "required" not in deployment  # every setting has the wizard's default
    assert (
        components["LogRetentionDaysEnum"]["enum"][:3] == [1, 3, 5]
        and len(components["LogRetentionDaysEnum"]["enum"]) == 22
    )
    assert components["DeploymentModeEnum"]["enum"] == ["stackset", "stack", "manual"]
    assert create["properties"]["aws_access_key_id"]["pattern"] == "^(AKIA|ASIA)[A-Z0-9]{16}$"
    assert create["properties"]["aws_secret_access_key"]["minLength"] == 40
    patch = components["PatchedLogSource"]["properties"]
    assert set(components["DeploymentChange"]["properties"]) == {"log_retention_days", "tags"}
    assert "mode" not in patch and "aws_account_number" not in patch
    shown = components["LogSource"]["properties"]
    assert ref_of(shown["status"]).endswith("/SourceStatusEnum") and shown["status_label"]["type"] == "string"
    operation = components["Operation"]["properties"]
    assert ref_of(operation["kind"]).endswith("/DeployActionEnum")
    assert ref_of(operation["mode"]).endswith("/OperationModeEnum")


def ref_of(prop: dict) -> str:
    """A property's component, referenced directly or (beside a description) through allOf."""
    return prop.get("$ref") or prop["allOf"][0]["$ref"]


def test_a_nullable_object_is_a_3_1_union_with_null(schema):
    assert schema["openapi"] == "3.1.0"
    operation = schema["components"]["schemas"]["LogSourceUpdateResult"]["properties"]["operation"]
    assert {"type": "null"} in operation["oneOf"], operation


def test_a_form_body_is_refused_as_unsupported(api):
    response = api.post("/api/v1/endpoints/", {"name": "x"}, format="multipart")
    assert response.status_code == 415
    assert "Unsupported media type" in response.json()["detail"]


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

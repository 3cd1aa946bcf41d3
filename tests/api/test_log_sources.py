"""log-sources/: create, list, show, change and delete through the wizard's own services."""

from __future__ import annotations

import json

import pytest

from log_sources.models import LogSource
from tests.conftest import ACCESS_KEY, ACCOUNT, SECRET_KEY

SOURCE_FIELDS = {
    "id",
    "source_type",
    "endpoint",
    "hostname",
    "protocol",
    "aws_account_number",
    "credential_type",
    "role_arn",
    "external_id",
    "aws_access_key_id_last4",
    "regions",
    "deployment",
    "status",
    "status_label",
    "last_event_at",
    "region_states",
    "console_links",
    "coverage",
    "health",
    "paused_reason",
    "organization",
    "created_at",
    "created_by",
}


@pytest.fixture
def body(endpoint):
    """A log source as a REST client sends it (the account typed with dashes)."""
    return {
        "endpoint": endpoint.pk,
        "source_type": "guardduty",
        "hostname": f"guardduty-{ACCOUNT}",
        "protocol": "AWS CloudWatch Logs (HTTPS)",
        "aws_account_number": "1234-5678-9012",
        "aws_access_key_id": ACCESS_KEY,
        "aws_secret_access_key": SECRET_KEY,
        "regions": ["us-east-1", "eu-west-1", "ap-southeast-2"],
        "deployment": {"mode": "stackset", "log_retention_days": 7, "tags": {"team": "sec"}},
    }


def test_it_creates_a_source_and_answers_with_the_contracts_fields(api, body, endpoint):
    response = api.post("/api/v1/log-sources/", body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert set(created) == SOURCE_FIELDS
    assert created["aws_account_number"] == ACCOUNT
    assert created["aws_access_key_id_last4"] == ACCESS_KEY[-4:]
    assert created["endpoint"] == endpoint.pk
    assert created["source_type"] == "guardduty"
    assert created["regions"] == ["us-east-1", "eu-west-1", "ap-southeast-2"]
    assert created["deployment"] == {
        "mode": "stackset",
        "stack_name": "",
        "log_retention_days": 7,
        "tags": {"team": "sec"},
        "iam_role_arn": "",
    }
    assert created["created_by"] == "alice"
    assert (created["status"], created["status_label"]) == ("not_deployed", "Not deployed")
    assert created["console_links"] == {}
    assert [s["region"] for s in created["region_states"]] == ["us-east-1", "eu-west-1", "ap-southeast-2"]
    assert set(created["region_states"][0]) == {
        "region",
        "deployment_state",
        "collection_state",
        "last_event_at",
        "last_pull_at",
        "last_error",
        "health",
        "coverage",
        "sample_finding",
    }
    assert created["health"]["level"] == "ok" and created["health"]["warning_after_hours"] == 24
    assert created["coverage"][0]["detector_status"] == "unknown"
    source = LogSource.objects.get(pk=created["id"])
    assert source.aws_secret_access_key == SECRET_KEY and source.aws_access_key_id == ACCESS_KEY


def test_it_accepts_all_regions(api, body):
    response = api.post("/api/v1/log-sources/", {**body, "regions": "all"}, format="json")
    assert response.status_code == 201
    assert len(response.json()["regions"]) == 15


def test_it_shows_a_stacks_quick_create_links(api, body, settings):
    settings.PORTAL_TEMPLATE_BUCKET_URL = "https://example-bucket.s3.amazonaws.com/templates"
    body = {**body, "regions": ["eu-west-1"], "deployment": {"mode": "stack", "stack_name": "GuardDutyToArmor"}}
    created = api.post("/api/v1/log-sources/", body, format="json").json()
    link = created["console_links"]["eu-west-1"]
    assert link.startswith("https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#")
    assert "stackName%3DGuardDutyToArmor" in link or "stackName=GuardDutyToArmor" in link


def test_it_returns_every_fields_message_from_the_wizards_validation(api, body):
    bad = {
        **body,
        "aws_account_number": "1234-5678",
        "aws_access_key_id": "nope",
        "aws_secret_access_key": "short",
        "regions": ["us-gov-west-1"],
        "deployment": {"mode": "stack", "stack_name": "1bad", "log_retention_days": 2},
    }
    response = api.post("/api/v1/log-sources/", bad, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["aws_account_number"] == [
        "AWS Account Number must have 12 digits once dashes are removed; this one has 8."
    ]
    assert errors["aws_access_key_id"][0].startswith("AWS Access Key must be AKIA or ASIA")
    assert errors["aws_secret_access_key"] == ["AWS Secret Key must be exactly 40 characters; this one has 5."]
    assert "GovCloud is not supported" in errors["regions"][0]
    assert errors["stack_name"] == ["Stack name must start with a letter and hold only letters, digits and hyphens."]
    assert errors["log_retention_days"][0].startswith("Log Retention In Days must be one of")
    assert not LogSource.objects.exists()


def test_it_names_every_missing_field(api):
    response = api.post("/api/v1/log-sources/", {}, format="json")
    assert response.status_code == 400
    assert {
        "endpoint",
        "aws_account_number",
        "aws_access_key_id",
        "aws_secret_access_key",
        "regions",
    } <= set(response.json())
    # Like the wizard, the API fills the protocol, and the hostname once the account is known.
    assert "protocol" not in response.json()


@pytest.mark.parametrize(
    "change",
    [
        {"endpoint": "abc"},
        {"endpoint": 10**30},
        {"endpoint": -5},
        {"endpoint": [1]},
        {"regions": 12},
        {"regions": {"us-east-1": True}},
        {"regions": []},
        {"deployment": "stackset"},
        {"deployment": {"mode": ["stack"]}},
        {"deployment": {"colour": "blue"}},
        {"deployment": {"log_retention_days": 10**40}},
        {"deployment": {"log_retention_days": 1e308}},
        {"deployment": {"tags": ["a", "b"]}},
        {"deployment": {"tags": {"aws:x": "1"}}},
        {"hostname": True},
        {"hostname": "x" * 300},
        {"protocol": {"p": 1}},
        {"aws_account_number": 12345678901234567890},
        {"hostname": "relay\x00.example"},
    ],
)
def test_unexpected_input_is_a_400_never_a_500(api, body, change):
    response = api.post("/api/v1/log-sources/", {**body, **change}, format="json")
    assert response.status_code == 400, response.content
    assert isinstance(response.json(), dict) and response.json()
    assert not LogSource.objects.exists()


def test_a_stack_with_bad_regions_is_told_about_the_regions_once(api, body):
    response = api.post(
        "/api/v1/log-sources/", {**body, "regions": ["mars-1"], "deployment": {"mode": "stack"}}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == ["regions"], errors
    assert "mars-1" in errors["regions"][0]
    response = api.post(
        "/api/v1/log-sources/",
        {**body, "regions": ["us-east-1", "eu-west-1"], "deployment": {"mode": "stack"}},
        format="json",
    )
    assert response.json() == {
        "mode": ["A Stack deploys to exactly one region; 2 are selected. Choose StackSet instead."]
    }


def test_it_refuses_a_non_object_body(api):
    for payload in ([1, 2], "text", 42):
        response = api.post("/api/v1/log-sources/", payload, format="json")
        assert response.status_code == 400
        assert response.json() == {"non_field_errors": ["The request body must be a JSON object."]}


def test_it_lists_and_shows_sources(api, source):
    listed = api.get("/api/v1/log-sources/").json()
    assert [s["id"] for s in listed] == [source.pk]
    assert set(listed[0]) == SOURCE_FIELDS
    shown = api.get(f"/api/v1/log-sources/{source.pk}/").json()
    assert shown["hostname"] == f"guardduty-{ACCOUNT}"


def test_it_deletes_a_source_keeping_aws_resources(api, source):
    response = api.delete(f"/api/v1/log-sources/{source.pk}/?keep_aws_resources=true")
    assert response.status_code == 204
    assert not LogSource.objects.exists()


def test_it_refuses_a_garbage_keep_aws_resources(api, source):
    response = api.delete(f"/api/v1/log-sources/{source.pk}/?keep_aws_resources=maybe")
    assert response.status_code == 400
    assert response.json() == {"keep_aws_resources": ["keep_aws_resources must be true or false."]}
    assert LogSource.objects.filter(pk=source.pk).exists()


def test_it_changes_retention_and_tags_of_a_source_nobody_deployed(api, source):
    response = api.patch(
        f"/api/v1/log-sources/{source.pk}/",
        {"deployment": {"log_retention_days": 14, "tags": {"env": "prod"}}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["deployment"]["log_retention_days"] == 14
    assert body["deployment"]["tags"] == {"env": "prod"}
    assert body["operation"] is None
    source.refresh_from_db()
    assert source.log_retention_days == 14


def test_it_changes_regions_in_place(api, source):
    response = api.patch(f"/api/v1/log-sources/{source.pk}/", {"regions": ["us-east-1", "us-west-2"]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["regions"] == ["us-east-1", "us-west-2"]


def test_it_refuses_changes_that_need_a_new_source(api, source):
    response = api.patch(f"/api/v1/log-sources/{source.pk}/", {"deployment": {"mode": "stack"}}, format="json")
    assert response.status_code == 400
    assert response.json() == {"mode": ["This cannot be changed in place; delete the source and add it again."]}
    bad = api.patch(f"/api/v1/log-sources/{source.pk}/", {"deployment": {"log_retention_days": 2}}, format="json")
    assert bad.status_code == 400 and "log_retention_days" in bad.json()


def test_it_serves_the_templates_as_yaml(api, source):
    for kind in ("stack", "stackset", "service-account"):
        response = api.get(f"/api/v1/log-sources/{source.pk}/template/?kind={kind}")
        assert response.status_code == 200, kind
        assert response["Content-Type"].startswith("application/x-yaml")
        assert b"AWSTemplateFormatVersion" in response.content
    assert b"Armor_GuardDuty_Log_Group" in api.get(f"/api/v1/log-sources/{source.pk}/template/").content
    yaml_accept = api.get(f"/api/v1/log-sources/{source.pk}/template/?kind=stack", HTTP_ACCEPT="application/x-yaml")
    assert yaml_accept.status_code == 200


def test_it_refuses_an_unknown_template_kind(api, source):
    response = api.get(f"/api/v1/log-sources/{source.pk}/template/?kind=lambda")
    assert response.status_code == 400
    assert response.json() == {
        "kind": ["kind must be one of: stack, stackset, service-account, role, organization-role."]
    }


def test_it_takes_the_deployment_settings_at_the_top_level_too(api, body):
    flat = {**{k: v for k, v in body.items() if k != "deployment"}, "mode": "stackset", "log_retention_days": 14}
    response = api.post("/api/v1/log-sources/", flat, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["deployment"]["log_retention_days"] == 14
    twice = api.post("/api/v1/log-sources/", {**body, "log_retention_days": 30}, format="json")
    assert twice.status_code == 400
    assert twice.json() == {
        "log_retention_days": ["log_retention_days is given twice, at the top level and in deployment."]
    }


def test_it_refuses_unknown_fields_instead_of_ignoring_them(api, body):
    response = api.post("/api/v1/log-sources/", {**body, "aws_secret_key": "x"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["aws_secret_key"]
    assert LogSource.objects.count() == 0


def test_patch_refuses_what_cannot_change_in_place(api, source, endpoint):
    for change in ({"endpoint": endpoint.pk}, {"colour": "red"}):
        response = api.patch(f"/api/v1/log-sources/{source.pk}/", change, format="json")
        assert response.status_code == 400, change
        assert "cannot be changed in place" in response.json()[next(iter(change))][0]
    account = api.patch(f"/api/v1/log-sources/{source.pk}/", {"aws_account_number": "999988887777"}, format="json")
    assert account.json() == {
        "aws_account_number": ["This cannot be changed in place; delete the source and add it again."]
    }
    assert LogSource.objects.get(pk=source.pk).aws_account_number == ACCOUNT


def test_patch_changes_hostname_and_protocol(api, source):
    response = api.patch(
        f"/api/v1/log-sources/{source.pk}/", {"hostname": "gd-acme-prod", "protocol": "HTTPS"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["hostname"], response.json()["protocol"]) == ("gd-acme-prod", "HTTPS")


@pytest.mark.parametrize(
    "change",
    [
        {"endpoint": True},
        {"endpoint": 1.0},
        {"endpoint": "RAW:1e999"},  # JSON's 1e999: Python reads it as infinity
        {"endpoint": 2**63},
        {"endpoint": "1e3"},
        {"aws_account_number": "١٢٣٤٥٦٧٨٩٠١٢"},  # Arabic-Indic digits: AWS takes 0-9 only
        {"aws_account_number": "１２３４５６７８９０１２"},  # fullwidth digits
    ],
)
def test_it_refuses_ids_and_accounts_that_are_not_plain_numbers(api, body, change):
    text = json.dumps({**body, **change}).replace('"RAW:1e999"', "1e999")
    response = api.post("/api/v1/log-sources/", text, content_type="application/json")
    assert response.status_code == 400, response.content
    field = next(iter(change))
    assert list(response.json()) == [field]
    assert not LogSource.objects.exists()

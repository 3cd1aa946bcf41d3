"""regions/ and endpoints/: the fields of the contract, and the same rules as the Endpoints page."""

from __future__ import annotations

from log_sources.regions import REGIONS
from relay.models import Endpoint

ENDPOINT_FIELDS = {"id", "name", "hostname", "queue", "status", "last_seen_at", "worker_command"}


def test_it_lists_the_fifteen_supported_regions_with_their_partition(api):
    response = api.get("/api/v1/regions/")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 15 == len(REGIONS)
    assert body[0] == {"code": "us-east-1", "name": "US East (N. Virginia)", "partition": "aws"}
    assert {"code": "cn-north-1", "name": "China (Beijing)", "partition": "aws-cn"} in body
    assert not [r for r in body if r["code"].startswith("us-gov-")]


def test_it_creates_an_endpoint_and_shows_its_worker_command(api):
    response = api.post("/api/v1/endpoints/", {"name": "Relay A", "hostname": "relay-a.acme.example"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == ENDPOINT_FIELDS
    endpoint = Endpoint.objects.get(pk=body["id"])
    assert body["queue"] == endpoint.queue
    assert body["status"] == "never_seen" and body["last_seen_at"] is None
    assert f"--queues {endpoint.queue}" in body["worker_command"]


def test_it_lists_and_shows_endpoints(api, endpoint):
    listed = api.get("/api/v1/endpoints/").json()
    assert [e["id"] for e in listed] == [endpoint.pk]
    shown = api.get(f"/api/v1/endpoints/{endpoint.pk}/").json()
    assert shown["name"] == "Relay One" and shown["hostname"] == "relay-1.acme.example"


def test_it_reports_each_endpoint_field_problem_from_the_service(api, endpoint):
    response = api.post("/api/v1/endpoints/", {"name": "Relay One", "hostname": "not a host!"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["name"] == ["An endpoint named 'Relay One' already exists."]
    assert "Hostname may hold letters" in body["hostname"][0]
    assert Endpoint.objects.count() == 1


def test_it_refuses_wrong_json_types_for_endpoint_fields(api):
    for body, field in (
        ({"name": ["x"], "hostname": "relay.example"}, "name"),
        ({"name": "x", "hostname": {"a": 1}}, "hostname"),
        ({}, "name"),
    ):
        response = api.post("/api/v1/endpoints/", body, format="json")
        assert response.status_code == 400, body
        assert field in response.json()
    assert api.post("/api/v1/endpoints/", [1], format="json").status_code == 400
    assert not Endpoint.objects.exists()


def test_it_deletes_an_unused_endpoint(api, endpoint):
    assert api.delete(f"/api/v1/endpoints/{endpoint.pk}/").status_code == 204
    assert not Endpoint.objects.exists()


def test_it_refuses_to_delete_an_endpoint_a_source_uses(api, source):
    response = api.delete(f"/api/v1/endpoints/{source.endpoint_id}/")
    assert response.status_code == 409
    assert "used by guardduty-123456789012" in response.json()["detail"]
    assert Endpoint.objects.filter(pk=source.endpoint_id).exists()


def test_ids_that_cannot_exist_are_404s(api):
    for path in ("/api/v1/endpoints/0/", "/api/v1/endpoints/99999999999999999999999/", "/api/v1/endpoints/-1/"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found."}


def test_endpoint_names_are_unique_whatever_their_case(api, endpoint):
    response = api.post("/api/v1/endpoints/", {"name": "relay ONE", "hostname": "relay-9.acme.example"}, format="json")
    assert response.status_code == 400
    assert response.json()["name"] == ["An endpoint named 'Relay One' already exists."]
    assert Endpoint.objects.count() == 1

"""Every route against the permission table and against another tenant.

bob holds Read Log Relays and Read Log Endpoints; nobody holds no permission; charlie is
the admin of another tenant and must never see, change or even detect Acme's objects.
"""

from __future__ import annotations

import pytest

from deployments.models import DeployOperation
from log_sources.models import LogSource
from relay.models import Endpoint
from tenants.models import Membership, Role
from tests.conftest import PASSWORD

ALL = "all"  # every permission a route could need is missing for `nobody`

# (route, method, path, body, what bob lacks ([] = allowed), what nobody lacks)
ROUTES = [
    ("endpoints-list", "get", "/api/v1/endpoints/", None, [], ["Read Log Endpoints"]),
    ("endpoints-show", "get", "/api/v1/endpoints/{endpoint}/", None, [], ["Read Log Endpoints"]),
    (
        "endpoints-create",
        "post",
        "/api/v1/endpoints/",
        {"name": "Relay Two", "hostname": "relay-2.example"},
        ["Write Log Relays", "Write Virtual Machine"],
        ["Write Log Relays", "Write Virtual Machine"],
    ),
    (
        "endpoints-delete",
        "delete",
        "/api/v1/endpoints/{spare_endpoint}/",
        None,
        ["Delete Log Relays"],
        ["Delete Log Relays"],
    ),
    ("sources-list", "get", "/api/v1/log-sources/", None, [], ["Read Log Relays"]),
    ("sources-show", "get", "/api/v1/log-sources/{source}/", None, [], ["Read Log Relays"]),
    (
        "sources-create",
        "post",
        "/api/v1/log-sources/",
        "source_body",
        ["Write Log Relays"],
        ["Read Log Endpoints", "Write Log Relays"],
    ),
    (
        "sources-change",
        "patch",
        "/api/v1/log-sources/{source}/",
        {"deployment": {"log_retention_days": 7}},
        ["Write Log Relays"],
        ["Read Log Endpoints", "Write Log Relays"],
    ),
    ("sources-delete", "delete", "/api/v1/log-sources/{source}/", None, ["Delete Log Relays"], ["Delete Log Relays"]),
    (
        "sources-deploy",
        "post",
        "/api/v1/log-sources/{source}/deploy/",
        {"use_source_credentials": True},
        ["Write Log Relays"],
        ["Write Log Relays"],
    ),
    ("sources-verify", "post", "/api/v1/log-sources/{source}/verify/", None, [], ["Read Log Relays"]),
    ("sources-pull", "post", "/api/v1/log-sources/{source}/pull/", None, ["Write Log Relays"], ["Write Log Relays"]),
    ("sources-template", "get", "/api/v1/log-sources/{source}/template/?kind=stack", None, [], ["Read Log Relays"]),
    ("events-search", "get", "/api/v1/events/?q=*1234*", None, ["Read Log Management"], ["Read Log Management"]),
    ("roles-list", "get", "/api/v1/roles/", None, ["Manage Users"], ["Manage Users"]),
    ("roles-show", "get", "/api/v1/roles/{role}/", None, ["Manage Users"], ["Manage Users"]),
    ("roles-create", "post", "/api/v1/roles/", {"name": "New", "permissions": []}, ["Manage Users"], ["Manage Users"]),
    ("roles-change", "patch", "/api/v1/roles/{role}/", {"name": "Renamed"}, ["Manage Users"], ["Manage Users"]),
    ("roles-delete", "delete", "/api/v1/roles/{spare_role}/", None, ["Manage Users"], ["Manage Users"]),
    ("members-list", "get", "/api/v1/members/", None, ["Manage Users"], ["Manage Users"]),
    ("members-show", "get", "/api/v1/members/{member}/", None, ["Manage Users"], ["Manage Users"]),
    (
        "members-create",
        "post",
        "/api/v1/members/",
        {"username": "frank", "password": PASSWORD, "role": "{spare_role}"},
        ["Manage Users"],
        ["Manage Users"],
    ),
    (
        "members-change",
        "patch",
        "/api/v1/members/{member}/",
        {"role": "{spare_role}"},
        ["Manage Users"],
        ["Manage Users"],
    ),
]

DETAIL_ROUTES = [r for r in ROUTES if "{" in r[2]]
LIST_ROUTES = {
    "/api/v1/endpoints/": "endpoint",
    "/api/v1/log-sources/": "source",
    "/api/v1/roles/": "role",
    "/api/v1/members/": "member",
}


@pytest.fixture
def acme(people, endpoint, source, source_data):
    """Acme's objects, by the names the route table uses."""
    spare_endpoint = Endpoint.objects.create(
        tenant=people["acme"], name="Spare", hostname="spare.example", queue="relay.spare"
    )
    spare_role = Role.objects.create(tenant=people["acme"], name="Spare Role", permissions=[])
    member = Membership.objects.get(user=people["bob"])
    return {
        "endpoint": endpoint.pk,
        "spare_endpoint": spare_endpoint.pk,
        "source": source.pk,
        "role": people["viewer_role"].pk,
        "spare_role": spare_role.pk,
        "member": member.pk,
        "source_body": {**source_data, "hostname": "guardduty-other"},
    }


def _request(client, method, path, body, ids):
    path = path.format(**ids)
    if body == "source_body":
        body = ids["source_body"]
    if isinstance(body, dict):
        body = {k: (int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v) for k, v in body.items()}
    return getattr(client, method)(path, body, format="json") if body is not None else getattr(client, method)(path)


@pytest.mark.parametrize("route", ROUTES, ids=[r[0] for r in ROUTES])
def test_bob_gets_exactly_what_his_narrow_role_allows(aws, api_for, bob, acme, route):
    _, method, path, body, bob_lacks, _ = route
    response = _request(api_for(bob), method, path, body, acme)
    if bob_lacks:
        assert response.status_code == 403, response.content
        assert response.json()["missing_permissions"] == bob_lacks
        assert all(name in response.json()["detail"] for name in bob_lacks)
    else:
        assert response.status_code == 200, response.content


@pytest.mark.parametrize("route", ROUTES, ids=[r[0] for r in ROUTES])
def test_a_member_without_permissions_is_refused_everywhere_naming_what_is_missing(aws, api_for, nobody, acme, route):
    _, method, path, body, _, nobody_lacks = route
    response = _request(api_for(nobody), method, path, body, acme)
    assert response.status_code == 403, response.content
    assert response.json()["missing_permissions"] == nobody_lacks


@pytest.mark.parametrize("route", ROUTES, ids=[r[0] for r in ROUTES])
def test_refusals_change_nothing(aws, api_for, nobody, acme, route):
    counts = (Endpoint.objects.count(), LogSource.objects.count(), Role.objects.count(), Membership.objects.count())
    _request(api_for(nobody), route[1], route[2], route[3], acme)
    assert counts == (
        Endpoint.objects.count(),
        LogSource.objects.count(),
        Role.objects.count(),
        Membership.objects.count(),
    )
    assert not DeployOperation.objects.exists()


def test_the_regions_list_needs_only_a_login(api_for, nobody):
    assert api_for(nobody).get("/api/v1/regions/").status_code == 200
    assert api_for(None).get("/api/v1/regions/").status_code == 401


@pytest.mark.parametrize("route", DETAIL_ROUTES, ids=[r[0] for r in DETAIL_ROUTES])
def test_charlie_gets_404_for_every_acme_object(aws, api_for, charlie, acme, route):
    _, method, path, body, _, _ = route
    response = _request(api_for(charlie), method, path, body, acme)
    assert response.status_code == 404, response.content
    assert response.json() == {"detail": "Not found."}


def test_charlies_404s_change_nothing_at_acme(aws, api_for, charlie, acme):
    client = api_for(charlie)
    for route in DETAIL_ROUTES:
        _request(client, route[1], route[2], route[3], acme)
    assert Endpoint.objects.filter(pk__in=[acme["endpoint"], acme["spare_endpoint"]]).count() == 2
    assert LogSource.objects.filter(pk=acme["source"]).exists()
    assert Role.objects.get(pk=acme["role"]).name == "Source Viewer"
    assert Role.objects.filter(pk=acme["spare_role"]).exists()
    assert not DeployOperation.objects.exists()


@pytest.mark.parametrize("path", list(LIST_ROUTES))
def test_acme_objects_are_absent_from_charlies_lists(api_for, charlie, acme, path):
    listed = api_for(charlie).get(path).json()
    acme_ids = {acme[LIST_ROUTES[path]]}
    assert not acme_ids & {item["id"] for item in listed}
    if path == "/api/v1/members/":
        assert [m["username"] for m in listed] == ["charlie"]
    if path in ("/api/v1/endpoints/", "/api/v1/log-sources/"):
        assert listed == []


def test_charlie_cannot_use_acmes_endpoint_or_role(api_for, charlie, acme):
    client = api_for(charlie)
    response = client.post("/api/v1/log-sources/", {**acme["source_body"], "endpoint": acme["endpoint"]}, format="json")
    assert response.status_code == 400
    assert response.json()["endpoint"] == ["Endpoint must be one of your log relays; add one under Endpoints first."]
    member = client.post(
        "/api/v1/members/", {"username": "mallory", "password": PASSWORD, "role": acme["spare_role"]}, format="json"
    )
    assert member.json() == {"role": ["Choose a role of this tenant."]}
    assert not LogSource.objects.filter(tenant__name="Globex").exists()

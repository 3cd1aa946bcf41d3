"""roles/ and members/: tenant admins manage roles by catalogue names and give them to people."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from tenants.models import Membership, Role
from tests.conftest import PASSWORD


def test_it_lists_roles_with_catalogue_names(api, people):
    roles = {r["name"]: r for r in api.get("/api/v1/roles/").json()}
    assert set(roles) == {"Admin", "Log Relay Manager", "Read Only", "Source Viewer"}
    assert roles["Source Viewer"]["permissions"] == ["Read Log Endpoints", "Read Log Relays"]
    assert roles["Source Viewer"]["builtin"] is False
    assert roles["Admin"]["builtin"] is True and "Manage Users" in roles["Admin"]["permissions"]


def test_it_creates_a_role_from_catalogue_names(api, people):
    response = api.post(
        "/api/v1/roles/", {"name": "Searcher", "permissions": ["Read Log Management", "read_log_relays"]}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["permissions"] == ["Read Log Management", "Read Log Relays"]
    role = Role.objects.get(pk=response.json()["id"])
    assert role.tenant == people["acme"]
    assert sorted(role.permissions) == ["read_log_management", "read_log_relays"]


def test_it_refuses_unknown_permission_names_and_bad_shapes(api, people):
    response = api.post("/api/v1/roles/", {"name": "X", "permissions": ["Fly Planes"]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"permissions": ["Unknown permission 'Fly Planes': use names from the catalogue."]}
    assert api.post("/api/v1/roles/", {"name": "X", "permissions": "Read Log Relays"}, format="json").status_code == 400
    assert api.post("/api/v1/roles/", {"name": "", "permissions": []}, format="json").json() == {
        "name": ["Role name is required."]
    }
    assert not Role.objects.filter(name="X").exists()


def test_it_renames_and_changes_a_role(api, people):
    role = people["viewer_role"]
    response = api.patch(
        f"/api/v1/roles/{role.pk}/", {"name": "Viewer", "permissions": ["Read Log Relays"]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Viewer" and response.json()["permissions"] == ["Read Log Relays"]


def test_it_refuses_to_change_or_delete_a_builtin_role(api, people):
    admin = Role.objects.get(tenant=people["acme"], builtin=Role.Builtin.ADMIN)
    assert api.patch(f"/api/v1/roles/{admin.pk}/", {"name": "Boss"}, format="json").status_code == 409
    assert api.delete(f"/api/v1/roles/{admin.pk}/").status_code == 409


def test_it_deletes_an_unused_role_and_refuses_one_in_use(api, people):
    in_use = api.delete(f"/api/v1/roles/{people['viewer_role'].pk}/")
    assert in_use.status_code == 409 and "bob" in in_use.json()["detail"]
    spare = Role.objects.create(tenant=people["acme"], name="Spare", permissions=[])
    assert api.delete(f"/api/v1/roles/{spare.pk}/").status_code == 204
    assert not Role.objects.filter(pk=spare.pk).exists()


def test_it_lists_members_with_their_roles(api, people):
    members = api.get("/api/v1/members/").json()
    assert [(m["username"], m["role_name"]) for m in members] == [("alice", "Admin"), ("bob", "Source Viewer")]
    assert members[1]["role"] == people["viewer_role"].pk


def test_it_adds_a_member_who_can_then_get_a_token(api, people):
    response = api.post(
        "/api/v1/members/",
        {"username": "dora", "password": PASSWORD, "email": "dora@acme.example", "role": people["viewer_role"].pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["username"] == "dora" and "password" not in response.json()
    assert Membership.objects.get(user__username="dora").tenant == people["acme"]
    token = api.post("/api/v1/auth/token/", {"username": "dora", "password": PASSWORD}, format="json")
    assert token.status_code == 200


def test_it_refuses_a_weak_password_a_taken_username_and_a_foreign_role(api, people):
    weak = api.post(
        "/api/v1/members/", {"username": "eve", "password": "123", "role": people["viewer_role"].pk}, format="json"
    )
    assert weak.status_code == 400 and "password" in weak.json()
    taken = api.post(
        "/api/v1/members/", {"username": "bob", "password": PASSWORD, "role": people["viewer_role"].pk}, format="json"
    )
    assert taken.json() == {"username": ["The username 'bob' is taken."]}
    globex_admin = Role.objects.get(tenant=people["globex"], builtin=Role.Builtin.ADMIN)
    foreign = api.post(
        "/api/v1/members/", {"username": "eve", "password": PASSWORD, "role": globex_admin.pk}, format="json"
    )
    assert foreign.json() == {"role": ["Choose a role of this tenant."]}
    for role in ("x", 10**30, None, [1]):
        response = api.post("/api/v1/members/", {"username": "eve", "password": PASSWORD, "role": role}, format="json")
        assert response.status_code == 400, role
    assert not get_user_model().objects.filter(username="eve").exists()


def test_it_gives_a_member_another_role(api, people, bob):
    read_only = Role.objects.get(tenant=people["acme"], builtin=Role.Builtin.READ_ONLY)
    membership = bob.membership
    response = api.patch(f"/api/v1/members/{membership.pk}/", {"role": read_only.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["role_name"] == "Read Only"


def test_it_refuses_to_demote_the_last_admin(api, alice, people):
    read_only = Role.objects.get(tenant=people["acme"], builtin=Role.Builtin.READ_ONLY)
    response = api.patch(f"/api/v1/members/{alice.membership.pk}/", {"role": read_only.pk}, format="json")
    assert response.status_code == 409
    assert "last admin" in response.json()["detail"]


def test_overlong_member_fields_are_400s_not_database_errors(api, people):
    role = people["viewer_role"].pk
    for body in (
        {"username": "u" * 151, "password": PASSWORD, "role": role},
        {"username": "eve", "password": PASSWORD, "role": role, "email": "e" * 300 + "@example.com"},
        {"username": "eve", "password": PASSWORD, "role": role, "email": "not an email"},
        {"username": "bad name!", "password": PASSWORD, "role": role},
    ):
        response = api.post("/api/v1/members/", body, format="json")
        assert response.status_code == 400, (body, response.content)
    assert not get_user_model().objects.filter(username__startswith="eve").exists()

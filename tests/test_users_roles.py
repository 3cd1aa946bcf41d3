"""The Users & Roles page: members, their roles, and custom roles."""

from __future__ import annotations

import html

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from tenants.models import Membership, Role
from tenants.selectors import can
from tests.conftest import PASSWORD

USERS = reverse("tenants:users")


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_it_lists_members_with_their_roles_and_the_builtin_roles_read_only(client_for, alice, bob):
    page = text(client_for(alice).get(USERS))
    assert "alice" in page and "bob" in page
    bob_row = page.split("<td>bob")[1].split("</tr>")[0]
    assert "selected>Source Viewer</option>" in bob_row
    assert "Everything, including permissions added later" in page
    for name in ("Admin", "Log Relay Manager", "Read Only", "Source Viewer"):
        assert f"<strong>{name}</strong>" in page
    assert page.count("read-only</span>") == 3
    admin = Role.objects.get(tenant=alice.membership.tenant, builtin="admin")
    assert reverse("tenants:role_edit", args=[admin.pk]) not in page


def test_it_shows_charlie_only_his_own_tenant(client_for, charlie, bob):
    page = text(client_for(charlie).get(USERS))
    assert "charlie" in page
    assert "bob" not in page and "alice" not in page and "Source Viewer" not in page


def test_it_adds_a_member_who_can_log_in_with_the_role(client_for, alice, people):
    read_only = Role.objects.get(tenant=people["acme"], builtin="read_only")
    response = client_for(alice).post(
        reverse("tenants:member_add"), {"username": "dave", "password": PASSWORD, "role": read_only.pk}, follow=True
    )
    assert "Added dave as Read Only." in text(response)
    dave = authenticate(RequestFactory().post("/accounts/login/"), username="dave", password=PASSWORD)
    assert dave is not None
    assert dave.membership.tenant == people["acme"] and dave.membership.role == read_only
    assert can(dave, "source.list") and not can(dave, "source.add")


def test_it_explains_a_refused_member(client_for, alice, people):
    client = client_for(alice)
    role = Role.objects.get(tenant=people["acme"], builtin="read_only")
    response = client.post(reverse("tenants:member_add"), {"username": "dave", "password": "123", "role": role.pk})
    assert response.status_code == 400
    assert "This password is too short" in text(response)
    assert 'value="dave"' in text(response)
    response = client.post(reverse("tenants:member_add"), {"username": "bob", "password": PASSWORD, "role": role.pk})
    assert "The username 'bob' is taken." in text(response)
    # A role of another tenant is not a choice.
    globex_role = Role.objects.get(tenant=people["globex"], builtin="read_only")
    response = client.post(
        reverse("tenants:member_add"), {"username": "eve", "password": PASSWORD, "role": globex_role.pk}
    )
    assert response.status_code == 400 and "Choose a role of this tenant." in text(response)
    assert not Membership.objects.filter(user__username__in=["dave", "eve"]).exists()


def test_it_changes_a_members_role(client_for, alice, bob, people):
    manager = Role.objects.get(tenant=people["acme"], builtin="log_relay_manager")
    response = client_for(alice).post(
        reverse("tenants:member_role", args=[bob.membership.pk]), {"role": manager.pk}, follow=True
    )
    assert "bob now has the role Log Relay Manager." in text(response)
    bob.refresh_from_db()
    assert Membership.objects.get(user=bob).role == manager


def test_it_keeps_the_last_admin(client_for, alice, people):
    read_only = Role.objects.get(tenant=people["acme"], builtin="read_only")
    response = client_for(alice).post(
        reverse("tenants:member_role", args=[alice.membership.pk]), {"role": read_only.pk}, follow=True
    )
    assert "This is the tenant's last admin; make someone else an admin first." in text(response)
    assert Membership.objects.get(user=alice).role.builtin == "admin"


def test_it_creates_edits_and_deletes_a_custom_role(client_for, alice, people):
    client = client_for(alice)
    page = text(client.get(reverse("tenants:role_add")))
    assert page.count('type="checkbox" name="permissions"') == 9
    response = client.post(
        reverse("tenants:role_add"), {"name": "Auditor", "permissions": ["read_log_management", "read_log_relays"]}
    )
    assert response.status_code == 302
    role = Role.objects.get(tenant=people["acme"], name="Auditor")
    assert role.permissions == ["read_log_management", "read_log_relays"]
    assert "Read Log Management" in text(client.get(USERS))

    page = text(client.get(reverse("tenants:role_edit", args=[role.pk])))
    assert 'value="read_log_relays" checked' in page and 'value="write_log_relays" checked' not in page
    client.post(reverse("tenants:role_edit", args=[role.pk]), {"name": "Auditors", "permissions": ["manage_users"]})
    role.refresh_from_db()
    assert role.name == "Auditors" and role.permissions == ["manage_users"]

    response = client.post(reverse("tenants:role_delete", args=[role.pk]), follow=True)
    assert "Deleted the role Auditors." in text(response)
    assert not Role.objects.filter(pk=role.pk).exists()


def test_it_names_the_rule_a_role_broke(client_for, alice):
    client = client_for(alice)
    response = client.post(reverse("tenants:role_add"), {"name": "", "permissions": ["read_log_relays"]})
    assert response.status_code == 400 and "Role name is required." in text(response)
    assert 'value="read_log_relays" checked' in text(response)
    response = client.post(reverse("tenants:role_add"), {"name": "Admin"})
    assert "A role named 'Admin' already exists." in text(response)
    response = client.post(reverse("tenants:role_add"), {"name": "Odd", "permissions": ["fly"]})
    assert "Unknown permission 'fly'" in text(response)
    assert not Role.objects.filter(name="Odd").exists()


def test_it_refuses_to_change_a_builtin_role(client_for, alice, people):
    admin = Role.objects.get(tenant=people["acme"], builtin="admin")
    response = client_for(alice).post(reverse("tenants:role_edit", args=[admin.pk]), {"name": "Boss"})
    assert response.status_code == 400
    assert "The built-in role 'Admin' cannot be changed." in text(response)
    admin.refresh_from_db()
    assert admin.name == "Admin" and admin.grants_all


def test_it_refuses_to_delete_a_role_in_use(client_for, alice, people):
    viewer = people["viewer_role"]
    client = client_for(alice)
    assert "1 member still has this role" in text(client.get(reverse("tenants:role_delete", args=[viewer.pk])))
    response = client.post(reverse("tenants:role_delete", args=[viewer.pk]), follow=True)
    assert "The role 'Source Viewer' is still given to bob; give them another role first." in text(response)
    assert Role.objects.filter(pk=viewer.pk).exists()


def test_it_keeps_other_tenants_roles_and_members_out_of_reach(client_for, charlie, bob, people):
    client = client_for(charlie)
    viewer = people["viewer_role"]
    assert client.get(reverse("tenants:role_edit", args=[viewer.pk])).status_code == 404
    assert client.post(reverse("tenants:role_delete", args=[viewer.pk])).status_code == 404
    globex_admin = Role.objects.get(tenant=people["globex"], builtin="admin")
    response = client.post(reverse("tenants:member_role", args=[bob.membership.pk]), {"role": globex_admin.pk})
    assert response.status_code == 404
    assert Membership.objects.get(user=bob).role == viewer


def test_it_refuses_bob_every_users_and_roles_action(client_for, bob, people):
    client = client_for(bob)
    read_only = Role.objects.get(tenant=people["acme"], builtin="read_only")
    refused = client.get(USERS)
    assert refused.status_code == 403 and "Manage Users" in text(refused)
    assert (
        client.post(
            reverse("tenants:member_add"), {"username": "x", "password": PASSWORD, "role": read_only.pk}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("tenants:member_role", args=[bob.membership.pk]), {"role": read_only.pk}).status_code == 403
    )
    assert (
        client.post(reverse("tenants:role_add"), {"name": "Mine", "permissions": ["manage_users"]}).status_code == 403
    )
    assert not Role.objects.filter(name="Mine").exists()
    assert Membership.objects.get(user=bob).role == people["viewer_role"]


def test_usernames_are_normalised_and_unique_whatever_their_case(alice, people):
    from core.errors import ValidationFailed
    from tenants.services import member_create

    read_only = Role.objects.get(tenant=people["acme"], builtin="read_only")
    made = member_create(actor=alice, tenant=people["acme"], username="ｄａｖｅ", password=PASSWORD, role=read_only)
    assert made.user.username == "dave"  # full-width letters are the same name (NFKC), as Django's forms have it
    for look_alike in ("DAVE", "Alice", "ａｌｉｃｅ"):
        with pytest.raises(ValidationFailed) as refused:
            member_create(actor=alice, tenant=people["acme"], username=look_alike, password=PASSWORD, role=read_only)
        assert refused.value.field == "username" and "is taken" in refused.value.message

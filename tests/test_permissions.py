"""The permission table, row by row, and every page answered for alice, bob and charlie."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from core.errors import PermissionMissing
from tenants.models import Role
from tenants.permissions import ACTION_PERMISSIONS, ALL_PERMISSIONS, LOG_RELAY_MANAGER, READ_ONLY, Permission
from tenants.selectors import can, require
from tenants.services import member_create
from tests.conftest import PASSWORD

ROWS = sorted(ACTION_PERMISSIONS.items())


def _member_with(tenant, permissions: set[str], name: str):
    role = Role.objects.create(tenant=tenant, name=f"role-{name}", permissions=sorted(permissions))
    return member_create(actor=None, tenant=tenant, username=name, password=PASSWORD, role=role).user


@pytest.mark.parametrize(("action", "row"), ROWS, ids=[a for a, _ in ROWS])
def test_it_gates_each_action_by_exactly_its_permissions(people, action, row):
    _, needed = row
    tenant = people["acme"]
    exact = _member_with(tenant, {p.value for p in needed}, "exact")
    assert can(exact, action)
    require(exact, action)  # does not raise

    for index, left_out in enumerate(sorted(needed)):
        user = _member_with(tenant, {p.value for p in needed} - {left_out.value}, f"without{index}")
        assert not can(user, action)
        with pytest.raises(PermissionMissing) as refused:
            require(user, action)
        assert refused.value.missing == [left_out.label]
        assert left_out.label in refused.value.message

    # Every other permission without the needed ones does not do it either.
    others = _member_with(tenant, ALL_PERMISSIONS - {p.value for p in needed}, "others")
    assert not can(others, action)


def test_it_gives_the_builtin_roles_their_permissions(people):
    roles = {r.builtin: r for r in Role.objects.filter(tenant=people["acme"]).exclude(builtin="")}
    assert roles["admin"].effective_permissions == ALL_PERMISSIONS
    assert roles["admin"].grants_all and not roles["admin"].editable
    assert roles["log_relay_manager"].effective_permissions == {p.value for p in LOG_RELAY_MANAGER}
    assert roles["read_only"].effective_permissions == {p.value for p in READ_ONLY}
    assert {p.label for p in Permission} == {
        "Read Log Management",
        "Write Log Management",
        "Delete Log Management",
        "Read Log Endpoints",
        "Read Log Relays",
        "Write Log Relays",
        "Delete Log Relays",
        "Write Virtual Machine",
        "Manage Users",
    }


def _readme_rows() -> dict[str, tuple[str, frozenset[str]]]:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split("\n## Permissions\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^\|\s*`([a-z_.]+)`\s*\|([^|]*)\|([^|]*)\|\s*$", line)
        if match:
            action, words, names = match.groups()
            rows[action] = (words.strip(), frozenset(n.strip() for n in names.split(",") if n.strip()))
    return rows


def test_it_documents_the_permission_table_in_the_readme_row_by_row():
    rows = _readme_rows()
    for action, (words, needed) in ACTION_PERMISSIONS.items():
        assert action in rows, f"README's permission table lacks {action}"
        assert rows[action] == (words, frozenset(p.label for p in needed)), action
    assert set(rows) == set(ACTION_PERMISSIONS), "README lists actions the code does not have"


# --- every page, for each of the three people

PAGES = [
    # (url name, object, alice, bob, charlie)
    ("log_sources:list", None, 200, 200, 200),
    ("log_sources:add", None, 302, 403, 302),
    ("log_sources:detail", "source", 200, 200, 404),
    ("deployments:source_delete", "source", 200, 403, 404),
    ("relay:endpoint_list", None, 200, 200, 200),
    ("relay:endpoint_add", None, 200, 403, 200),
    ("relay:endpoint_detail", "endpoint", 200, 200, 404),
    ("relay:endpoint_delete", "endpoint", 200, 403, 404),
    ("tenants:users", None, 200, 403, 200),
    ("tenants:role_add", None, 200, 403, 200),
    ("tenants:role_edit", "viewer_role", 200, 403, 404),
    ("tenants:role_delete", "viewer_role", 200, 403, 404),
    ("tenants:member_deactivate", "bob_membership", 200, 403, 404),
    ("tenants:member_remove", "bob_membership", 200, 403, 404),
    ("tenants:member_tokens", "bob_membership", 200, 403, 404),
    ("tenants:audit", None, 200, 403, 200),
]


@pytest.mark.parametrize(("name", "obj", "for_alice", "for_bob", "for_charlie"), PAGES, ids=[p[0] for p in PAGES])
def test_it_answers_every_page_for_alice_bob_and_charlie(
    client_for, people, source, endpoint, name, obj, for_alice, for_bob, for_charlie
):
    objects = {
        "source": source,
        "endpoint": endpoint,
        "viewer_role": people["viewer_role"],
        "bob_membership": people["bob"].membership,
    }
    url = reverse(name, args=[objects[obj].pk] if obj else [])
    for who, expected in (("alice", for_alice), ("bob", for_bob), ("charlie", for_charlie)):
        response = client_for(people[who]).get(url)
        assert response.status_code == expected, (who, url, response.status_code)
        if expected == 403:
            # The 403 page names what is missing.
            assert "You need the permission" in response.content.decode()


def test_it_hides_navigation_a_user_cannot_use(client_for, bob, alice):
    bob_page = client_for(bob).get(reverse("log_sources:list")).content.decode()
    assert reverse("relay:endpoint_list") in bob_page
    assert reverse("tenants:users") not in bob_page
    alice_page = client_for(alice).get(reverse("log_sources:list")).content.decode()
    assert reverse("tenants:users") in alice_page


def test_it_gives_a_user_without_a_tenant_nothing(client_for, db):
    from django.contrib.auth import get_user_model

    loner = get_user_model().objects.create_user("loner", password=PASSWORD)
    response = client_for(loner).get(reverse("log_sources:list"))
    assert response.status_code == 403

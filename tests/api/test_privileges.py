"""Nobody grants a permission they do not hold (pages and API): a member who manages users
cannot raise themselves or anyone above their own permissions, nor demote someone above them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tenants.models import Membership, Role
from tenants.permissions import Permission
from tenants.services import member_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

USERS_ONLY = [Permission.MANAGE_USERS.value, Permission.READ_LOG_RELAYS.value]


@pytest.fixture
def mona(people):
    """An Acme member whose role holds Manage Users and Read Log Relays, nothing else."""
    role = Role.objects.create(tenant=people["acme"], name="User Manager", permissions=USERS_ONLY)
    return member_create(actor=None, tenant=people["acme"], username="mona", password=PASSWORD, role=role).user


def role(people, builtin: str) -> Role:
    return Role.objects.get(tenant=people["acme"], builtin=builtin)


def test_a_user_manager_cannot_give_themselves_admin_nor_change_their_own_role(api_for, people, mona):
    client = api_for(mona)
    response = client.patch(f"/api/v1/members/{mona.membership.pk}/", {"role": role(people, "admin").pk}, format="json")
    assert response.status_code == 403
    assert "give a role with permissions you hold yourself" in response.json()["detail"]
    narrower = Role.objects.create(tenant=people["acme"], name="Relay Reader", permissions=[USERS_ONLY[1]])
    response = client.patch(f"/api/v1/members/{mona.membership.pk}/", {"role": narrower.pk}, format="json")
    assert response.status_code == 403
    assert "You cannot change your own role" in response.json()["detail"]
    assert Membership.objects.get(user=mona).role.name == "User Manager"


def test_a_user_manager_cannot_demote_an_admin(api_for, people, mona, alice):
    response = api_for(mona).patch(
        f"/api/v1/members/{alice.membership.pk}/", {"role": role(people, "read_only").pk}, format="json"
    )
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "change the role of a member with permissions you hold yourself" in detail
    assert "Write Log Relays" in detail
    assert Membership.objects.get(user=alice).role.builtin == "admin"


def test_a_user_manager_gives_only_roles_within_their_own_permissions(api_for, people, mona, bob):
    client = api_for(mona)
    admin = client.post(
        "/api/v1/members/", {"username": "eve", "password": PASSWORD, "role": role(people, "admin").pk}, format="json"
    )
    assert admin.status_code == 403 and "give a role with permissions you hold yourself" in admin.json()["detail"]
    assert not get_user_model().objects.filter(username="eve").exists()
    raised = client.patch(f"/api/v1/members/{bob.membership.pk}/", {"role": role(people, "admin").pk}, format="json")
    assert raised.status_code == 403
    assert Membership.objects.get(user=bob).role == people["viewer_role"]

    within = Role.objects.create(tenant=people["acme"], name="Relay Reader", permissions=[USERS_ONLY[1]])
    added = client.post("/api/v1/members/", {"username": "eve", "password": PASSWORD, "role": within.pk}, format="json")
    assert added.status_code == 201, added.json()


def test_a_user_manager_cannot_create_or_widen_a_role_beyond_their_own(api_for, people, mona):
    client = api_for(mona)
    wider = client.post(
        "/api/v1/roles/", {"name": "Wider", "permissions": ["Manage Users", "Write Log Relays"]}, format="json"
    )
    assert wider.status_code == 403 and "Write Log Relays" in wider.json()["detail"]
    assert not Role.objects.filter(name="Wider").exists()
    own = client.post("/api/v1/roles/", {"name": "Narrow", "permissions": ["Read Log Relays"]}, format="json")
    assert own.status_code == 201, own.json()
    widened = client.patch(
        f"/api/v1/roles/{own.json()['id']}/", {"permissions": ["Read Log Relays", "Delete Log Relays"]}, format="json"
    )
    assert widened.status_code == 403
    assert Role.objects.get(name="Narrow").permissions == [Permission.READ_LOG_RELAYS.value]
    # A role above theirs (it is given to bob) is not theirs to change either.
    above = client.patch(f"/api/v1/roles/{people['viewer_role'].pk}/", {"name": "Renamed"}, format="json")
    assert above.status_code == 403 and Role.objects.get(pk=people["viewer_role"].pk).name == "Source Viewer"


def test_an_admin_cannot_change_their_own_role_while_another_admin_can(api_for, people, alice):
    adam = member_create(
        actor=None, tenant=people["acme"], username="adam", password=PASSWORD, role=role(people, "admin")
    ).user
    own = api_for(alice).patch(
        f"/api/v1/members/{alice.membership.pk}/", {"role": role(people, "read_only").pk}, format="json"
    )
    assert own.status_code == 403 and Membership.objects.get(user=alice).role.builtin == "admin"
    other = api_for(adam).patch(
        f"/api/v1/members/{alice.membership.pk}/", {"role": role(people, "read_only").pk}, format="json"
    )
    assert other.status_code == 200 and Membership.objects.get(user=alice).role.builtin == "read_only"


def test_a_role_change_that_leaves_a_permission_without_holder_is_refused(api_for, people, alice):
    """alice holds every permission through a custom role only she has: dropping one from it leaves it to nobody."""
    everything = Role.objects.create(tenant=people["acme"], name="Everything", permissions=list(Permission.values))
    Membership.objects.filter(user=alice).update(role=everything)
    kept = [p for p in Permission.values if p != Permission.DELETE_LOG_RELAYS.value]
    response = api_for(alice).patch(
        f"/api/v1/roles/{everything.pk}/", {"permissions": [Permission(p).label for p in kept]}, format="json"
    )
    assert response.status_code == 409
    assert "alice is the last member holding Delete Log Relays" in response.json()["detail"]
    assert set(Role.objects.get(pk=everything.pk).permissions) == set(Permission.values)


def test_the_users_page_names_the_rule_it_refuses_by(client_for, people, mona):
    response = client_for(mona).post(
        reverse("tenants:member_role", args=[mona.membership.pk]), {"role": role(people, "admin").pk}
    )
    assert response.status_code == 403
    assert "give a role with permissions you hold yourself" in response.content.decode()
    assert Membership.objects.get(user=mona).role.name == "User Manager"

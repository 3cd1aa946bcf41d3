"""Offboarding: deactivating, reactivating and removing members (pages and API), and the audit
records of every change the tenants' services make (roles, members, retention)."""

from __future__ import annotations

import html
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import Conflict
from tenants.models import ApiToken, AuditEvent, Membership, Role
from tenants.services import member_create, member_deactivate, member_set_role
from tests.conftest import PASSWORD

User = get_user_model()
USERS = reverse("tenants:users")
LOGIN = reverse("login")
SOURCES = reverse("log_sources:list")


def text(response) -> str:
    return html.unescape(response.content.decode())


def logged_in(username: str) -> Client:
    """A browser that logged in through the login page (a real session, as a member has)."""
    browser = Client()
    response = browser.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, text(response)
    assert browser.get(SOURCES).status_code == 200
    return browser


def token_client(username: str) -> APIClient:
    """An API client with a token obtained the way a script obtains one."""
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/endpoints/").status_code == 200
    return client


def sessions_of(user) -> int:
    return sum(1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk))


def events(action: str):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


@pytest.fixture
def second_admin(people):
    admin = Role.objects.get(tenant=people["acme"], builtin=Role.Builtin.ADMIN)
    return member_create(actor=None, tenant=people["acme"], username="dave", password=PASSWORD, role=admin)


# --- Deactivate, reactivate, remove on the Users & Roles page -------------------------------


def test_deactivating_bob_on_the_page_ends_his_session_and_token_at_once(client_for, alice, bob):
    browser, script = logged_in("bob"), token_client("bob")
    assert sessions_of(bob) == 1
    admin = client_for(alice)

    users = text(admin.get(USERS))
    bob_row = users.split("<td>bob")[1].split("</tr>")[0]
    assert "1 active" in bob_row and reverse("tenants:member_deactivate", args=[bob.membership.pk]) in bob_row
    confirm = text(admin.get(reverse("tenants:member_deactivate", args=[bob.membership.pk])))
    assert "Deactivate bob?" in confirm and "1 active token" in confirm and "csrfmiddlewaretoken" in confirm

    done = admin.post(reverse("tenants:member_deactivate", args=[bob.membership.pk]), follow=True)
    assert "Deactivated bob: their sessions ended and their API tokens were revoked." in text(done)

    # The very next page and API request are refused.
    next_page = browser.get(SOURCES)
    assert next_page.status_code == 302 and next_page["Location"].startswith(LOGIN)
    refused = script.get("/api/v1/endpoints/")
    assert refused.status_code == 401 and refused.json() == {"detail": "Invalid token."}
    bob.refresh_from_db()
    assert not bob.is_active and sessions_of(bob) == 0 and not ApiToken.objects.filter(user=bob).exists()
    # He cannot come back with his password either.
    assert Client().post(LOGIN, {"username": "bob", "password": PASSWORD}).status_code == 200
    assert APIClient().post("/api/v1/auth/token/", {"username": "bob", "password": PASSWORD}).status_code == 400

    row = text(admin.get(USERS)).split("<td>bob")[1].split("</tr>")[0]
    assert "inactive" in row and "Reactivate" in row and "0 active" in row
    (event,) = events("member.deactivate")
    assert (event.actor, event.actor_username, event.tenant) == (alice, "alice", alice.membership.tenant)
    assert (event.target_type, event.target_id) == ("membership", str(bob.membership.pk))
    assert event.details == {"username": "bob", "role": "Source Viewer", "tokens_revoked": 1, "sessions_ended": 1}


def test_reactivating_bob_gives_him_his_access_back(client_for, alice, bob):
    admin = client_for(alice)
    admin.post(reverse("tenants:member_deactivate", args=[bob.membership.pk]))
    response = admin.post(reverse("tenants:member_reactivate", args=[bob.membership.pk]), follow=True)
    assert "Reactivated bob." in text(response)
    bob.refresh_from_db()
    assert bob.is_active and Membership.objects.get(user=bob).role.name == "Source Viewer"
    logged_in("bob")
    (event,) = events("member.reactivate")
    assert event.actor == alice and event.target_id == str(bob.membership.pk)
    assert event.details == {"username": "bob", "role": "Source Viewer"}
    # Reactivating is a POST: a link cannot do it.
    assert admin.get(reverse("tenants:member_reactivate", args=[bob.membership.pk])).status_code == 405


def test_removing_bob_on_the_page_deletes_his_account_and_ends_his_access(client_for, alice, bob):
    browser, script = logged_in("bob"), token_client("bob")
    membership_id, user_id = bob.membership.pk, bob.pk
    admin = client_for(alice)
    confirm = text(admin.get(reverse("tenants:member_remove", args=[membership_id])))
    assert "Remove bob?" in confirm and "cannot be undone" in confirm

    done = admin.post(reverse("tenants:member_remove", args=[membership_id]), follow=True)
    assert "Removed bob." in text(done)
    assert "<td>bob" not in text(admin.get(USERS))
    assert not User.objects.filter(pk=user_id).exists() and not Membership.objects.filter(pk=membership_id).exists()
    assert not ApiToken.objects.filter(user_id=user_id).exists()
    next_page = browser.get(SOURCES)
    assert next_page.status_code == 302 and next_page["Location"].startswith(LOGIN)
    assert script.get("/api/v1/endpoints/").status_code == 401

    (event,) = events("member.remove")
    assert (event.actor, event.target_type, event.target_id) == (alice, "membership", str(membership_id))
    assert event.details == {"username": "bob", "role": "Source Viewer", "sessions_ended": 1, "tokens_revoked": 1}
    # What bob did stays on record under his name.
    bobs = AuditEvent.objects.filter(actor_username="bob", action="login.success")
    assert bobs.count() == 2 and not bobs.filter(actor__isnull=False).exists()


def test_the_page_refuses_what_the_rules_refuse(client_for, alice, bob, charlie, people):
    admin = client_for(alice)
    # Alice is the last admin: neither deactivating nor removing herself is possible (nor offered).
    own_row = text(admin.get(USERS)).split("<td>alice")[1].split("</tr>")[0]
    assert "Deactivate" not in own_row and "Remove" not in own_row
    response = admin.post(reverse("tenants:member_deactivate", args=[alice.membership.pk]), follow=True)
    assert "alice: This is the tenant's last admin; make someone else an admin first." in text(response)
    alice.refresh_from_db()
    assert alice.is_active
    # Another tenant's member is not found; bob may not manage users at all.
    assert client_for(charlie).get(reverse("tenants:member_remove", args=[bob.membership.pk])).status_code == 404
    assert client_for(charlie).post(reverse("tenants:member_deactivate", args=[bob.membership.pk])).status_code == 404
    refused = client_for(bob).post(reverse("tenants:member_remove", args=[alice.membership.pk]))
    assert refused.status_code == 403 and "Manage Users" in text(refused)
    assert User.objects.filter(username="alice", is_active=True).exists()
    assert not AuditEvent.objects.filter(action__startswith="member.").exclude(action="member.create").exists()


def test_a_user_manager_cannot_offboard_someone_holding_more_than_they_do(client_for, alice, bob, people):
    managers = Role.objects.create(tenant=people["acme"], name="People", permissions=["manage_users"])
    mia = member_create(actor=None, tenant=people["acme"], username="mia", password=PASSWORD, role=managers).user
    refused = client_for(mia).post(reverse("tenants:member_deactivate", args=[bob.membership.pk]))
    assert refused.status_code == 403
    assert "You can only deactivate a member with permissions you hold yourself" in text(refused)
    assert "Read Log Endpoints, Read Log Relays" in text(refused)
    bob.refresh_from_db()
    assert bob.is_active


# --- The same over the API ------------------------------------------------------------------


def test_the_api_deactivates_reactivates_and_removes_members(api_client, alice, bob):
    script = token_client("bob")
    url = f"/api/v1/members/{bob.membership.pk}/"
    listed = {m["username"]: m for m in api_client.get("/api/v1/members/").json()}
    assert listed["bob"]["is_active"] is True

    off = api_client.patch(url, {"is_active": False}, format="json")
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert script.get("/api/v1/endpoints/").status_code == 401

    on = api_client.patch(url, {"is_active": True}, format="json")
    assert on.status_code == 200 and on.json()["is_active"] is True
    # A revoked token stays revoked: reactivation gives back the login, not the old tokens.
    assert script.get("/api/v1/endpoints/").status_code == 401
    token_client("bob")

    assert api_client.delete(url).status_code == 204
    assert api_client.get(url).status_code == 404
    assert not User.objects.filter(username="bob").exists()
    assert [e.action for e in AuditEvent.objects.filter(actor=alice, action__startswith="member.").order_by("pk")] == [
        "member.deactivate",
        "member.reactivate",
        "member.remove",
    ]


def test_the_api_changes_role_and_state_together_or_not_at_all(api_client, bob, people):
    url = f"/api/v1/members/{bob.membership.pk}/"
    read_only = Role.objects.get(tenant=people["acme"], builtin=Role.Builtin.READ_ONLY)
    both = api_client.patch(url, {"role": read_only.pk, "is_active": False}, format="json")
    assert both.status_code == 200 and both.json()["role_name"] == "Read Only" and both.json()["is_active"] is False
    for value in ("no", 0, None, [False]):
        response = api_client.patch(url, {"is_active": value, "role": people["viewer_role"].pk}, format="json")
        assert response.status_code == 400 and response.json() == {"is_active": ["is_active must be true or false."]}
    assert Membership.objects.get(user=bob).role == read_only


def test_the_api_refuses_what_the_rules_refuse(api_client, api_as, alice, bob, charlie, people):
    own = f"/api/v1/members/{alice.membership.pk}/"
    last = api_client.patch(own, {"is_active": False}, format="json")
    assert last.status_code == 409 and "last admin" in last.json()["detail"]
    assert api_client.delete(own).status_code == 409

    admin = Role.objects.get(tenant=people["acme"], builtin=Role.Builtin.ADMIN)
    member_create(actor=None, tenant=people["acme"], username="dave", password=PASSWORD, role=admin)
    yourself = api_client.delete(own)
    assert yourself.status_code == 403
    assert yourself.json() == {
        "detail": "You cannot remove yourself; another member who manages users can.",
        "field": "is_active",
    }
    assert api_client.patch(own, {"is_active": False}, format="json").status_code == 403

    assert api_as(charlie).delete(f"/api/v1/members/{bob.membership.pk}/").status_code == 404
    refused = api_as(bob).patch(own, {"is_active": False}, format="json")
    assert refused.status_code == 403 and refused.json()["missing_permissions"] == ["Manage Users"]
    assert User.objects.filter(username__in=["alice", "bob"], is_active=True).count() == 2


def test_the_portal_itself_cannot_deactivate_the_last_admin_either(people, alice):
    """Without an actor (a command, the seed) the last-holder rule still stands."""
    with pytest.raises(Conflict, match="last admin"):
        member_deactivate(actor=None, membership=alice.membership)
    alice.refresh_from_db()
    assert alice.is_active


def test_a_deactivated_admin_no_longer_counts_as_an_admin(people, alice, second_admin):
    member_deactivate(actor=alice, membership=second_admin)
    read_only = Role.objects.get(tenant=people["acme"], builtin=Role.Builtin.READ_ONLY)
    with pytest.raises(Conflict, match="last admin"):
        member_set_role(actor=None, membership=alice.membership, role=read_only)


# --- Audit records of roles, members and retention ------------------------------------------


def test_role_changes_are_audited_with_what_changed(api_client, alice, people):
    created = api_client.post(
        "/api/v1/roles/", {"name": "Searcher", "permissions": ["Read Log Management"]}, format="json"
    ).json()
    api_client.patch(
        f"/api/v1/roles/{created['id']}/",
        {"name": "Hunter", "permissions": ["Read Log Relays", "Read Log Endpoints"]},
        format="json",
    )
    api_client.patch(f"/api/v1/roles/{created['id']}/", {"name": "Hunter"}, format="json")  # no change, no record
    assert api_client.delete(f"/api/v1/roles/{created['id']}/").status_code == 204

    create, update, delete = (events(a) for a in ("role.create", "role.update", "role.delete"))
    assert len(create) == len(update) == len(delete) == 1
    for event in (create[0], update[0], delete[0]):
        assert (event.actor, event.tenant, event.target_type) == (alice, people["acme"], "role")
        assert event.target_id == str(created["id"])
    assert create[0].details == {"name": "Searcher", "permissions": ["Read Log Management"]}
    assert update[0].details == {
        "name": "Hunter",
        "old_name": "Searcher",
        "new_name": "Hunter",
        "permissions_added": ["Read Log Endpoints", "Read Log Relays"],
        "permissions_removed": ["Read Log Management"],
    }
    assert delete[0].details == {"name": "Hunter", "permissions": ["Read Log Endpoints", "Read Log Relays"]}


def test_member_changes_are_audited_without_the_password(client_for, alice, bob, people):
    admin = client_for(alice)
    read_only = Role.objects.get(tenant=people["acme"], builtin=Role.Builtin.READ_ONLY)
    admin.post(reverse("tenants:member_add"), {"username": "dora", "password": PASSWORD, "role": read_only.pk})
    admin.post(reverse("tenants:member_role", args=[bob.membership.pk]), {"role": read_only.pk})
    admin.post(reverse("tenants:member_role", args=[bob.membership.pk]), {"role": read_only.pk})  # unchanged

    (created,) = [e for e in events("member.create") if e.actor == alice]
    dora = Membership.objects.get(user__username="dora")
    assert (created.target_type, created.target_id, created.tenant) == ("membership", str(dora.pk), people["acme"])
    assert created.details == {"username": "dora", "role": "Read Only"}
    (changed,) = events("member.role_change")
    assert changed.actor == alice and changed.target_id == str(bob.membership.pk)
    assert changed.details == {"username": "bob", "from": "Source Viewer", "to": "Read Only"}
    every_record = json.dumps([e.details for e in AuditEvent.objects.all()])
    assert PASSWORD not in every_record


def test_a_refused_change_leaves_no_audit_record(api_client, people):
    api_client.delete(f"/api/v1/roles/{people['viewer_role'].pk}/")  # still given to bob: 409
    api_client.post("/api/v1/roles/", {"name": "Admin", "permissions": []}, format="json")  # taken: 400
    assert not AuditEvent.objects.filter(action__startswith="role.").exists()


def test_a_retention_change_is_audited_with_both_values(client_for, alice, people):
    before = people["acme"].log_retention_days
    client_for(alice).post(reverse("events:retention"), {"log_retention_days": "30"})
    (event,) = events("tenant.retention_change")
    assert (event.actor, event.target_type, event.target_id) == (alice, "tenant", str(people["acme"].pk))
    assert event.tenant == people["acme"] and event.details == {"from": before, "to": 30}


@pytest.fixture
def api_client(alice):
    return api_as_user(alice)


@pytest.fixture
def api_as(db):
    return api_as_user


def api_as_user(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user)[1]}")
    return client

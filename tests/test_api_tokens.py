"""API tokens: named, expiring, listed and revoked by their owner (API and the API tokens page)
and by the tenant's user managers, with an audit record of each token made or revoked."""

from __future__ import annotations

import html
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tenants.models import ApiToken, AuditEvent, Role
from tenants.services import member_create
from tests.conftest import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"
TOKENS = "/api/v1/tokens/"
PAGE = reverse("account_tokens")


def text(response) -> str:
    return html.unescape(response.content.decode())


def issue(username: str, **extra) -> dict:
    response = APIClient().post(TOKEN_URL, {"username": username, "password": PASSWORD, **extra}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def with_token(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def audit_text() -> str:
    return json.dumps([[e.action, e.target_id, e.details] for e in AuditEvent.objects.all()])


# --- Issuing ---------------------------------------------------------------------------------


def test_a_token_has_a_name_and_an_expiry_and_its_creation_is_audited(alice):
    before = timezone.now()
    body = issue("alice", name="nightly export", expires_in_days=7)
    assert set(body) == {"token", "id", "name", "expires_at"}
    token = ApiToken.objects.get(pk=body["id"])
    assert (token.user, token.name, body["name"]) == (alice, "nightly export", "nightly export")
    assert before + timedelta(days=7) <= token.expires_at <= timezone.now() + timedelta(days=7)
    assert body["expires_at"].startswith(token.expires_at.strftime("%Y-%m-%dT%H:%M"))

    (event,) = AuditEvent.objects.filter(action="token.create")
    assert (event.actor, event.tenant, event.target_type, event.target_id) == (
        alice,
        alice.membership.tenant,
        "apitoken",
        str(token.pk),
    )
    assert event.details == {
        "name": "nightly export",
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat(),
    }
    assert AuditEvent.objects.filter(action="login.success", actor=alice, details__via="api").count() == 1
    assert body["token"] not in audit_text() and token.digest not in audit_text()


def test_without_a_lifetime_a_token_lives_api_token_days(alice, settings):
    settings.API_TOKEN_DAYS = 30
    body = issue("alice")
    token = ApiToken.objects.get(pk=body["id"])
    assert body["name"] == "" and token.name == ""
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)


@pytest.mark.parametrize(
    "extra, field, message",
    [
        ({"name": "n" * 101}, "name", "Token name must be at most 100 characters."),
        ({"name": "two\nlines"}, "name", "Token name cannot hold control characters (such as NUL or a line break)."),
        ({"name": "bell\x07"}, "name", "Token name cannot hold control characters (such as NUL or a line break)."),
        ({"name": "nul\x00"}, "name", "Null characters are not allowed."),
        ({"name": ["x"]}, "name", "Token name must be text."),
        ({"expires_in_days": 0}, "expires_in_days", "expires_in_days must be a whole number of days from 1 to 365."),
        ({"expires_in_days": 366}, "expires_in_days", "expires_in_days must be a whole number of days from 1 to 365."),
        (
            {"expires_in_days": "ten"},
            "expires_in_days",
            "expires_in_days must be a whole number of days from 1 to 365.",
        ),
        ({"expires_in_days": True}, "expires_in_days", "expires_in_days must be a whole number of days from 1 to 365."),
        ({"expires_in_days": 1.5}, "expires_in_days", "expires_in_days must be a whole number of days from 1 to 365."),
    ],
)
def test_it_refuses_a_bad_name_or_lifetime_naming_the_field(alice, extra, field, message):
    response = APIClient().post(TOKEN_URL, {"username": "alice", "password": PASSWORD, **extra}, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not ApiToken.objects.exists() and not AuditEvent.objects.filter(action="token.create").exists()


def test_the_longest_name_and_lifetime_are_accepted(alice):
    body = issue("alice", name="n" * 100, expires_in_days="365")
    assert ApiToken.objects.get(pk=body["id"]).expires_at > timezone.now() + timedelta(days=364)


# --- Using a token ---------------------------------------------------------------------------


def test_an_expired_token_is_refused(alice):
    body = issue("alice", expires_in_days=1)
    client = with_token(body["token"])
    assert client.get("/api/v1/endpoints/").status_code == 200
    ApiToken.objects.filter(pk=body["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/endpoints/")
    assert response.status_code == 401 and response.json() == {"detail": "Token expired."}


def test_last_used_is_written_at_most_once_a_minute(alice):
    body = issue("alice")
    client = with_token(body["token"])
    client.get("/api/v1/regions/")
    first = ApiToken.objects.get(pk=body["id"]).last_used_at
    assert first is not None

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/regions/").status_code == 200
    assert not [q for q in queries if q["sql"].startswith("UPDATE") and "tenants_apitoken" in q["sql"]]
    assert ApiToken.objects.get(pk=body["id"]).last_used_at == first

    ApiToken.objects.filter(pk=body["id"]).update(last_used_at=first - timedelta(seconds=61))
    client.get("/api/v1/regions/")
    assert ApiToken.objects.get(pk=body["id"]).last_used_at > first


# --- Listing and revoking over the API -------------------------------------------------------


@pytest.fixture
def tokens(alice, bob, charlie):
    """Each person's token from the token endpoint, by username."""
    return {name: issue(name, name=f"{name}'s script") for name in ("alice", "bob", "charlie")}


def test_the_owner_lists_their_own_tokens_without_the_secret(tokens, alice):
    expired = ApiToken.issue(alice, name="old")[0]
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    response = with_token(tokens["alice"]["token"]).get(TOKENS)
    assert response.status_code == 200
    listed = {t["name"]: t for t in response.json()}
    assert set(listed) == {"alice's script", "old"}
    mine = listed["alice's script"]
    assert set(mine) == {"id", "name", "prefix", "user", "created_at", "expires_at", "last_used_at", "expired"}
    stored = ApiToken.objects.get(pk=mine["id"])
    assert (mine["user"], mine["prefix"], mine["expired"]) == ("alice", tokens["alice"]["token"][:8], False)
    assert mine["last_used_at"] is not None
    assert listed["old"]["expired"] is True
    assert tokens["alice"]["token"] not in response.content.decode() and stored.digest not in response.content.decode()


def test_a_user_manager_lists_every_token_of_the_tenant(tokens):
    response = with_token(tokens["alice"]["token"]).get(TOKENS, {"scope": "tenant"})
    assert sorted(t["user"] for t in response.json()) == ["alice", "bob"]
    refused = with_token(tokens["bob"]["token"]).get(TOKENS, {"scope": "tenant"})
    assert refused.status_code == 403 and refused.json()["missing_permissions"] == ["Manage Users"]
    assert [t["user"] for t in with_token(tokens["bob"]["token"]).get(TOKENS).json()] == ["bob"]
    bad = with_token(tokens["alice"]["token"]).get(TOKENS, {"scope": "everyone"})
    assert bad.status_code == 400 and bad.json() == {"scope": ["scope must be own or tenant."]}


def test_the_owner_revokes_a_token_and_it_stops_working_at_once(tokens, alice):
    spare = issue("alice", name="spare")
    client = with_token(tokens["alice"]["token"])
    assert client.delete(f"{TOKENS}{spare['id']}/").status_code == 204
    assert with_token(spare["token"]).get("/api/v1/endpoints/").status_code == 401
    # Revoking the token one is calling with works too, and that is its last call.
    assert client.delete(f"{TOKENS}{tokens['alice']['id']}/").status_code == 204
    assert client.get(TOKENS).status_code == 401

    revoked = AuditEvent.objects.filter(action="token.revoke").order_by("pk")
    assert [(e.actor, e.target_id, e.details) for e in revoked] == [
        (alice, str(spare["id"]), {"owner": "alice", "name": "spare", "prefix": spare["token"][:8]}),
        (
            alice,
            str(tokens["alice"]["id"]),
            {"owner": "alice", "name": "alice's script", "prefix": tokens["alice"]["token"][:8]},
        ),
    ]
    assert spare["token"] not in audit_text() and tokens["alice"]["token"] not in audit_text()


def test_a_user_manager_revokes_a_members_token_but_never_another_tenants(tokens, alice, bob):
    admin = with_token(tokens["alice"]["token"])
    assert admin.delete(f"{TOKENS}{tokens['bob']['id']}/").status_code == 204
    assert with_token(tokens["bob"]["token"]).get("/api/v1/endpoints/").status_code == 401
    (event,) = AuditEvent.objects.filter(action="token.revoke")
    assert (event.actor, event.tenant, event.details["owner"]) == (alice, alice.membership.tenant, "bob")

    # Charlie's token is in another tenant: not found, whoever asks.
    assert admin.delete(f"{TOKENS}{tokens['charlie']['id']}/").status_code == 404
    bob_again = issue("bob")
    assert with_token(bob_again["token"]).delete(f"{TOKENS}{tokens['charlie']['id']}/").status_code == 404
    # Bob may revoke only his own: alice's token is refused for want of Manage Users.
    refused = with_token(bob_again["token"]).delete(f"{TOKENS}{tokens['alice']['id']}/")
    assert refused.status_code == 403 and refused.json()["missing_permissions"] == ["Manage Users"]
    assert ApiToken.objects.filter(pk__in=[tokens["alice"]["id"], tokens["charlie"]["id"]]).count() == 2
    assert with_token(tokens["alice"]["token"]).delete(f"{TOKENS}999999/").status_code == 404


def test_a_user_manager_revokes_only_tokens_of_members_holding_no_more_than_they_do(tokens, people, bob):
    people_role = Role.objects.create(
        tenant=people["acme"], name="People", permissions=["manage_users", "read_log_relays", "read_log_endpoints"]
    )
    member_create(actor=None, tenant=people["acme"], username="mia", password=PASSWORD, role=people_role)
    mia = with_token(issue("mia")["token"])
    refused = mia.delete(f"{TOKENS}{tokens['alice']['id']}/")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith(
        "You can only revoke the tokens of a member with permissions you hold yourself; you do not hold "
    )
    assert ApiToken.objects.filter(pk=tokens["alice"]["id"]).exists()
    assert mia.delete(f"{TOKENS}{tokens['bob']['id']}/").status_code == 204


# --- The API tokens page and the Users & Roles page -----------------------------------------


def test_the_page_creates_a_token_shown_once_and_revokes_it(client_for, alice):
    page = client_for(alice)
    assert "No API tokens." in text(page.get(PAGE))
    created = page.post(PAGE, {"name": "ci", "expires_in_days": "14"})
    assert created.status_code == 201 and "no-store" in created["Cache-Control"]
    token = ApiToken.objects.get(user=alice)
    raw = text(created).split('<pre id="new-token">')[1].split("</pre>")[0]
    assert len(raw) == 40 and raw.startswith(token.prefix) and "shown only this once" in text(created)
    assert with_token(raw).get("/api/v1/endpoints/").status_code == 200
    assert token.expires_at > timezone.now() + timedelta(days=13, hours=23)

    listing = text(page.get(PAGE))
    assert raw not in listing and token.digest not in listing
    assert f"{token.prefix}…" in listing and ">ci<" in listing
    done = page.post(reverse("account_token_revoke", args=[token.pk]), follow=True)
    assert f"Revoked the token {token.prefix}… (ci)." in text(done)
    assert with_token(raw).get("/api/v1/endpoints/").status_code == 401
    (made,) = AuditEvent.objects.filter(action="token.create", actor=alice)
    assert made.details["name"] == "ci" and raw not in audit_text()
    assert AuditEvent.objects.filter(action="token.revoke", actor=alice, target_id=str(token.pk)).exists()


def test_the_page_names_a_refused_field_and_keeps_others_tokens_out_of_reach(client_for, alice, bob):
    page = client_for(alice)
    refused = page.post(PAGE, {"name": "x" * 101, "expires_in_days": "400"})
    assert refused.status_code == 400
    assert "Token name must be at most 100 characters." in text(refused)
    assert "expires_in_days must be a whole number of days from 1 to 365." in text(refused)
    assert not ApiToken.objects.exists()
    bobs = ApiToken.issue(bob)[0]
    # This page revokes only one's own tokens (another member's goes through Users & Roles).
    assert page.post(reverse("account_token_revoke", args=[bobs.pk])).status_code == 404
    assert page.get(reverse("account_token_revoke", args=[bobs.pk])).status_code == 405
    assert ApiToken.objects.filter(pk=bobs.pk).exists()


def test_users_and_roles_shows_each_members_tokens_to_revoke(client_for, alice, bob, charlie):
    live, expired = ApiToken.issue(bob, name="bob's cron")[0], ApiToken.issue(bob, name="stale")[0]
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    admin = client_for(alice)
    row = text(admin.get(reverse("tenants:users"))).split("<td>bob")[1].split("</tr>")[0]
    member_tokens = reverse("tenants:member_tokens", args=[bob.membership.pk])
    assert member_tokens in row and "1 active" in row

    listing = text(admin.get(member_tokens))
    assert "bob's cron" in listing and "stale" in listing and "expired" in listing
    assert live.digest not in listing
    done = admin.post(reverse("tenants:member_token_revoke", args=[live.pk]), follow=True)
    assert f"Revoked bob's token {live.prefix}…." in text(done)
    assert not ApiToken.objects.filter(pk=live.pk).exists()

    other = client_for(charlie)
    assert other.get(member_tokens).status_code == 404
    assert other.post(reverse("tenants:member_token_revoke", args=[expired.pk])).status_code == 404
    assert client_for(bob).get(member_tokens).status_code == 403
    assert ApiToken.objects.filter(pk=expired.pk).exists()


def test_the_header_links_to_api_tokens_and_password(client_for, bob):
    page = text(client_for(bob).get(PAGE))
    assert f'href="{PAGE}"' in page and f'href="{reverse("account_password")}"' in page

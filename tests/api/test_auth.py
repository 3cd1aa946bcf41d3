"""Tokens: issued for a username and password, stored hashed, rate-limited; sessions for the browsable API."""

from __future__ import annotations

import hashlib
import json

import pytest
from rest_framework.test import APIClient

from tenants.models import ApiToken
from tests.conftest import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


def test_it_issues_a_token_that_authenticates_requests(alice):
    client = APIClient()
    response = client.post(TOKEN_URL, {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert set(response.json()) == {"token", "id", "name", "expires_at"}

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/endpoints/").status_code == 200
    assert ApiToken.objects.get(user=alice).last_used_at is not None


def test_it_stores_only_the_tokens_sha256(alice):
    token = APIClient().post(TOKEN_URL, {"username": "alice", "password": PASSWORD}, format="json").json()["token"]
    stored = ApiToken.objects.get(user=alice)
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.digest, stored.prefix}
    assert not ApiToken.objects.filter(digest=token).exists()


def test_it_refuses_a_wrong_password_without_saying_which_part_is_wrong(alice):
    response = APIClient().post(TOKEN_URL, {"username": "alice", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with the username and password given."]}
    unknown = APIClient().post(TOKEN_URL, {"username": "nobody-here", "password": "nope"}, format="json")
    assert unknown.json() == response.json()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "body, fields",
    [
        ({}, {"username", "password"}),
        ({"username": "alice"}, {"password"}),
        ({"username": ["alice"], "password": PASSWORD}, {"username"}),
        ({"username": "alice", "password": {"x": 1}}, {"password"}),
        ([1, 2], {"non_field_errors"}),
        ("alice", {"non_field_errors"}),
    ],
)
def test_it_names_the_missing_or_malformed_fields(alice, body, fields):
    response = APIClient().post(TOKEN_URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields


def test_it_refuses_a_body_that_is_not_json(alice):
    response = APIClient().post(TOKEN_URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_it_refuses_an_inactive_users_password_and_token(api_for, alice):
    client = api_for(alice)
    alice.is_active = False
    alice.save()
    assert client.get("/api/v1/endpoints/").status_code == 401
    response = APIClient().post(TOKEN_URL, {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 400


def test_it_rate_limits_token_requests(alice):
    """Ten requests a minute per address, whatever the usernames (the login lockout counts per username)."""
    client = APIClient()
    statuses = [
        client.post(TOKEN_URL, {"username": f"nobody{n}", "password": "wrong"}, format="json").status_code
        for n in range(10)
    ]
    assert statuses == [400] * 10
    response = client.post(TOKEN_URL, {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_it_counts_the_rate_limit_in_the_shared_cache(alice, settings):
    """The counter lives in Django's cache (Redis in production), so every web process sees it."""
    from django.core.cache import cache

    APIClient().post(TOKEN_URL, {"username": "alice", "password": "wrong"}, format="json")
    assert len(cache.get("throttle_token_127.0.0.1")) == 1
    if settings.REDIS_URL:
        assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_it_refuses_requests_without_a_valid_token(people):
    assert APIClient().get("/api/v1/log-sources/").status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/v1/log-sources/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    assert response["WWW-Authenticate"] == "Token"


def test_a_portal_session_serves_the_browsable_api(client_for, alice):
    response = client_for(alice).get("/api/v1/endpoints/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"Endpoint" in response.content and b"<html" in response.content


def test_unknown_api_paths_are_json_404s(api):
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_body_too_large_is_a_json_400_naming_the_limit(api_for, alice):
    body = json.dumps({"name": "x" * 3_000_000, "hostname": "relay-9.acme.example"})
    response = api_for(alice).post("/api/v1/endpoints/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "larger than the 2560 KiB" in response.json()["non_field_errors"][0]

"""Password guessing: failed logins per username and address lock that pair out for the cool-off (django-axes).

The counts live in the database (axes' AccessAttempt), so every web process sees the same
ones; the API's token endpoint shares them with the login page.
"""

from __future__ import annotations

import html
from datetime import timedelta

from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tenants.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client: Client, password: str, username: str = "alice"):
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return client.get("/sources/").status_code == 200


def test_ten_failures_lock_the_username_from_that_address_even_with_the_right_password(alice, people, settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(9):
        assert attempt(client, "wrong").status_code == 200  # the form again, "didn't match"
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    right = attempt(client, PASSWORD)
    assert right.status_code == 429
    assert int(right["Retry-After"]) == 15 * 60
    page = html.unescape(right.content.decode())
    assert "Too many failed logins for this username from your address" in page
    assert "15 minutes" in page
    assert not logged_in(client)

    # The count is shared state in the database, not one process's memory.
    assert AccessAttempt.objects.get(username="alice", ip_address="203.0.113.7").failures_since_start >= 10
    # Another address is not locked out by this one's guessing; nor is another username.
    assert attempt(Client(REMOTE_ADDR="198.51.100.9"), PASSWORD).status_code == 302
    member = Client(REMOTE_ADDR="203.0.113.7")
    assert attempt(member, PASSWORD, username="bob").status_code == 302

    # The API's token endpoint honours the same lock, and answers it as JSON.
    token = APIClient(REMOTE_ADDR="203.0.113.7").post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert token.status_code == 429
    assert "Too many failed logins" in token.json()["detail"]

    # Recorded for Acme's admins: every failure, the lockout, and the successes elsewhere.
    acme = AuditEvent.objects.filter(tenant=people["acme"])
    assert acme.filter(action="login.failure", details__username="alice", ip="203.0.113.7").count() >= 10
    assert acme.filter(action="login.locked_out", ip="203.0.113.7").exists()
    assert acme.filter(action="login.success", actor=alice, ip="198.51.100.9").exists()


def test_the_lock_ends_after_the_cool_off(alice):
    client = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(10):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 429
    # Fifteen minutes later (the attempts' times moved back instead of waiting).
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, PASSWORD).status_code == 302
    assert logged_in(client)


def test_failures_for_unknown_usernames_are_recorded_for_operators_only(people):
    Client(REMOTE_ADDR="203.0.113.9").post(LOGIN, {"username": "nosuchuser", "password": "x"})
    event = AuditEvent.objects.get(action="login.failure", details__username="nosuchuser")
    assert event.tenant is None and event.actor is None and event.ip == "203.0.113.9"


def test_a_forwarded_address_is_ignored_unless_proxies_are_configured(alice, settings):
    """With no proxy in front, X-Forwarded-For is the client's own claim: a guesser cannot rotate it."""
    for n in range(10):
        Client(REMOTE_ADDR="203.0.113.10", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").post(
            LOGIN, {"username": "alice", "password": "wrong"}
        )
    assert attempt(Client(REMOTE_ADDR="203.0.113.10", HTTP_X_FORWARDED_FOR="10.0.0.99"), PASSWORD).status_code == 429

    settings.PORTAL_NUM_PROXIES = 1
    behind_proxy = Client(REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert attempt(behind_proxy, PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="login.success", ip="192.0.2.44").exists()

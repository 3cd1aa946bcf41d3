"""Changing one's own password (page and API): this session stays, the others end, the rules apply."""

from __future__ import annotations

import html
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tenants.models import AuditEvent
from tests.conftest import PASSWORD

PAGE = reverse("account_password")
API = "/api/v1/me/password/"
LOGIN = reverse("login")
SOURCES = reverse("log_sources:list")
NEW_PASSWORD = "quiet-meadow-lantern-47"


def text(response) -> str:
    return html.unescape(response.content.decode())


def logged_in(username: str, password: str = PASSWORD) -> Client:
    browser = Client()
    assert browser.post(LOGIN, {"username": username, "password": password}).status_code == 302
    assert browser.get(SOURCES).status_code == 200
    return browser


def token_client(username: str) -> APIClient:
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def password_is(password: str) -> bool:
    return get_user_model().objects.get(username="bob").check_password(password)


def audit_text() -> str:
    return json.dumps([[e.action, e.details] for e in AuditEvent.objects.all()])


def test_the_page_changes_the_password_keeps_this_session_and_ends_the_others(bob):
    here, elsewhere = logged_in("bob"), logged_in("bob")
    form = text(here.get(PAGE))
    assert 'name="old_password"' in form and 'name="new_password1"' in form and 'name="new_password2"' in form
    assert "Your password must contain at least 8 characters." in form  # the rules, from AUTH_PASSWORD_VALIDATORS

    response = here.post(
        PAGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Your password was changed. Your other sessions have been logged out." in text(response)
    assert here.get(SOURCES).status_code == 200
    ended = elsewhere.get(SOURCES)
    assert ended.status_code == 302 and ended["Location"].startswith(LOGIN)
    assert not password_is(PASSWORD)
    assert password_is(NEW_PASSWORD)

    (event,) = AuditEvent.objects.filter(action="member.password_change")
    assert (event.actor, event.tenant, event.target_type, event.target_id) == (
        bob,
        bob.membership.tenant,
        "membership",
        str(bob.membership.pk),
    )
    assert PASSWORD not in audit_text() and NEW_PASSWORD not in audit_text()


@pytest.mark.parametrize(
    "old, new1, new2, field, message",
    [
        ("wrong-password", NEW_PASSWORD, NEW_PASSWORD, "old_password", "Your old password was entered incorrectly."),
        (PASSWORD, "123", "123", "new_password2", "This password is too short."),
        (PASSWORD, "password123", "password123", "new_password2", "This password is too common."),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "new_password2", "The two password fields didn’t match."),
    ],
)
def test_the_page_refuses_a_wrong_old_password_or_a_weak_new_one(bob, old, new1, new2, field, message):
    browser = logged_in("bob")
    response = browser.post(PAGE, {"old_password": old, "new_password1": new1, "new_password2": new2})
    assert response.status_code == 200
    assert message in text(response)
    assert message in " ".join(response.context["form"].errors[field])
    assert password_is(PASSWORD)
    assert not AuditEvent.objects.filter(action="member.password_change").exists()


def test_the_page_needs_a_login(db):
    response = Client().get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_api_changes_the_password_and_ends_page_sessions(bob):
    browser, script = logged_in("bob"), token_client("bob")
    response = script.post(API, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json")
    assert response.status_code == 204
    assert password_is(NEW_PASSWORD)
    ended = browser.get(SOURCES)
    assert ended.status_code == 302 and ended["Location"].startswith(LOGIN)
    # API tokens are not sessions: they stay valid until revoked or expired.
    assert script.get("/api/v1/endpoints/").status_code == 200
    (event,) = AuditEvent.objects.filter(action="member.password_change")
    assert event.actor == bob and NEW_PASSWORD not in audit_text()


def test_the_browsable_api_session_that_changes_the_password_stays(bob):
    browser = logged_in("bob")
    response = browser.post(
        API, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 204
    assert browser.get(SOURCES).status_code == 200


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"old_password": "wrong", "new_password": NEW_PASSWORD}, "old_password", "Your old password was entered"),
        ({"new_password": NEW_PASSWORD}, "old_password", "Old password is required."),
        ({"old_password": PASSWORD, "new_password": "123"}, "new_password", "This password is too short."),
        (
            {"old_password": PASSWORD, "new_password": "12345678901"},
            "new_password",
            "This password is entirely numeric.",
        ),
        ({"old_password": PASSWORD}, "new_password", "New password is required."),
    ],
)
def test_the_api_names_the_field_of_a_refused_change(bob, body, field, message):
    response = token_client("bob").post(API, body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert any(m.startswith(message) for m in response.json()[field]), response.json()
    assert password_is(PASSWORD)


def test_the_api_needs_a_token_or_a_session(db):
    assert APIClient().post(API, {"old_password": "x", "new_password": "y"}, format="json").status_code == 401

"""The API's test base: token clients for alice, bob, charlie and nobody, and the secret watch.

Every response the portal gives during the API tests (test client, live server and the
schema fuzzing alike) passes through Django's request handler; an autouse fixture records
each body there and fails the test if one holds a secret key or a full access key id.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from rest_framework.test import APIClient

from portal.models import ApiToken
from tests.conftest import ACCESS_KEY, PASSWORD, SECRET_KEY

# A second credential pair, used as one-time deploy credentials.
DEPLOY_ACCESS_KEY = "AKIAI44QH8DHBEXAMPLE"
DEPLOY_SECRET_KEY = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
SECRETS = (SECRET_KEY, ACCESS_KEY, DEPLOY_SECRET_KEY, DEPLOY_ACCESS_KEY)


def leaked_secrets(body: bytes) -> list[str]:
    text = body.decode("utf-8", errors="replace")
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture(autouse=True)
def no_secret_in_any_response(monkeypatch, caplog):
    """Record every response body of the test and assert none holds a secret (nor any log line)."""
    original = BaseHandler.get_response
    recorded: list[tuple[str, bytes]] = []

    def get_response(self, request):
        response = original(self, request)
        if not getattr(response, "streaming", False):
            recorded.append((f"{request.method} {request.get_full_path()}", bytes(response.content)))
        return response

    monkeypatch.setattr(BaseHandler, "get_response", get_response)
    yield recorded
    leaks = [(where, leaked_secrets(body)) for where, body in recorded if leaked_secrets(body)]
    assert not leaks, f"responses leaked credentials: {leaks}"
    assert not [s for s in SECRETS if s in caplog.text], "a log line holds a credential"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The default hasher is slow by design; these tests create many users and check passwords often."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_token_rate_limit():
    """Each test starts with an unused token budget (the limit itself has its own test)."""
    cache.delete_many([f"throttle_token_{ip}" for ip in ("127.0.0.1", "None", "")])
    yield
    cache.delete_many([f"throttle_token_{ip}" for ip in ("127.0.0.1", "None", "")])


@pytest.fixture
def nobody(people):
    """An Acme member whose role holds no permission at all."""
    from tenants.models import Role
    from tenants.services import member_create

    role = Role.objects.create(tenant=people["acme"], name="Nothing", permissions=[])
    return member_create(tenant=people["acme"], username="nobody", password=PASSWORD, role=role).user


@pytest.fixture
def api_for(db):
    """api_for(user) -> an APIClient sending that user's token; api_for(None) sends none."""

    def make(user):
        client = APIClient()
        if user is not None:
            _, raw = ApiToken.issue(user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        return client

    return make


@pytest.fixture
def api(api_for, alice):
    return api_for(alice)

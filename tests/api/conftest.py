"""The API's test base: token clients for alice, bob, charlie and nobody.

The secret watch over every response and log line lives in the suite's own conftest.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tenants.models import ApiToken
from tests.conftest import PASSWORD


@pytest.fixture
def nobody(people):
    """An Acme member whose role holds no permission at all."""
    from tenants.models import Role
    from tenants.services import member_create

    role = Role.objects.create(tenant=people["acme"], name="Nothing", permissions=[])
    return member_create(actor=None, tenant=people["acme"], username="nobody", password=PASSWORD, role=role).user


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

"""Test connection sends keys to AWS, so each user may run it only so often: the portal is no key-testing oracle."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from deployments.throttles import KeyCheckThrottle
from tenants.models import AuditEvent
from tests.conftest import ACCESS_KEY, ACCOUNT, SECRET_KEY


@pytest.fixture
def three_an_hour(monkeypatch, alice, bob):
    monkeypatch.setattr(KeyCheckThrottle, "THROTTLE_RATES", {"aws_key_check": "3/hour"})
    keys = [f"throttle_aws_key_check_{user.pk}" for user in (alice, bob)]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def test_the_wizard_check_the_source_page_and_the_api_share_one_budget_per_user(
    aws, alice, bob, source, client_for, three_an_hour
):
    client = client_for(alice)
    wizard = {"aws_account_number": ACCOUNT, "aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": SECRET_KEY}
    assert client.post("/aws/check/", wizard).status_code == 200
    assert client.post(f"/aws/sources/{source.pk}/verify/", HTTP_ACCEPT="application/json").status_code == 200
    api = APIClient()
    api.force_authenticate(alice)
    assert api.post(f"/api/v1/log-sources/{source.pk}/verify/").status_code == 200

    refused = client.post("/aws/check/", wizard, HTTP_ACCEPT="application/json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many connection tests" in refused.json()["errors"]["non_field_errors"][0]
    assert api.post(f"/api/v1/log-sources/{source.pk}/verify/").status_code == 429
    assert client.post(f"/aws/sources/{source.pk}/verify/", HTTP_ACCEPT="application/json").status_code == 429

    # Only the checks that reached AWS were recorded; another user's budget is their own.
    assert AuditEvent.objects.filter(action__in=["credentials.check", "source.verify"], actor=alice).count() == 3
    assert client_for(bob).post(f"/aws/sources/{source.pk}/verify/", HTTP_ACCEPT="application/json").status_code == 200


def test_input_refused_before_aws_does_not_use_the_budget(aws, alice, client_for, three_an_hour):
    client = client_for(alice)
    for _ in range(5):
        assert client.post("/aws/check/", {"aws_account_number": "12"}).status_code == 400
    ok = {"aws_account_number": ACCOUNT, "aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": SECRET_KEY}
    assert client.post("/aws/check/", ok).status_code == 200

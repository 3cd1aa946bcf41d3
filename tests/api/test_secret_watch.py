"""The watch itself: every response of the test suite is recorded and searched for credentials."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import ACCESS_KEY, DEPLOY_SECRET_KEY, SECRET_KEY, SECRETS, leaked_secrets


def test_the_watch_records_every_response(api, source, no_secret_in_any_response):
    api.get("/api/v1/log-sources/")
    api.get(f"/api/v1/log-sources/{source.pk}/")
    api.post("/api/v1/log-sources/", {"aws_secret_access_key": SECRET_KEY}, format="json")
    assert [where for where, _ in no_secret_in_any_response] == [
        "GET /api/v1/log-sources/",
        f"GET /api/v1/log-sources/{source.pk}/",
        "POST /api/v1/log-sources/",
    ]
    assert all(body for _, body in no_secret_in_any_response)


def test_the_watch_recognises_each_credential_anywhere_in_a_body():
    assert set(SECRETS) >= {SECRET_KEY, ACCESS_KEY, DEPLOY_SECRET_KEY}
    assert leaked_secrets(f'{{"x": "..{SECRET_KEY}.."}}'.encode()) == [SECRET_KEY]
    assert leaked_secrets(f"key {ACCESS_KEY}".encode()) == [ACCESS_KEY]
    assert leaked_secrets(f"last4 {ACCESS_KEY[-4:]}".encode()) == []


def test_the_watch_covers_the_pages_too(alice, source, client_for, no_secret_in_any_response):
    client = client_for(alice)
    assert client.get(reverse("log_sources:detail", args=[source.pk])).status_code == 200
    assert client.get(reverse("log_sources:list")).status_code == 200
    assert [where for where, _ in no_secret_in_any_response] == [
        f"GET /sources/{source.pk}/",
        "GET /sources/",
    ]
    # The page shows the access key's last four characters, which the watch allows.
    assert ACCESS_KEY[-4:].encode() in no_secret_in_any_response[0][1]

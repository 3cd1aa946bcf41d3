"""Secrets at rest: the raw columns hold no plaintext, and keys rotate without losing rows."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from core import crypto
from core.management.commands.rotate_encryption_keys import encrypted_fields
from log_sources.models import LogSource
from log_sources.services import log_source_create
from tests.conftest import ACCESS_KEY, SECRET_KEY

OLD = "old:" + Fernet.generate_key().decode()
NEW = "new:" + Fernet.generate_key().decode()


def raw_secrets(pk: int) -> tuple[str, str]:
    """The stored columns, read with SQL so no model field decrypts them."""
    table = connection.ops.quote_name(LogSource._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT aws_secret_access_key, aws_access_key_id FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


def test_it_stores_the_keys_encrypted_and_the_account_normalised(source):
    source.refresh_from_db()
    assert source.aws_account_number == "123456789012"
    assert sorted(source.region_codes) == ["ap-southeast-2", "eu-west-1", "us-east-1"]
    secret, key_id = raw_secrets(source.pk)
    assert secret.startswith("enc:fernet:") and SECRET_KEY not in secret and "EXAMPLEKEY" not in secret
    assert key_id.startswith("enc:fernet:") and ACCESS_KEY not in key_id and "EXAMPLE" not in key_id
    # Reading through the model gives the plaintext back.
    assert source.aws_secret_access_key == SECRET_KEY
    assert source.aws_access_key_id == ACCESS_KEY
    assert source.aws_access_key_id_last4 == "MPLE"


def test_it_finds_every_encrypted_column_generically():
    found = {(model._meta.label, field.name) for model, field in encrypted_fields()}
    assert ("log_sources.LogSource", "aws_secret_access_key") in found
    assert ("log_sources.LogSource", "aws_access_key_id") in found


def test_it_rotates_to_a_new_primary_key_and_old_rows_still_decrypt(alice, source_data):
    with override_settings(PORTAL_ENCRYPTION_KEYS=OLD):
        old_source = log_source_create(user=alice, data=source_data)
    assert crypto.key_id_of(raw_secrets(old_source.pk)[0]) == "old"

    with override_settings(PORTAL_ENCRYPTION_KEYS=f"{NEW},{OLD}"):
        # New writes use the first key; rows written under the old one still read.
        new_source = log_source_create(user=alice, data={**source_data, "hostname": "second.acme.example"})
        assert crypto.key_id_of(raw_secrets(new_source.pk)[0]) == "new"
        assert LogSource.objects.get(pk=old_source.pk).aws_secret_access_key == SECRET_KEY

        out = StringIO()
        call_command("rotate_encryption_keys", stdout=out)
        report = out.getvalue()
        assert "log_sources.LogSource.aws_secret_access_key: 1 re-encrypted, 1 already under 'new'" in report
        assert "log_sources.LogSource.aws_access_key_id: 1 re-encrypted, 1 already under 'new'" in report
        for pk in (old_source.pk, new_source.pk):
            secret, key_id = raw_secrets(pk)
            assert crypto.key_id_of(secret) == "new" and crypto.key_id_of(key_id) == "new"
            assert SECRET_KEY not in secret

        # Idempotent: a second run has nothing left to do.
        out = StringIO()
        call_command("rotate_encryption_keys", stdout=out)
        assert "log_sources.LogSource.aws_secret_access_key: 0 re-encrypted, 2 already under 'new'" in out.getvalue()

    # The old key can now be dropped.
    with override_settings(PORTAL_ENCRYPTION_KEYS=NEW):
        for pk in (old_source.pk, new_source.pk):
            row = LogSource.objects.get(pk=pk)
            assert row.aws_secret_access_key == SECRET_KEY and row.aws_access_key_id == ACCESS_KEY


def test_it_refuses_to_read_a_row_whose_key_was_dropped_without_echoing_it(alice, source_data):
    with override_settings(PORTAL_ENCRYPTION_KEYS=OLD):
        row = log_source_create(user=alice, data=source_data)
    with override_settings(PORTAL_ENCRYPTION_KEYS=NEW), pytest.raises(ImproperlyConfigured) as refused:
        LogSource.objects.get(pk=row.pk)
    assert "No key 'old'" in str(refused.value)
    assert SECRET_KEY not in str(refused.value)


def test_it_encrypts_a_plaintext_value_left_by_an_older_version(source):
    table = connection.ops.quote_name(LogSource._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET aws_secret_access_key = %s WHERE id = %s", [SECRET_KEY, source.pk])
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "1 unencrypted value(s) encrypted" in out.getvalue()
    assert raw_secrets(source.pk)[0].startswith("enc:fernet:")
    assert LogSource.objects.get(pk=source.pk).aws_secret_access_key == SECRET_KEY


def test_it_never_shows_the_keys_to_staff_in_django_admin(client, source):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.create_superuser("staff", password="staff-password-123"))
    for url in (
        reverse("admin:log_sources_logsource_changelist"),
        reverse("admin:log_sources_logsource_change", args=[source.pk]),
        reverse("admin:log_sources_sourceregion_changelist"),
        reverse("admin:relay_endpoint_changelist"),
        reverse("admin:tenants_tenant_changelist"),
        reverse("admin:tenants_role_changelist"),
        reverse("admin:tenants_membership_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET_KEY not in body and ACCESS_KEY not in body, url
    change = client.get(reverse("admin:log_sources_logsource_change", args=[source.pk])).content.decode()
    assert "…MPLE" in change
    assert 'name="aws_secret_access_key"' not in change and 'name="aws_access_key_id"' not in change

from django.db import connection

from log_sources.models import LogSource


def test_it_creates_a_source_with_a_normalised_account_and_encrypted_secrets(source):
    source.refresh_from_db()
    assert source.aws_account_number == "123456789012"
    assert sorted(source.region_codes) == ["ap-southeast-2", "eu-west-1", "us-east-1"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT aws_secret_access_key, aws_access_key_id FROM {LogSource._meta.db_table} WHERE id = %s",
            [source.pk],
        )
        secret, key_id = cursor.fetchone()
    assert secret.startswith("enc:fernet:") and "EXAMPLEKEY" not in secret
    assert key_id.startswith("enc:fernet:") and "EXAMPLE" not in key_id

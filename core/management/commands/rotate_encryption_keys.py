"""Re-encrypt every stored secret under the primary (first) key of PORTAL_ENCRYPTION_KEYS."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core import crypto
from core.fields import EncryptedTextField

BATCH = 500


def encrypted_fields() -> list[tuple[type, EncryptedTextField]]:
    """Every EncryptedTextField of every installed model, so a new secret column needs no change here."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append((model, field))
    return found


class Command(BaseCommand):
    help = "Re-encrypt stored secrets under the newest key. Safe to run again: rows already under it are skipped."

    def handle(self, *args, **options):
        ring = crypto.keyring()
        primary = ring.primary_id
        self.stdout.write(f"Primary key: {primary}")
        total = 0
        for model, field in encrypted_fields():
            rotated, current, plaintext = self._rotate(model, field, primary)
            total += rotated + plaintext
            label = f"{model._meta.label}.{field.name}"
            line = f"{label}: {rotated} re-encrypted, {current} already under '{primary}'"
            if plaintext:
                line += f", {plaintext} unencrypted value(s) encrypted"
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Done: {total} value(s) re-encrypted."))

    def _rotate(self, model, field, primary: str) -> tuple[int, int, int]:
        # Raw SQL on purpose: the field decrypts on read, and we need the stored key id.
        table = connection.ops.quote_name(model._meta.db_table)
        column = connection.ops.quote_name(field.column)
        pk_column = connection.ops.quote_name(model._meta.pk.column)
        rotated = current = plaintext = 0
        last_pk = None
        while True:
            with connection.cursor() as cursor:
                where = f"{column} IS NOT NULL AND {column} <> ''"
                params: list = []
                if last_pk is not None:
                    where += f" AND {pk_column} > %s"
                    params.append(last_pk)
                cursor.execute(
                    f"SELECT {pk_column}, {column} FROM {table} WHERE {where} ORDER BY {pk_column} LIMIT {BATCH}",  # noqa: S608
                    params,
                )
                rows = cursor.fetchall()
            if not rows:
                break
            with transaction.atomic():
                for pk, stored in rows:
                    last_pk = pk
                    if stored.startswith(crypto.PREFIX):
                        if crypto.key_id_of(stored) == primary:
                            current += 1
                            continue
                        value = crypto.decrypt(stored)
                        rotated += 1
                    else:
                        value = stored
                        plaintext += 1
                    with connection.cursor() as cursor:
                        cursor.execute(
                            f"UPDATE {table} SET {column} = %s WHERE {pk_column} = %s",  # noqa: S608
                            [crypto.encrypt(value), pk],
                        )
        return rotated, current, plaintext

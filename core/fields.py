"""Model fields shared by the apps."""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database and plaintext in Python.

    The raw column only ever holds `enc:fernet:<key id>:<token>`; an empty string stays empty.
    """

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)

"""Secrets at rest: `enc:fernet:<key id>:<token>`.

PORTAL_ENCRYPTION_KEYS is a comma-separated list of `<key id>:<Fernet key>`. The first key
encrypts every new write; every listed key decrypts, so keys rotate without downtime
(`manage.py rotate_encryption_keys` then re-encrypts old rows under the first key).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc:fernet:"


@dataclass(frozen=True)
class Keyring:
    primary_id: str
    keys: dict[str, Fernet]


def parse_keys(spec: str) -> Keyring:
    keys: dict[str, Fernet] = {}
    primary = ""
    for item in [part.strip() for part in spec.split(",") if part.strip()]:
        key_id, sep, key = item.partition(":")
        if not sep or not key_id or ":" in key_id:
            raise ImproperlyConfigured("PORTAL_ENCRYPTION_KEYS entries must look like '<key id>:<Fernet key>'.")
        try:
            keys[key_id] = Fernet(key.encode())
        except ValueError as exc:
            raise ImproperlyConfigured(f"PORTAL_ENCRYPTION_KEYS: key '{key_id}' is not a valid Fernet key.") from exc
        primary = primary or key_id
    if not keys:
        raise ImproperlyConfigured("PORTAL_ENCRYPTION_KEYS holds no key.")
    return Keyring(primary_id=primary, keys=keys)


@lru_cache(maxsize=4)
def _keyring_for(spec: str) -> Keyring:
    return parse_keys(spec)


def keyring() -> Keyring:
    return _keyring_for(settings.PORTAL_ENCRYPTION_KEYS)


def encrypt(plaintext: str) -> str:
    ring = keyring()
    token = ring.keys[ring.primary_id].encrypt(plaintext.encode()).decode()
    return f"{PREFIX}{ring.primary_id}:{token}"


def key_id_of(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    return stored[len(PREFIX) :].split(":", 1)[0]


def decrypt(stored: str) -> str:
    key_id = key_id_of(stored)
    token = stored[len(PREFIX) + len(key_id) + 1 :]
    fernet = keyring().keys.get(key_id)
    if fernet is None:
        # Never echo the token: it is the secret, encrypted or not.
        raise ImproperlyConfigured(f"No key '{key_id}' in PORTAL_ENCRYPTION_KEYS to decrypt a stored secret.")
    try:
        return fernet.decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(f"Key '{key_id}' does not decrypt a stored secret (wrong key?).") from exc

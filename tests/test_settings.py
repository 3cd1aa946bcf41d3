"""Settings: the production profile passes `check --deploy` and refuses to start without keys."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from cryptography.fernet import Fernet
from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")


def production_env(**overrides) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE belongs to the browser tests' process, never to a deployment.
        if key
        not in (
            "DEBUG",
            "SECRET_KEY",
            "PORTAL_ENCRYPTION_KEYS",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(60)[:60],
            "PORTAL_ENCRYPTION_KEYS": "k1:" + Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "portal.example.com",
        }
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, timeout=120, cwd=settings.BASE_DIR
    )


def test_it_passes_check_deploy_with_no_warnings_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_refuses_to_start_in_production_without_encryption_keys():
    env = production_env()
    del env["PORTAL_ENCRYPTION_KEYS"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "PORTAL_ENCRYPTION_KEYS must be set when DEBUG is false." in result.stderr


def test_it_refuses_to_start_in_production_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is false." in result.stderr


def test_it_uses_sqlite_when_no_database_url_is_set(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    env["PORTAL_LOCAL_DIR"] = str(tmp_path)
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])", env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.sqlite3"
    # The development key is generated into the local folder on first use.
    assert (tmp_path / "encryption_keys").read_text().startswith("dev1:")

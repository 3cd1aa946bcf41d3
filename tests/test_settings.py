"""Settings: DEBUG is off unless DEBUG=true; the production profile passes `check --deploy` and
refuses to start without its secrets; DEBUG=true runs on generated development secrets."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from cryptography.fernet import Fernet
from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")
# PYTEST_VERSION marks a test run, which gets the development profile; a deployment has none of these.
NOT_IN_A_DEPLOYMENT = (
    "DEBUG",
    "SECRET_KEY",
    "PORTAL_ENCRYPTION_KEYS",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PYTEST_VERSION",
)


def production_env(**overrides) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in NOT_IN_A_DEPLOYMENT}
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(60)[:60],
            "PORTAL_ENCRYPTION_KEYS": "k1:" + Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "portal.example.com",
        }
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, cwd=settings.BASE_DIR)


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run([sys.executable, MANAGE, *args], env)


def debug_setting(env: dict[str, str]) -> str:
    result = run([sys.executable, "-c", "from portal import settings; print(settings.DEBUG)"], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_it_passes_check_deploy_with_no_warnings_in_production_with_debug_unset():
    env = production_env()
    assert "DEBUG" not in env
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_is_off_unless_debug_is_true():
    assert debug_setting(production_env()) == "False"
    assert debug_setting(production_env(DEBUG="false")) == "False"
    assert debug_setting(production_env(DEBUG="true")) == "True"


def test_importing_the_settings_with_debug_unset_and_no_secret_key_fails_naming_it(tmp_path):
    env = production_env(PORTAL_LOCAL_DIR=str(tmp_path))
    del env["SECRET_KEY"]
    result = run([sys.executable, "-c", "import portal.settings"], env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set" in result.stderr
    assert "set DEBUG=true" in result.stderr
    # Nothing was generated in its place.
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_to_start_in_production_without_encryption_keys():
    env = production_env()
    del env["PORTAL_ENCRYPTION_KEYS"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "PORTAL_ENCRYPTION_KEYS must be set" in result.stderr


def test_debug_true_runs_on_sqlite_and_generated_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in (*NOT_IN_A_DEPLOYMENT, "DATABASE_URL")}
    env.update({"DEBUG": "true", "PORTAL_LOCAL_DIR": str(tmp_path)})
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])", env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.sqlite3"
    # The development secrets are generated into the local folder on first use.
    assert (tmp_path / "encryption_keys").read_text().startswith("dev1:")
    assert len((tmp_path / "secret_key").read_text()) >= 50

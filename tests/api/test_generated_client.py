"""The committed Python client (clients/python) is the one openapi-python-client generates from the
schema the portal serves: regenerate with `make client` when this fails."""

from __future__ import annotations

import filecmp
import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

CLIENTS = Path(settings.BASE_DIR) / "clients"
COMMITTED_SCHEMA = CLIENTS / "openapi.json"
COMMITTED_CLIENT = CLIENTS / "python"
BIN = Path(sys.executable).parent


def served_schema(client) -> dict:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_committed_schema_is_the_served_one(client, db):
    assert json.loads(COMMITTED_SCHEMA.read_text()) == served_schema(client), (
        "clients/openapi.json is out of date: run `make client`"
    )


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__", ".ruff_cache"])
    found = [f"only in the committed client: {name}" for name in comparison.left_only]
    found += [f"only in a fresh generation: {name}" for name in comparison.right_only]
    found += [f"differs: {name}" for name in comparison.diff_files]
    for name, sub in comparison.subdirs.items():
        found += [f"{name}/{item}" for item in _differences(Path(sub.left), Path(sub.right))]
    return found


@pytest.mark.timeout(300)
def test_the_committed_client_is_what_the_generator_makes_of_the_schema(tmp_path):
    output = tmp_path / "python"
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(COMMITTED_SCHEMA),
            "--meta",
            "setup",
            "--config",
            str(CLIENTS / "openapi-python-client.yaml"),
            "--output-path",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env=environment,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert _differences(COMMITTED_CLIENT, output) == [], "clients/python is out of date: run `make client`"


def test_every_module_of_the_client_imports_and_the_readme_bodies_fit_its_models():
    sys.path.insert(0, str(COMMITTED_CLIENT))
    try:
        package = importlib.import_module("guardduty_portal_client")
        modules = [
            importlib.import_module(m.name) for m in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
        ]
        assert len(modules) > 100
        from guardduty_portal_client.models import DeploymentChange, LogSourceCreate, PatchedLogSource

        body = {
            "endpoint": 1,
            "aws_account_number": "1234-5678-9012",
            "credential_type": "role",
            "role_arn": "arn:aws:iam::123456789012:role/ArmorGuardDutyReader",
            "regions": ["us-east-1", "eu-west-1", "ap-southeast-2"],
            "deployment": {"mode": "stackset", "log_retention_days": 3, "tags": {"owner": "security"}},
        }
        assert LogSourceCreate.from_dict(body).to_dict() == body
        retention_only = PatchedLogSource(deployment=DeploymentChange(log_retention_days=7))
        assert retention_only.to_dict() == {"deployment": {"log_retention_days": 7}}
    finally:
        sys.path.remove(str(COMMITTED_CLIENT))

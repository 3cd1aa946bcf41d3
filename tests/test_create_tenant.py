"""`manage.py create_tenant NAME --admin USERNAME`, non-interactive (password from PORTAL_ADMIN_PASSWORD)."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from tenants.models import Membership, Role, Tenant
from tenants.selectors import can
from tests.conftest import PASSWORD


def test_it_creates_the_tenant_its_roles_and_its_admin(db, monkeypatch, capsys):
    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", PASSWORD)
    call_command("create_tenant", "Initech", admin="peter")
    assert "Created tenant 'Initech' with admin 'peter'." in capsys.readouterr().out
    tenant = Tenant.objects.get(name="Initech")
    assert set(Role.objects.filter(tenant=tenant).values_list("builtin", flat=True)) == {
        "admin",
        "log_relay_manager",
        "read_only",
    }
    peter = authenticate(RequestFactory().post("/accounts/login/"), username="peter", password=PASSWORD)
    assert peter is not None
    membership = Membership.objects.get(user=peter)
    assert membership.tenant == tenant and membership.role.grants_all
    assert can(peter, "users.manage") and can(peter, "source.add")


def test_it_fails_clearly_without_a_password(db, monkeypatch):
    monkeypatch.delenv("PORTAL_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="Set PORTAL_ADMIN_PASSWORD"):
        call_command("create_tenant", "Initech", admin="peter")
    assert not Tenant.objects.filter(name="Initech").exists()


def test_it_refuses_a_duplicate_tenant_or_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", PASSWORD)
    call_command("create_tenant", "Initech", admin="peter")
    with pytest.raises(CommandError, match="A tenant named 'Initech' already exists."):
        call_command("create_tenant", "Initech", admin="samir")
    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_tenant", "Initrode", admin="michael")
    assert not Tenant.objects.filter(name="Initrode").exists()

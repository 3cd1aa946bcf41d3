from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from .permissions import ALL_PERMISSIONS


class Tenant(models.Model):
    """A customer account: everything it owns is invisible to every other tenant."""

    name = models.CharField(max_length=200, unique=True)
    log_retention_days = models.PositiveIntegerField(default=settings.PORTAL_DEFAULT_RETENTION_DAYS)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """A named set of catalogue permissions that tenant admins give to members."""

    class Builtin(models.TextChoices):
        ADMIN = "admin", "Admin"
        LOG_RELAY_MANAGER = "log_relay_manager", "Log Relay Manager"
        READ_ONLY = "read_only", "Read Only"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(max_length=100)
    permissions = models.JSONField(default=list, blank=True)
    builtin = models.CharField(max_length=32, choices=Builtin.choices, blank=True)
    grants_all = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="role_name_unique_per_tenant")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_permissions(self) -> frozenset[str]:
        if self.grants_all:
            return ALL_PERMISSIONS
        return frozenset(self.permissions) & ALL_PERMISSIONS

    @property
    def editable(self) -> bool:
        return not self.builtin


class Membership(models.Model):
    """A user's place in exactly one tenant, with one role."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} in {self.tenant} as {self.role}"


class TenantQuerySet(models.QuerySet):
    """Scoping for every tenant-owned model: the one place that answers "whose is this"."""

    def for_tenant(self, tenant: Tenant | None):
        if tenant is None:
            return self.none()
        return self.filter(tenant=tenant)

    def restrict(self, user, action: str | None = None):
        """The rows of the user's tenant that `action` allows (none for a user without a tenant).

        The one place that authorises reading or acting on tenant-owned objects: views and API
        views fetch what they act on through it, and a role without the action's permissions is
        refused (PermissionMissing, a 403 naming them) before anything is read.
        """
        from .selectors import require, tenant_of

        if action is not None:
            require(user, action)
        return self.for_tenant(tenant_of(user))


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A REST client's token. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user) -> tuple[ApiToken, str]:
        raw = secrets.token_hex(20)
        return cls.objects.create(user=user, digest=hash_token(raw), prefix=raw[:8]), raw

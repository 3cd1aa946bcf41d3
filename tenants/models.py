from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .permissions import ALL_PERMISSIONS


def new_external_id() -> str:
    """A tenant's External ID: 40 random hex characters (160 bits), within AWS's [\\w+=,.@:/-]{2,1224}."""
    return secrets.token_hex(20)


class Tenant(models.Model):
    """A customer account: everything it owns is invisible to every other tenant."""

    name = models.CharField(max_length=200, unique=True)
    log_retention_days = models.PositiveIntegerField(default=settings.PORTAL_DEFAULT_RETENTION_DAYS)
    # What every reader role of this tenant requires as sts:ExternalId (AWS's confused-deputy
    # defence): no other tenant can make the portal assume this tenant's roles. Not a secret.
    aws_external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
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


class ApiTokenQuerySet(models.QuerySet):
    def live(self, *, now=None):
        return self.filter(expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A REST client's token. Only its SHA-256 is stored; the token itself is shown once.

    Every token expires (default API_TOKEN_DAYS); its owner and the tenant's admins list and
    revoke tokens, and deactivating or removing a member revokes all of theirs.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @classmethod
    def issue(cls, user, *, name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
        raw = secrets.token_hex(20)
        expires_at = timezone.now() + timedelta(days=days or settings.API_TOKEN_DAYS)
        token = cls.objects.create(user=user, name=name, digest=hash_token(raw), prefix=raw[:8], expires_at=expires_at)
        return token, raw


class AuditEventQuerySet(models.QuerySet):
    """Append-only for the application: rows are created, never changed, and removed only by age."""

    def update(self, **kwargs):
        # The one change allowed: a removed member's account link is cleared (their username stays).
        if kwargs.keys() == {"actor"} and kwargs["actor"] is None:
            return super().update(**kwargs)
        raise TypeError("Audit events cannot be changed.")

    def delete(self):
        raise TypeError("Audit events are removed only by audit_events_purge, when they are older than retention.")

    def _purge_before(self, cutoff) -> int:
        return models.QuerySet.delete(self.filter(at__lt=cutoff))[0]


class AuditEvent(models.Model):
    """Who did what, when, from where: one row per security-relevant action.

    The actor's username is kept as text beside the link, so the record outlives a removed
    member. `details` never holds a secret value: it names what changed, not what it became.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    tenant = models.ForeignKey(Tenant, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=32, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["tenant", "-at"], name="audit_tenant_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username or '-'} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are removed only by audit_events_purge, when they are older than retention.")

"""Reads about tenants, roles and what a user may do."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from core.errors import PermissionMissing

from .models import AuditEvent, Membership, Role, Tenant
from .permissions import ACTION_PERMISSIONS, label

User = get_user_model()


def membership_of(user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    # Cached on the user object: one query per request however many checks a page makes.
    if not hasattr(user, "_portal_membership"):
        user._portal_membership = Membership.objects.select_related("tenant", "role").filter(user=user).first()
    return user._portal_membership


def tenant_of(user) -> Tenant | None:
    membership = membership_of(user)
    return membership.tenant if membership else None


def user_permissions(user) -> frozenset[str]:
    membership = membership_of(user)
    if membership is None or not user.is_active:
        return frozenset()
    return membership.role.effective_permissions


def missing_permissions(user, action: str) -> list[str]:
    _, needed = ACTION_PERMISSIONS[action]
    held = user_permissions(user)
    return sorted(label(p) for p in needed if p not in held)


def can(user, action: str) -> bool:
    return not missing_permissions(user, action)


def require(user, action: str, obj=None) -> None:
    """Raise PermissionMissing (403, naming what is missing) unless the user may do `action`.

    With `obj`, a tenant-owned object a service is handed, also refuse another tenant's object
    exactly as `restrict` would not have found it (its DoesNotExist, a 404), without a query.
    """
    missing = missing_permissions(user, action)
    if missing:
        raise PermissionMissing(ACTION_PERMISSIONS[action][0], missing)
    if obj is not None:
        tenant = tenant_of(user)
        if tenant is None or obj.tenant_id != tenant.pk:
            raise type(obj).DoesNotExist(f"No {type(obj).__name__} {obj.pk} in this tenant.")


def role_list(*, tenant: Tenant) -> QuerySet[Role]:
    return Role.objects.filter(tenant=tenant).order_by("name")


def member_list(*, tenant: Tenant) -> QuerySet[Membership]:
    return Membership.objects.filter(tenant=tenant).select_related("user", "role").order_by("user__username")


def audit_event_list(*, user, action: str = "", actor: str = "", since=None, until=None) -> QuerySet[AuditEvent]:
    """The audit events of the user's tenant, newest first (Manage Users); `action` may end in * for a prefix."""
    require(user, "audit.view")
    events = AuditEvent.objects.filter(tenant=tenant_of(user))
    if action.endswith("*"):
        events = events.filter(action__startswith=action[:-1])
    elif action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_username__iexact=actor)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    return events.order_by("-at", "-pk")

"""State changes for tenants, roles and members."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from core.errors import Conflict, Forbidden, ValidationFailed

from .models import Membership, Role, Tenant
from .permissions import ALL_PERMISSIONS, LOG_RELAY_MANAGER, READ_ONLY, label, permission_by_name
from .selectors import user_permissions

User = get_user_model()


def _clean_permissions(names: list[str]) -> list[str]:
    codes, unknown = [], []
    for name in names:
        permission = permission_by_name(str(name))
        if permission is None:
            unknown.append(str(name))
        elif permission.value not in codes:
            codes.append(permission.value)
    if unknown:
        raise ValidationFailed.one(
            "permissions", f"Unknown permission {', '.join(repr(u) for u in unknown)}: use names from the catalogue."
        )
    return sorted(codes)


def _only_what_they_hold(actor, permissions: frozenset[str] | set[str], what: str) -> None:
    """Nobody grants a permission they do not hold: refuse `what` when `permissions` holds one the actor lacks.

    `actor` None is the portal itself (a new tenant's first admin, the demo's seed).
    """
    if actor is None:
        return
    lacking = sorted(label(p) for p in set(permissions) - user_permissions(actor))
    if lacking:
        raise Forbidden(
            f"You can only {what} with permissions you hold yourself; you do not hold {', '.join(lacking)}.",
            field="role",
        )


def _keeps_every_holder(tenant: Tenant, *, membership: Membership | None, permissions_after: frozenset[str]) -> None:
    """Refuse a change that would leave a permission the tenant's members hold with no holder at all."""
    others = Membership.objects.filter(tenant=tenant).select_related("role")
    if membership is not None:
        others = others.exclude(pk=membership.pk)
    held_by_others = set().union(*(m.role.effective_permissions for m in others))
    before = set(membership.role.effective_permissions) if membership is not None else set()
    lost = before - held_by_others - set(permissions_after)
    if not lost:
        return
    if membership is not None and membership.role.grants_all:
        raise Conflict("This is the tenant's last admin; make someone else an admin first.", field="role")
    raise Conflict(
        f"{membership.user.username} is the last member holding {', '.join(sorted(label(p) for p in lost))}; "
        "give that to someone else first.",
        field="role",
    )


def _clean_role_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed.one("name", "Role name is required.")
    if len(name) > 100:
        raise ValidationFailed.one("name", "Role name must be at most 100 characters.")
    return name


@transaction.atomic
def tenant_create(*, name: str, admin_username: str, admin_password: str, admin_email: str = "") -> Tenant:
    """Create a tenant with its built-in roles and its first admin user."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed.one("name", "Tenant name is required.")
    if Tenant.objects.filter(name=name).exists():
        raise ValidationFailed.one("name", f"A tenant named '{name}' already exists.")
    tenant = Tenant.objects.create(name=name)
    admin_role = Role.objects.create(tenant=tenant, name="Admin", builtin=Role.Builtin.ADMIN, grants_all=True)
    Role.objects.create(
        tenant=tenant,
        name="Log Relay Manager",
        builtin=Role.Builtin.LOG_RELAY_MANAGER,
        permissions=sorted(p.value for p in LOG_RELAY_MANAGER),
    )
    Role.objects.create(
        tenant=tenant, name="Read Only", builtin=Role.Builtin.READ_ONLY, permissions=sorted(p.value for p in READ_ONLY)
    )
    member_create(
        actor=None, tenant=tenant, username=admin_username, password=admin_password, role=admin_role, email=admin_email
    )
    return tenant


def role_create(*, actor, tenant: Tenant, name: str, permissions: list[str]) -> Role:
    """A custom role; `actor` may put in it only permissions they hold."""
    name = _clean_role_name(name)
    codes = _clean_permissions(permissions)
    _only_what_they_hold(actor, set(codes), "create a role")
    if Role.objects.filter(tenant=tenant, name=name).exists():
        raise ValidationFailed.one("name", f"A role named '{name}' already exists.")
    return Role.objects.create(tenant=tenant, name=name, permissions=codes)


def role_update(*, actor, role: Role, name: str | None = None, permissions: list[str] | None = None) -> Role:
    """Rename a custom role or change its permissions.

    `actor` may change only a role whose permissions they hold, only to permissions they hold,
    and not so that a permission loses its last holder among the members given this role.
    """
    if not role.editable:
        raise Conflict(f"The built-in role '{role.name}' cannot be changed.", field="name")
    _only_what_they_hold(actor, role.effective_permissions, "change a role")
    if name is not None:
        name = _clean_role_name(name)
        if Role.objects.filter(tenant=role.tenant, name=name).exclude(pk=role.pk).exists():
            raise ValidationFailed.one("name", f"A role named '{name}' already exists.")
        role.name = name
    if permissions is not None:
        codes = _clean_permissions(permissions)
        _only_what_they_hold(actor, set(codes), "change a role")
        after = frozenset(codes) & ALL_PERMISSIONS
        for membership in role.memberships.select_related("role", "user"):
            _keeps_every_holder(role.tenant, membership=membership, permissions_after=after)
        role.permissions = codes
    role.save()
    return role


def role_delete(*, role: Role) -> None:
    if not role.editable:
        raise Conflict(f"The built-in role '{role.name}' cannot be deleted.")
    users = list(role.memberships.values_list("user__username", flat=True)[:5])
    if users:
        raise Conflict(f"The role '{role.name}' is still given to {', '.join(users)}; give them another role first.")
    role.delete()


@transaction.atomic
def member_create(*, actor, tenant: Tenant, username: str, password: str, role: Role, email: str = "") -> Membership:
    """A new member with a role; `actor` may give only a role whose permissions they hold."""
    username = (username or "").strip()
    if not username:
        raise ValidationFailed.one("username", "Username is required.")
    # The database column holds 150 characters; check before it refuses with an error page.
    if len(username) > 150:
        raise ValidationFailed.one("username", "Username must be at most 150 characters.")
    try:
        User.username_validator(username)
    except DjangoValidationError as exc:
        raise ValidationFailed({"username": list(exc.messages)}) from None
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise ValidationFailed.one("email", "Enter a valid email address (at most 254 characters).") from None
        if len(email) > 254:
            raise ValidationFailed.one("email", "Enter a valid email address (at most 254 characters).")
    if role.tenant_id != tenant.pk:
        raise ValidationFailed.one("role", "Choose a role of this tenant.")
    _only_what_they_hold(actor, role.effective_permissions, "give a role")
    if User.objects.filter(username=username).exists():
        raise ValidationFailed.one("username", f"The username '{username}' is taken.")
    user = User(username=username, email=email)
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed({"password": list(exc.messages)}) from None
    user.set_password(password)
    try:
        user.save()
    except IntegrityError:
        raise ValidationFailed.one("username", f"The username '{username}' is taken.") from None
    return Membership.objects.create(user=user, tenant=tenant, role=role)


def member_set_role(*, actor, membership: Membership, role: Role) -> Membership:
    """Give a member another role.

    Nobody grants a permission they do not hold: `actor` may change only a member whose
    permissions they hold, only to a role whose permissions they hold, never their own role, and
    never so that a permission loses its last holder (the tenant's last admin stays one).
    """
    if role.tenant_id != membership.tenant_id:
        raise ValidationFailed.one("role", "Choose a role of this tenant.")
    _only_what_they_hold(actor, membership.role.effective_permissions, "change the role of a member")
    _only_what_they_hold(actor, role.effective_permissions, "give a role")
    _keeps_every_holder(membership.tenant, membership=membership, permissions_after=role.effective_permissions)
    if actor is not None and membership.user_id == actor.pk:
        raise Forbidden("You cannot change your own role; another member who manages users can.", field="role")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def tenant_set_retention(*, tenant: Tenant, days: int) -> Tenant:
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3650:
        raise ValidationFailed.one("log_retention_days", "Log retention must be a whole number of days from 1 to 3650.")
    tenant.log_retention_days = days
    tenant.save(update_fields=["log_retention_days"])
    return tenant

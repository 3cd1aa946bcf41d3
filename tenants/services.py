"""State changes for tenants, roles and members."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from core.errors import Conflict, ValidationFailed

from .models import Membership, Role, Tenant
from .permissions import LOG_RELAY_MANAGER, READ_ONLY, permission_by_name

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
    member_create(tenant=tenant, username=admin_username, password=admin_password, role=admin_role, email=admin_email)
    return tenant


def role_create(*, tenant: Tenant, name: str, permissions: list[str]) -> Role:
    name = _clean_role_name(name)
    codes = _clean_permissions(permissions)
    if Role.objects.filter(tenant=tenant, name=name).exists():
        raise ValidationFailed.one("name", f"A role named '{name}' already exists.")
    return Role.objects.create(tenant=tenant, name=name, permissions=codes)


def role_update(*, role: Role, name: str | None = None, permissions: list[str] | None = None) -> Role:
    if not role.editable:
        raise Conflict(f"The built-in role '{role.name}' cannot be changed.", field="name")
    if name is not None:
        name = _clean_role_name(name)
        if Role.objects.filter(tenant=role.tenant, name=name).exclude(pk=role.pk).exists():
            raise ValidationFailed.one("name", f"A role named '{name}' already exists.")
        role.name = name
    if permissions is not None:
        role.permissions = _clean_permissions(permissions)
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
def member_create(*, tenant: Tenant, username: str, password: str, role: Role, email: str = "") -> Membership:
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


def member_set_role(*, membership: Membership, role: Role) -> Membership:
    if role.tenant_id != membership.tenant_id:
        raise ValidationFailed.one("role", "Choose a role of this tenant.")
    if membership.role.grants_all and not role.grants_all:
        others = Membership.objects.filter(tenant=membership.tenant, role__grants_all=True).exclude(pk=membership.pk)
        if not others.exists():
            raise Conflict("This is the tenant's last admin; make someone else an admin first.", field="role")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def tenant_set_retention(*, tenant: Tenant, days: int) -> Tenant:
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3650:
        raise ValidationFailed.one("log_retention_days", "Log retention must be a whole number of days from 1 to 3650.")
    tenant.log_retention_days = days
    tenant.save(update_fields=["log_retention_days"])
    return tenant

"""State changes for tenants, roles and members."""

from __future__ import annotations

import unicodedata
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import Conflict, Forbidden, ValidationFailed
from core.validation import text_refusal

from . import audit
from .models import ApiToken, Membership, Role, Tenant, new_external_id
from .permissions import ALL_PERMISSIONS, LOG_RELAY_MANAGER, READ_ONLY, Permission, label, permission_by_name
from .selectors import membership_of, require, tenant_of, user_permissions

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


def _only_what_they_hold(actor, permissions: frozenset[str] | set[str], what: str, *, field: str = "role") -> None:
    """Nobody grants a permission they do not hold: refuse `what` when `permissions` holds one the actor lacks.

    `actor` None is the portal itself (a new tenant's first admin, the demo's seed).
    """
    if actor is None:
        return
    lacking = sorted(label(p) for p in set(permissions) - user_permissions(actor))
    if lacking:
        raise Forbidden(
            f"You can only {what} with permissions you hold yourself; you do not hold {', '.join(lacking)}.",
            field=field,
        )


def _keeps_every_holder(tenant: Tenant, *, membership: Membership | None, permissions_after: frozenset[str]) -> None:
    """Refuse a change that would leave a permission the tenant's members hold with no holder at all.

    Only active members hold their role's permissions: a deactivated admin is no admin.
    """
    others = Membership.objects.filter(tenant=tenant, user__is_active=True).select_related("role")
    if membership is not None:
        others = others.exclude(pk=membership.pk)
    held_by_others = set().union(*(m.role.effective_permissions for m in others))
    holds = membership is not None and membership.user.is_active
    before = set(membership.role.effective_permissions) if holds else set()
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
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise ValidationFailed.one("name", "Role name is required.")
    refusal = text_refusal("Role name", name)
    if refusal:
        raise ValidationFailed.one("name", refusal)
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise ValidationFailed.one("name", "Role name cannot contain control characters.")
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


def _labels(codes) -> list[str]:
    """Catalogue names in the catalogue's order (the audit trail and messages speak in names)."""
    codes = set(codes)
    return [p.label for p in Permission if p.value in codes]


@transaction.atomic
def role_create(*, actor, tenant: Tenant, name: str, permissions: list[str]) -> Role:
    """A custom role; `actor` may put in it only permissions they hold."""
    name = _clean_role_name(name)
    codes = _clean_permissions(permissions)
    _only_what_they_hold(actor, set(codes), "create a role")
    if Role.objects.filter(tenant=tenant, name=name).exists():
        raise ValidationFailed.one("name", f"A role named '{name}' already exists.")
    role = Role.objects.create(tenant=tenant, name=name, permissions=codes)
    audit.record("role.create", actor=actor, target=role, details={"name": name, "permissions": _labels(codes)})
    return role


@transaction.atomic
def role_update(*, actor, role: Role, name: str | None = None, permissions: list[str] | None = None) -> Role:
    """Rename a custom role or change its permissions.

    `actor` may change only a role whose permissions they hold, only to permissions they hold,
    and not so that a permission loses its last holder among the members given this role.
    """
    if not role.editable:
        raise Conflict(f"The built-in role '{role.name}' cannot be changed.", field="name")
    _only_what_they_hold(actor, role.effective_permissions, "change a role")
    old_name, old_codes = role.name, set(role.effective_permissions)
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
    details: dict = {}
    if role.name != old_name:
        details.update(old_name=old_name, new_name=role.name)
    new_codes = set(role.effective_permissions)
    if new_codes != old_codes:
        details.update(
            permissions_added=_labels(new_codes - old_codes), permissions_removed=_labels(old_codes - new_codes)
        )
    if details:
        audit.record("role.update", actor=actor, target=role, details={"name": role.name, **details})
    return role


@transaction.atomic
def role_delete(*, actor, role: Role) -> None:
    if not role.editable:
        raise Conflict(f"The built-in role '{role.name}' cannot be deleted.")
    _only_what_they_hold(actor, role.effective_permissions, "delete a role")
    users = list(role.memberships.values_list("user__username", flat=True)[:5])
    if users:
        raise Conflict(f"The role '{role.name}' is still given to {', '.join(users)}; give them another role first.")
    audit.record(
        "role.delete",
        actor=actor,
        target=role,
        details={"name": role.name, "permissions": _labels(role.effective_permissions)},
    )
    role.delete()


@transaction.atomic
def member_create(*, actor, tenant: Tenant, username: str, password: str, role: Role, email: str = "") -> Membership:
    """A new member with a role; `actor` may give only a role whose permissions they hold."""
    # NFKC, as Django's own forms do: "ａｌｉｃｅ" (full-width) is "alice", not a look-alike account.
    username = User.normalize_username((username or "").strip())
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
    if User.objects.filter(username__iexact=username).exists():
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
    membership = Membership.objects.create(user=user, tenant=tenant, role=role)
    audit.record("member.create", actor=actor, target=membership, details={"username": username, "role": role.name})
    return membership


@transaction.atomic
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
    old_role = membership.role
    if old_role.pk == role.pk:
        return membership
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        "member.role_change",
        actor=actor,
        target=membership,
        details={"username": membership.user.username, "from": old_role.name, "to": role.name},
    )
    return membership


# --- Offboarding ---------------------------------------------------------------------------


def _may_offboard(actor, membership: Membership, verb: str) -> None:
    """The rules for taking a member's access away: the same as for changing their role."""
    _only_what_they_hold(actor, membership.role.effective_permissions, f"{verb} a member")
    _keeps_every_holder(membership.tenant, membership=membership, permissions_after=frozenset())
    if actor is not None and membership.user_id == actor.pk:
        raise Forbidden(f"You cannot {verb} yourself; another member who manages users can.", field="is_active")


def _end_sessions(user) -> int:
    """Delete every stored session of `user`; returns how many.

    Sessions kept in the database (the portal's engine) are found by reading each live one.
    With any other engine nothing is stored to find, and the auth backend's refusal of an
    inactive or missing user ends them at the next request all the same.
    """
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    get_model = getattr(store_class, "get_model_class", None)
    if get_model is None:
        return 0
    user_id = str(user.pk)
    ended = 0
    for session in get_model().objects.filter(expire_date__gt=timezone.now()).iterator():
        if store_class().decode(session.session_data).get(SESSION_KEY) == user_id:
            store_class(session.session_key).delete()
            ended += 1
    return ended


def _cut_access(user) -> dict:
    tokens = ApiToken.objects.filter(user=user).delete()[0]
    return {"tokens_revoked": tokens, "sessions_ended": _end_sessions(user)}


@transaction.atomic
def member_deactivate(*, actor, membership: Membership) -> Membership:
    """Take a member's access away and keep their account: their sessions end and their API tokens go.

    Allowed to whoever holds every permission of the member's role, never on oneself, and never
    for the last holder of a permission (the tenant's last admin stays one).
    """
    _may_offboard(actor, membership, "deactivate")
    user = membership.user
    if not user.is_active:
        return membership
    user.is_active = False
    user.save(update_fields=["is_active"])
    cut = _cut_access(user)
    audit.record(
        "member.deactivate",
        actor=actor,
        target=membership,
        details={"username": user.username, "role": membership.role.name, **cut},
    )
    return membership


@transaction.atomic
def member_reactivate(*, actor, membership: Membership) -> Membership:
    """Give a deactivated member their access back (with their role, which `actor` must hold)."""
    _only_what_they_hold(actor, membership.role.effective_permissions, "reactivate a member")
    user = membership.user
    if user.is_active:
        return membership
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(
        "member.reactivate",
        actor=actor,
        target=membership,
        details={"username": user.username, "role": membership.role.name},
    )
    return membership


@transaction.atomic
def member_remove(*, actor, membership: Membership) -> None:
    """Delete a member's account (the same rules as deactivating).

    Their membership and API tokens go with it and their sessions end. The audit trail keeps
    their username on the records of what they did.
    """
    _may_offboard(actor, membership, "remove")
    user = membership.user
    cut = {"sessions_ended": _end_sessions(user), "tokens_revoked": ApiToken.objects.filter(user=user).count()}
    audit.record(
        "member.remove",
        actor=actor,
        target=membership,
        details={"username": user.username, "role": membership.role.name, **cut},
    )
    user.delete()


# --- Passwords and API tokens --------------------------------------------------------------

WRONG_OLD_PASSWORD = "Your old password was entered incorrectly. Please enter it again."  # noqa: S105 (a message, not a password)


@transaction.atomic
def password_change(*, user, old_password, new_password) -> None:
    """A member changes their own password (the password rules apply).

    Their other sessions end at their next request, since each session carries a hash of the
    password it was opened with; the caller keeps its own with update_session_auth_hash.
    """
    if not isinstance(old_password, str) or not old_password:
        raise ValidationFailed.one("old_password", "Old password is required.")
    if not user.check_password(old_password):
        raise ValidationFailed.one("old_password", WRONG_OLD_PASSWORD)
    if not isinstance(new_password, str) or not new_password:
        raise ValidationFailed.one("new_password", "New password is required.")
    try:
        validate_password(new_password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed({"new_password": list(exc.messages)}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    membership = membership_of(user)
    if membership is not None:
        audit.record("member.password_change", actor=user, target=membership, details={"username": user.username})
    else:
        audit.record("member.password_change", actor=user, target=user, target_type="user")


TOKEN_NAME_MAX = 100
TOKEN_DAYS_MAX = 365


def _clean_token_name(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed.one("name", "Token name must be text.")
    name = value.strip()
    if len(name) > TOKEN_NAME_MAX:
        raise ValidationFailed.one("name", f"Token name must be at most {TOKEN_NAME_MAX} characters.")
    # Category Cc is NUL, line breaks, tabs and the other control characters; Cs a lone surrogate.
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in name):
        raise ValidationFailed.one("name", "Token name cannot hold control characters (such as NUL or a line break).")
    return name


def _clean_token_days(value) -> int:
    message = f"expires_in_days must be a whole number of days from 1 to {TOKEN_DAYS_MAX}."
    if value is None or value == "":
        return settings.API_TOKEN_DAYS
    if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii():
        value = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= TOKEN_DAYS_MAX:
        raise ValidationFailed.one("expires_in_days", message)
    return value


def api_token_input(*, name=None, expires_in_days=None) -> tuple[str, int]:
    """The name and lifetime of a new token, checked (all problems at once)."""
    errors: dict[str, list[str]] = {}
    clean_name, days = "", settings.API_TOKEN_DAYS
    try:
        clean_name = _clean_token_name(name)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    try:
        days = _clean_token_days(expires_in_days)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return clean_name, days


@transaction.atomic
def api_token_create(*, actor, name="", expires_in_days=None) -> tuple[ApiToken, str]:
    """Issue an API token for `actor` itself; returns it with the raw token, which is never stored."""
    name, days = api_token_input(name=name, expires_in_days=expires_in_days)
    token, raw = ApiToken.issue(actor, name=name, days=days)
    audit.record(
        "token.create",
        actor=actor,
        target=token,
        details={"name": name, "prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
    )
    return token, raw


def _tokens_owner_in_tenant(actor, token: ApiToken) -> Membership | None:
    """The owner's membership when `actor` may act on another member's token; DoesNotExist otherwise.

    A token outside the actor's tenant is refused as not found before any permission is named,
    so nobody learns which token ids exist elsewhere.
    """
    owner = membership_of(token.user)
    tenant = tenant_of(actor)
    if owner is None or tenant is None or owner.tenant_id != tenant.pk:
        raise ApiToken.DoesNotExist(f"No token {token.pk} in this tenant.")
    require(actor, "users.manage")
    return owner


def api_token_get(*, actor, pk: int) -> ApiToken:
    """A token `actor` may see and revoke: their own, or (Manage Users) one of their tenant's members'.

    Any other tenant's token raises ApiToken.DoesNotExist, exactly like one that does not exist.
    """
    token = ApiToken.objects.select_related("user").get(pk=pk)
    if token.user_id != actor.pk:
        _tokens_owner_in_tenant(actor, token)
    return token


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    """Revoke a token at once. Another member's token needs Manage Users and every permission of their role."""
    owner = token.user
    membership = membership_of(owner)
    if owner.pk != actor.pk:
        membership = _tokens_owner_in_tenant(actor, token)
        _only_what_they_hold(
            actor, membership.role.effective_permissions, "revoke the tokens of a member", field="token"
        )
    audit.record(
        "token.revoke",
        actor=actor,
        tenant=membership.tenant if membership else None,
        target=token,
        details={"owner": owner.username, "name": token.name, "prefix": token.prefix},
    )
    token.delete()


@transaction.atomic
def tenant_set_retention(*, actor=None, tenant: Tenant, days: int) -> Tenant:
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3650:
        raise ValidationFailed.one("log_retention_days", "Log retention must be a whole number of days from 1 to 3650.")
    old_days = tenant.log_retention_days
    tenant.log_retention_days = days
    tenant.save(update_fields=["log_retention_days"])
    if old_days != days:
        audit.record(
            "tenant.retention_change", actor=actor, target=tenant, tenant=tenant, details={"from": old_days, "to": days}
        )
    return tenant


def external_id_regenerate(*, actor, tenant: Tenant) -> Tenant:
    """Give the tenant a new External ID; every reader role that trusts the old one stops working."""
    require(actor, "external_id.regenerate")
    if tenant_of(actor) != tenant:
        raise Tenant.DoesNotExist("No such tenant.")
    with transaction.atomic():
        tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
        old = tenant.aws_external_id
        tenant.aws_external_id = new_external_id()
        tenant.save(update_fields=["aws_external_id"])
        audit.record(
            "tenant.external_id_regenerate",
            actor=actor,
            target=tenant,
            tenant=tenant,
            details={"from": f"…{old[-4:]}", "to": f"…{tenant.aws_external_id[-4:]}"},
        )
    return tenant

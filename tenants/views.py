"""The Users & Roles page: members and their roles, and the tenant's custom roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import Conflict, ValidationFailed

from .forms import MemberForm
from .models import Membership, Role
from .permissions import Permission
from .selectors import member_list, require, role_list, tenant_of
from .services import member_create, member_set_role, role_create, role_delete, role_update

BUILTIN_DESCRIPTIONS = {
    Role.Builtin.ADMIN: "Everything, including permissions added later.",
    Role.Builtin.LOG_RELAY_MANAGER: "Endpoints, log sources and their collected logs.",
    Role.Builtin.READ_ONLY: "Sees sources, endpoints and collected logs; changes nothing.",
}


def _tenant(request):
    require(request.user, "users.manage")
    return tenant_of(request.user)


def _role(tenant, pk) -> Role:
    # Another tenant's role answers 404 exactly like one that does not exist.
    return get_object_or_404(Role, tenant=tenant, pk=pk)


@login_required
def users(request, member_errors=None, member_data=None, status=200):
    tenant = _tenant(request)
    roles = list(role_list(tenant=tenant))
    catalogue = list(Permission)
    role_rows = [
        {
            "role": role,
            "description": BUILTIN_DESCRIPTIONS.get(role.builtin, ""),
            "permissions": [p.label for p in catalogue if p.value in role.effective_permissions],
            "members": role.memberships.count(),
        }
        for role in roles
    ]
    return render(
        request,
        "tenants/users.html",
        {
            "members": member_list(tenant=tenant),
            "roles": roles,
            "role_rows": role_rows,
            "member_errors": member_errors or {},
            "member_data": member_data or {},
        },
        status=status,
    )


@login_required
@require_POST
def member_add(request):
    tenant = _tenant(request)
    form = MemberForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    role = Role.objects.filter(
        tenant=tenant, pk=data.get("role") if str(data.get("role", "")).isdigit() else None
    ).first()
    try:
        if role is None:
            raise ValidationFailed.one("role", "Choose a role of this tenant.")
        membership = member_create(
            actor=request.user, tenant=tenant, username=data["username"], password=data["password"], role=role
        )
    except ValidationFailed as exc:
        return users(
            request,
            member_errors=exc.errors,
            member_data={"username": data.get("username", ""), "role": data.get("role", "")},
            status=400,
        )
    messages.success(request, f"Added {membership.user.username} as {role.name}.")
    return redirect("tenants:users")


@login_required
@require_POST
def member_role(request, pk: int):
    tenant = _tenant(request)
    membership = get_object_or_404(Membership, tenant=tenant, pk=pk)
    role_id = request.POST.get("role", "")
    role = Role.objects.filter(tenant=tenant, pk=role_id if role_id.isdigit() else None).first()
    try:
        if role is None:
            raise ValidationFailed.one("role", "Choose a role of this tenant.")
        member_set_role(actor=request.user, membership=membership, role=role)
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, f"{membership.user.username}: {exc.message}")
    else:
        messages.success(request, f"{membership.user.username} now has the role {role.name}.")
    return redirect("tenants:users")


@login_required
@require_http_methods(["GET", "POST"])
def role_add(request):
    tenant = _tenant(request)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        name, permissions = request.POST.get("name", ""), request.POST.getlist("permissions")
        try:
            role = role_create(actor=request.user, tenant=tenant, name=name, permissions=permissions)
        except ValidationFailed as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Created the role {role.name}.")
            return redirect("tenants:users")
    return _role_form(request, None, errors)


@login_required
@require_http_methods(["GET", "POST"])
def role_edit(request, pk: int):
    tenant = _tenant(request)
    role = _role(tenant, pk)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            role_update(
                actor=request.user,
                role=role,
                name=request.POST.get("name", ""),
                permissions=request.POST.getlist("permissions"),
            )
        except ValidationFailed as exc:
            errors = exc.errors
        except Conflict as exc:
            errors = {exc.field or "name": [exc.message]}
        else:
            messages.success(request, f"Saved the role {role.name}.")
            return redirect("tenants:users")
    return _role_form(request, role, errors)


def _role_form(request, role: Role | None, errors):
    if request.method == "POST":
        name = request.POST.get("name", "")
        chosen = set(request.POST.getlist("permissions"))
    else:
        name = role.name if role else ""
        chosen = set(role.effective_permissions) if role else set()
    return render(
        request,
        "tenants/role_form.html",
        {
            "role": role,
            "name": name,
            "catalogue": [{"code": p.value, "label": p.label, "checked": p.value in chosen} for p in Permission],
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_delete_view(request, pk: int):
    tenant = _tenant(request)
    role = _role(tenant, pk)
    if request.method == "POST":
        try:
            role_delete(role=role)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("tenants:users")
        messages.success(request, f"Deleted the role {role.name}.")
        return redirect("tenants:users")
    return render(request, "tenants/role_delete.html", {"role": role, "members": role.memberships.count()})

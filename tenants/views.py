"""The Users & Roles page: members and their roles, and the tenant's custom roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core import validation
from core.errors import Conflict, ValidationFailed

from . import services
from .forms import MemberForm, PortalPasswordChangeForm, TokenForm
from .models import ApiToken, Membership, Role
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
    live = Q(user__api_tokens__expires_at__gt=timezone.now())
    members = member_list(tenant=tenant).annotate(token_count=Count("user__api_tokens", filter=live))
    return render(
        request,
        "tenants/users.html",
        {
            "members": members,
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
    role = Role.objects.filter(tenant=tenant, pk=validation.id_from_text(data.get("role"))).first()
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
    role = Role.objects.filter(tenant=tenant, pk=validation.id_from_text(role_id)).first()
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
            role_delete(actor=request.user, role=role)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("tenants:users")
        messages.success(request, f"Deleted the role {role.name}.")
        return redirect("tenants:users")
    return render(request, "tenants/role_delete.html", {"role": role, "members": role.memberships.count()})


# --- Offboarding ---------------------------------------------------------------------------


def _member(request, pk) -> Membership:
    tenant = _tenant(request)
    # Another tenant's member answers 404 exactly like one that does not exist.
    return get_object_or_404(member_list(tenant=tenant), pk=pk)


def _offboard(request, pk: int, *, service, template: str, done: str):
    """GET: what will happen, and a button; POST: do it (refusals are a 403 page or a message)."""
    membership = _member(request, pk)
    if request.method == "POST":
        try:
            service(actor=request.user, membership=membership)
        except Conflict as exc:
            messages.error(request, f"{membership.user.username}: {exc.message}")
        else:
            messages.success(request, done.format(username=membership.user.username))
        return redirect("tenants:users")
    tokens = ApiToken.objects.live().filter(user=membership.user).count()
    return render(request, template, {"member": membership, "tokens": tokens})


@login_required
@require_http_methods(["GET", "POST"])
def member_deactivate(request, pk: int):
    return _offboard(
        request,
        pk,
        service=services.member_deactivate,
        template="tenants/member_deactivate.html",
        done="Deactivated {username}: their sessions ended and their API tokens were revoked.",
    )


@login_required
@require_POST
def member_reactivate(request, pk: int):
    membership = _member(request, pk)
    services.member_reactivate(actor=request.user, membership=membership)
    messages.success(request, f"Reactivated {membership.user.username}.")
    return redirect("tenants:users")


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, pk: int):
    return _offboard(
        request,
        pk,
        service=services.member_remove,
        template="tenants/member_remove.html",
        done="Removed {username}.",
    )


@login_required
def member_tokens(request, pk: int):
    membership = _member(request, pk)
    tokens = ApiToken.objects.filter(user=membership.user).select_related("user")
    return render(request, "tenants/member_tokens.html", {"member": membership, "tokens": tokens})


@login_required
@require_POST
def member_token_revoke(request, pk: int):
    _tenant(request)
    token = services.api_token_get(actor=request.user, pk=pk)
    membership = token.user.membership
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, f"Revoked {token.user.username}'s token {token.prefix}….")
    return redirect("tenants:member_tokens", pk=membership.pk)


# --- The signed-in member's own account ----------------------------------------------------


def _token_page(request, *, form_data=None, errors=None, created=None, raw=None, status=200):
    response = render(
        request,
        "accounts/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user),
            "form_data": form_data or {"name": "", "expires_in_days": settings.API_TOKEN_DAYS},
            "errors": errors or {},
            "created": created,
            "raw_token": raw,
            "max_days": services.TOKEN_DAYS_MAX,
        },
        status=status,
    )
    if raw:
        # The one response that holds a token: no cache may keep it.
        response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account_tokens(request):
    """The member's own API tokens: list, create (the token is shown once, on this response only), revoke."""
    if request.method == "POST":
        form = TokenForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        try:
            token, raw = services.api_token_create(
                actor=request.user, name=data.get("name", ""), expires_in_days=data.get("expires_in_days")
            )
        except ValidationFailed as exc:
            return _token_page(request, form_data=request.POST, errors=exc.errors, status=400)
        return _token_page(request, created=token, raw=raw, status=201)
    return _token_page(request)


@login_required
@require_POST
def account_token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, user=request.user, pk=pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, f"Revoked the token {token.prefix}…{f' ({token.name})' if token.name else ''}.")
    return redirect("account_tokens")


class PasswordChange(auth_views.PasswordChangeView):
    """Change one's own password; this session stays, every other session of the member ends."""

    form_class = PortalPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account_password")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password was changed. Your other sessions have been logged out.")
        return response

"""Roles and members over REST, for tenant admins (Manage Users)."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_body, object_id, reference_id
from core.errors import ValidationFailed
from tenants import selectors, services
from tenants.models import Membership, Role

from .serializers import (
    MemberInputSerializer,
    MemberSerializer,
    MemberUpdateSerializer,
    PasswordChangeSerializer,
    RoleInputSerializer,
    RoleSerializer,
    RoleUpdateSerializer,
)

ROLE_CHOICE = "Choose a role of this tenant."


def _manager_tenant(request):
    selectors.require(request.user, "users.manage")
    return selectors.tenant_of(request.user)


def _role(tenant, value) -> Role:
    """The tenant's role named by id in the input (a role of another tenant is not one)."""
    role_id = reference_id("role", value, ROLE_CHOICE)
    role = selectors.role_list(tenant=tenant).filter(pk=role_id).first() if role_id else None
    if role is None:
        raise ValidationFailed.one("role", ROLE_CHOICE)
    return role


def _valid(serializer_class, request, *, partial: bool = False) -> dict:
    serializer = serializer_class(data=object_body(request), partial=partial)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(
    list=extend_schema(summary="List roles", responses={200: RoleSerializer(many=True), **errors()}),
    retrieve=extend_schema(
        summary="Show a role", parameters=[ID_PARAMETER], responses={200: RoleSerializer, **errors(404)}
    ),
    create=extend_schema(
        summary="Create a role from catalogue permission names",
        request=RoleInputSerializer,
        responses={201: RoleSerializer, **errors(400)},
    ),
    partial_update=extend_schema(
        summary="Rename a role or change its permissions",
        parameters=[ID_PARAMETER],
        request=RoleUpdateSerializer,
        responses={200: RoleSerializer, **errors(400, 404, 409)},
    ),
    destroy=extend_schema(
        summary="Delete a role (refused while someone holds it)",
        parameters=[ID_PARAMETER],
        responses={204: None, **errors(404, 409)},
    ),
)
class RoleViewSet(PortalAPIMixin, viewsets.ViewSet):
    """Named sets of catalogue permissions ("Read Log Relays", ...)."""

    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_role(self, request, pk) -> Role:
        tenant = _manager_tenant(request)
        return selectors.role_list(tenant=tenant).get(pk=object_id(pk))

    def list(self, request):
        roles = selectors.role_list(tenant=_manager_tenant(request))
        return Response(RoleSerializer(roles, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(RoleSerializer(self.get_role(request, pk)).data)

    def create(self, request):
        tenant = _manager_tenant(request)
        data = _valid(RoleInputSerializer, request)
        role = services.role_create(
            actor=request.user, tenant=tenant, name=data.get("name"), permissions=_names(data.get("permissions"))
        )
        return Response(RoleSerializer(role).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        role = self.get_role(request, pk)
        data = _valid(RoleUpdateSerializer, request, partial=True)
        permissions = _names(data["permissions"]) if "permissions" in data else None
        role = services.role_update(actor=request.user, role=role, name=data.get("name"), permissions=permissions)
        return Response(RoleSerializer(role).data)

    def destroy(self, request, pk=None):
        services.role_delete(actor=request.user, role=self.get_role(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _names(value) -> list[str]:
    """The permission names as a list (the service then checks each against the catalogue)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationFailed.one(
            "permissions", 'permissions must be a list of catalogue names, e.g. ["Read Log Relays"].'
        )
    return value


@extend_schema_view(
    list=extend_schema(summary="List members", responses={200: MemberSerializer(many=True), **errors()}),
    retrieve=extend_schema(
        summary="Show a member", parameters=[ID_PARAMETER], responses={200: MemberSerializer, **errors(404)}
    ),
    create=extend_schema(
        summary="Add a member with a role",
        request=MemberInputSerializer,
        responses={201: MemberSerializer, **errors(400)},
    ),
    partial_update=extend_schema(
        summary="Give a member another role, deactivate or reactivate them",
        description="`is_active: false` ends the member's sessions and revokes their API tokens at once; "
        "`true` gives them their access back. Refused for yourself (403), for a member holding a permission "
        "you do not hold (403), and for the last holder of a permission (409).",
        parameters=[ID_PARAMETER],
        request=MemberUpdateSerializer,
        responses={200: MemberSerializer, **errors(400, 404, 409)},
    ),
    destroy=extend_schema(
        summary="Remove a member (their account, sessions and API tokens)",
        description="The same rules as deactivating. The audit trail keeps their username.",
        parameters=[ID_PARAMETER],
        responses={204: None, **errors(404, 409)},
    ),
)
class MemberViewSet(PortalAPIMixin, viewsets.ViewSet):
    """The people of your tenant and the role each holds."""

    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_member(self, request, pk) -> Membership:
        tenant = _manager_tenant(request)
        return selectors.member_list(tenant=tenant).get(pk=object_id(pk))

    def list(self, request):
        members = selectors.member_list(tenant=_manager_tenant(request))
        return Response(MemberSerializer(members, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(MemberSerializer(self.get_member(request, pk)).data)

    def create(self, request):
        tenant = _manager_tenant(request)
        data = _valid(MemberInputSerializer, request)
        membership = services.member_create(
            actor=request.user,
            tenant=tenant,
            username=data.get("username"),
            password=data.get("password") or "",
            email=data.get("email") or "",
            role=_role(tenant, data.get("role")),
        )
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        membership = self.get_member(request, pk)
        data = _valid(MemberUpdateSerializer, request, partial=True)
        active = data.get("is_active")
        if "is_active" in data and not isinstance(active, bool):
            raise ValidationFailed.one("is_active", "is_active must be true or false.")
        # Both changes or neither.
        with transaction.atomic():
            if "role" in data:
                membership = services.member_set_role(
                    actor=request.user, membership=membership, role=_role(membership.tenant, data["role"])
                )
            if active is False:
                services.member_deactivate(actor=request.user, membership=membership)
            elif active is True:
                services.member_reactivate(actor=request.user, membership=membership)
        return Response(MemberSerializer(membership).data)

    def destroy(self, request, pk=None):
        services.member_remove(actor=request.user, membership=self.get_member(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeView(PortalAPIMixin, APIView):
    """Change your own password. Your other sessions end; API tokens stay valid (revoke them in tokens/)."""

    @extend_schema(
        operation_id="me_password_change",
        summary="Change your own password",
        request=PasswordChangeSerializer,
        responses={204: None, **errors(400)},
        tags=["me"],
    )
    def post(self, request):
        data = _valid(PasswordChangeSerializer, request)
        services.password_change(
            user=request.user, old_password=data.get("old_password"), new_password=data.get("new_password")
        )
        # A browsable-API session stays logged in; every other session of the user ends.
        if isinstance(request.successful_authenticator, SessionAuthentication):
            update_session_auth_hash(request._request, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""tokens/: list and revoke API tokens (one's own; a tenant's, for members who manage users)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.response import Response

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_id
from core.errors import ValidationFailed
from tenants import selectors, services
from tenants.models import ApiToken

from .serializers import ApiTokenSerializer

SCOPES = ("own", "tenant")

SCOPE_PARAMETER = OpenApiParameter(
    "scope",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=list(SCOPES),
    description="`own` (default): your tokens. `tenant`: every token of your tenant's members (needs Manage Users).",
)


def tokens_in_scope(user, scope: str):
    if scope == "tenant":
        selectors.require(user, "users.manage")
        tenant = selectors.tenant_of(user)
        return ApiToken.objects.filter(user__membership__tenant=tenant).select_related("user")
    return ApiToken.objects.filter(user=user).select_related("user")


@extend_schema_view(
    list=extend_schema(
        summary="List API tokens (yours, or your tenant's with scope=tenant)",
        parameters=[SCOPE_PARAMETER],
        responses={200: ApiTokenSerializer(many=True), **errors(400)},
    ),
    destroy=extend_schema(
        summary="Revoke an API token at once",
        description="Your own token, or (Manage Users, holding every permission of the owner's role) a token "
        "of a member of your tenant. Any other token is a 404.",
        parameters=[ID_PARAMETER],
        responses={204: None, **errors(404)},
    ),
)
class ApiTokenViewSet(PortalAPIMixin, viewsets.ViewSet):
    """API tokens, newest first: never the token itself, only its first 8 characters."""

    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "delete", "head", "options"]

    def list(self, request):
        scope = request.query_params.get("scope") or "own"
        if scope not in SCOPES:
            raise ValidationFailed.one("scope", "scope must be own or tenant.")
        return Response(ApiTokenSerializer(tokens_in_scope(request.user, scope), many=True).data)

    def destroy(self, request, pk=None):
        token = services.api_token_get(actor=request.user, pk=object_id(pk))
        services.api_token_revoke(actor=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""Token issuing: the one API view that takes a username and a password."""

from __future__ import annotations

from django.contrib.auth import authenticate, user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.api.base import (
    FIELD_ERRORS,
    ErrorSerializer,
    PortalAPIMixin,
    RawInteger,
    RawString,
    documented,
    object_body,
)
from core.errors import ValidationFailed
from tenants import services


class TokenRequestSerializer(serializers.Serializer):
    username = RawString()
    password = RawString()
    name = documented(
        RawString,
        {"type": "string", "maxLength": 100, "description": "What the token is for, to tell your tokens apart."},
        required=False,
    )
    expires_in_days = documented(
        RawInteger,
        {
            "type": "integer",
            "minimum": 1,
            "maximum": 365,
            "description": "Days until the token expires (default API_TOKEN_DAYS, 90).",
        },
        required=False,
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`. It is shown only this once.")
    id = serializers.IntegerField(help_text="Its id in `tokens/`, where it can be revoked.")
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokenView(PortalAPIMixin, APIView):
    """Exchange a username and password for an API token (rate-limited per client address)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        operation_id="auth_token_create",
        summary="Get an API token",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: FIELD_ERRORS,
            429: OpenApiResponse(ErrorSerializer, description="Too many token requests; retry after a while."),
        },
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        data = object_body(request)
        username, password = data.get("username"), data.get("password")
        problems: dict[str, list[str]] = {}
        if not isinstance(username, str) or not username.strip():
            problems["username"] = ["Username is required."]
        if not isinstance(password, str) or not password:
            problems["password"] = ["Password is required."]
        # The token's own fields are checked before the password, so a refused name costs no login attempt.
        try:
            services.api_token_input(name=data.get("name"), expires_in_days=data.get("expires_in_days"))
        except ValidationFailed as exc:
            problems.update(exc.errors)
        if problems:
            raise ValidationFailed(problems)
        user = authenticate(request._request, username=username.strip(), password=password)
        if user is None:
            raise ValidationFailed.one("non_field_errors", "Unable to log in with the username and password given.")
        # A token is a login: the audit trail records it and the lockout counter starts again.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        token, raw = services.api_token_create(
            actor=user, name=data.get("name"), expires_in_days=data.get("expires_in_days")
        )
        return Response(
            {"token": raw, "id": token.pk, "name": token.name, "expires_at": token.expires_at},
            status=status.HTTP_200_OK,
            headers={"Cache-Control": "no-store"},
        )

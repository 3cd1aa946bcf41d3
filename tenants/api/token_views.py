"""Token issuing: the one API view that takes a username and a password."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.api.base import FIELD_ERRORS, ErrorSerializer, PortalAPIMixin, RawString, object_body
from core.errors import ValidationFailed
from tenants.models import ApiToken


class TokenRequestSerializer(serializers.Serializer):
    username = RawString()
    password = RawString()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`. It is shown only this once.")


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
        if problems:
            raise ValidationFailed(problems)
        user = authenticate(request._request, username=username.strip(), password=password)
        if user is None:
            raise ValidationFailed.one("non_field_errors", "Unable to log in with the username and password given.")
        _, raw = ApiToken.issue(user)
        return Response({"token": raw}, status=status.HTTP_200_OK)

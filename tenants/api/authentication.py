from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from tenants.models import ApiToken, hash_token


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <token>`, checked against the stored SHA-256 of the token."""

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=hash_token(key)).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed("Invalid token.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

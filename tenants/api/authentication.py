from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from tenants.models import ApiToken, hash_token

# `last_used_at` is kept to the minute: a busy script must not cost a write per request.
LAST_USED_PRECISION = timedelta(minutes=1)


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <token>`, checked against the stored SHA-256 of the token.

    An expired token, or one of a deactivated member, is refused; a revoked or removed member's
    token no longer exists.
    """

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=hash_token(key)).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed("Invalid token.")
        now = timezone.now()
        if token.expires_at <= now:
            raise AuthenticationFailed("Token expired.")
        stale = now - LAST_USED_PRECISION
        if token.last_used_at is None or token.last_used_at <= stale:
            # Conditional, so concurrent requests with the same token write it once.
            ApiToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale), pk=token.pk).update(
                last_used_at=now
            )
        return token.user, token

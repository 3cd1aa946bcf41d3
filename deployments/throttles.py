"""Test connection sends keys to AWS: each user may run it only so often (AWS_KEY_CHECK_RATE).

Without a limit, the portal would be an oracle for trying stolen key pairs against AWS. The
counts live in the shared cache (Redis in production), so every web process sees them; the
wizard's check, the source page's Test connection and the API's verify draw on one budget.
"""

from __future__ import annotations

from math import ceil

from rest_framework.throttling import UserRateThrottle

from core.errors import RateLimited


class KeyCheckThrottle(UserRateThrottle):
    scope = "aws_key_check"


def refuse_if_too_many_key_checks(request) -> None:
    """Raise RateLimited (429, with how long to wait) when the user has used up their checks."""
    throttle = KeyCheckThrottle()
    if not throttle.allow_request(request, None):
        wait = ceil(throttle.wait() or 60)
        raise RateLimited(
            f"Too many connection tests (at most {throttle.rate}); try again in {wait} seconds.",
            retry_after=wait,
        )

"""Send test delivers a message to the channel's address at once: so often per address only (NOTIFICATION_TEST_RATE).

Anyone who may manage channels chooses the address, so without a limit the button would send
mail or requests to any address as often as it is clicked. The count is per tenant and
address, not per channel: each address of an email channel (in any case, beside any others)
has its own, and deleting a channel and adding it again starts no new one. It lives in the
shared cache as the other limits do (deployments.throttles).
"""

from __future__ import annotations

import hashlib
from math import ceil

from rest_framework.throttling import SimpleRateThrottle

from core.errors import RateLimited

from .choices import ChannelKind


class ChannelTestThrottle(SimpleRateThrottle):
    scope = "notification_test"

    def __init__(self, tenant_id: int, address: str) -> None:
        self.tenant_id, self.address = tenant_id, address
        super().__init__()

    def get_cache_key(self, request, view) -> str:
        return f"throttle_{self.scope}_{self.tenant_id}_{hashlib.sha256(self.address.encode()).hexdigest()}"


def _addresses(channel) -> list[str]:
    if channel.kind == ChannelKind.EMAIL:
        return sorted({address.lower() for address in channel.email_addresses})
    return [channel.target]


def refuse_if_too_many_tests(channel) -> None:
    """Raise RateLimited (429, with how long to wait) when one of the channel's addresses has had its tests."""
    for address in _addresses(channel):
        throttle = ChannelTestThrottle(channel.tenant_id, f"{channel.kind}:{address}")
        if not throttle.allow_request(None, None):
            wait = ceil(throttle.wait() or 60)
            # A webhook's URL may hold a token in its query: the message names only an email address.
            to = address if channel.kind == ChannelKind.EMAIL else "this webhook"
            raise RateLimited(
                f"Too many test notifications to {to} (at most {throttle.rate}); try again in {wait} seconds.",
                retry_after=wait,
            )

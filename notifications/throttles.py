"""Send test delivers a message to the channel's address at once: so often per address only (NOTIFICATION_TEST_RATE).

Anyone who may manage channels chooses the address, so without a limit the button would send
mail or requests to any address as often as it is clicked. The count is per tenant and
address, not per channel, so deleting a channel and adding it again starts no new count; it
lives in the shared cache as the other limits do (deployments.throttles).
"""

from __future__ import annotations

import hashlib
from math import ceil

from rest_framework.throttling import SimpleRateThrottle

from core.errors import RateLimited


class ChannelTestThrottle(SimpleRateThrottle):
    scope = "notification_test"

    def __init__(self, channel) -> None:
        self.channel = channel
        super().__init__()

    def get_cache_key(self, request, view) -> str:
        address = hashlib.sha256(f"{self.channel.kind}\n{self.channel.target}".encode()).hexdigest()
        return f"throttle_{self.scope}_{self.channel.tenant_id}_{address}"


def refuse_if_too_many_tests(channel) -> None:
    """Raise RateLimited (429, with how long to wait) when the channel's address has had its tests."""
    throttle = ChannelTestThrottle(channel)
    if not throttle.allow_request(None, None):
        wait = ceil(throttle.wait() or 60)
        raise RateLimited(
            f"Too many test notifications to this address (at most {throttle.rate}); try again in {wait} seconds.",
            retry_after=wait,
        )

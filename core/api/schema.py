"""What the OpenAPI schema says beyond what drf-spectacular reads from the views."""

from __future__ import annotations

RETRY_AFTER = {
    "description": "How many seconds to wait before trying again.",
    "schema": {"type": "integer", "minimum": 1},
}


def document_retry_after(result, generator, request, public):
    """Every documented 429 carries the `Retry-After` header the portal sends with it."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            throttled = operation.get("responses", {}).get("429")
            if throttled is not None:
                throttled.setdefault("headers", {})["Retry-After"] = RETRY_AFTER
    return result

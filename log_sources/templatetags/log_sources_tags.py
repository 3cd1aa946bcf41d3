"""What the endpoint pages show of the log sources that use an endpoint (relay knows nothing of sources)."""

from __future__ import annotations

from django import template
from django.db.models import Count

from log_sources.models import LogSource
from tenants.selectors import can

register = template.Library()


@register.simple_tag
def sources_of_endpoint(endpoint, user) -> list[LogSource] | None:
    """The sources that use `endpoint`, by hostname; None when the user may not list sources."""
    if not can(user, "source.list"):
        return None
    return list(LogSource.objects.restrict(user, "source.list").filter(endpoint=endpoint).order_by("hostname"))


@register.simple_tag
def source_count_of_endpoint(endpoint) -> int:
    """How many sources use `endpoint` (the delete page says why it cannot go)."""
    return LogSource.objects.filter(endpoint=endpoint).count()


@register.simple_tag
def source_counts_by_endpoint(user) -> dict[int, int]:
    """endpoint id -> how many of the tenant's sources use it, for the Endpoints list."""
    rows = (
        LogSource.objects.restrict(user).values("endpoint_id").annotate(n=Count("id")).values_list("endpoint_id", "n")
    )
    return dict(rows)


@register.filter
def count_for(counts: dict[int, int], key) -> int:
    return counts.get(key, 0)

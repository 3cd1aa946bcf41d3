"""Reads about log sources."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from . import extensions
from .models import LogSource, SourceRegion


def _sources(user, action: str) -> QuerySet[LogSource]:
    return (
        LogSource.objects.restrict(user, action)
        .select_related("endpoint", "created_by", "tenant")
        .prefetch_related(Prefetch("regions", queryset=SourceRegion.objects.order_by("region")))
    )


def log_source_list(*, user, query: str = "") -> list[LogSource]:
    """The user's tenant's sources, newest first, with their state; `query` filters by hostname, account or region."""
    sources = _sources(user, "source.list")
    query = (query or "").strip()
    if query:
        digits = query.replace("-", "").replace(" ", "")
        sources = sources.filter(
            Q(hostname__icontains=query)
            | Q(aws_account_number__contains=digits)
            | Q(endpoint__name__icontains=query)
            | Q(regions__region__icontains=query)
        ).distinct()
    return extensions.read_into(sources.order_by("-created_at"))


def log_source_get(*, user, pk, action: str = "source.view") -> LogSource:
    """The user's source if `action` allows it, or LogSource.DoesNotExist (a 404) for another tenant's."""
    return _sources(user, action).get(pk=pk)


def log_source_state(source: LogSource) -> LogSource:
    """The source with what the apps above log_sources know of it (deployment, collection; see extensions)."""
    return extensions.read_into([source])[0]

"""Reads about log sources."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from tenants.selectors import require

from .models import LogSource, SourceRegion


def log_source_list(*, user, query: str = "") -> QuerySet[LogSource]:
    """The user's tenant's sources, newest first; `query` filters by hostname, account or region."""
    require(user, "source.list")
    sources = (
        LogSource.objects.restrict(user)
        .select_related("endpoint", "created_by")
        .prefetch_related(Prefetch("regions", queryset=SourceRegion.objects.order_by("region")))
    )
    query = (query or "").strip()
    if query:
        digits = query.replace("-", "").replace(" ", "")
        sources = sources.filter(
            Q(hostname__icontains=query)
            | Q(aws_account_number__contains=digits)
            | Q(endpoint__name__icontains=query)
            | Q(regions__region__icontains=query)
        ).distinct()
    return sources.order_by("-created_at")


def log_source_get(*, user, pk, action: str = "source.view") -> LogSource:
    """The user's source, or LogSource.DoesNotExist (a 404) for another tenant's."""
    require(user, action)
    return (
        LogSource.objects.restrict(user)
        .select_related("endpoint", "created_by")
        .prefetch_related(Prefetch("regions", queryset=SourceRegion.objects.order_by("region")))
        .get(pk=pk)
    )

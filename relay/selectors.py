"""Reads about log relay endpoints."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from tenants.selectors import require

from .models import Endpoint


def endpoint_list(*, user) -> QuerySet[Endpoint]:
    require(user, "endpoint.list")
    return Endpoint.objects.restrict(user).annotate(source_count=Count("log_sources")).order_by("name")


def endpoint_get(*, user, pk) -> Endpoint:
    """The user's endpoint, or Endpoint.DoesNotExist (a 404) for anyone else's."""
    require(user, "endpoint.view")
    return Endpoint.objects.restrict(user).get(pk=pk)

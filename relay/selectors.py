"""Reads about log relay endpoints."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Endpoint


def endpoint_list(*, user) -> QuerySet[Endpoint]:
    return Endpoint.objects.restrict(user, "endpoint.list").order_by("name")


def endpoint_get(*, user, pk) -> Endpoint:
    """The user's endpoint, or Endpoint.DoesNotExist (a 404) for anyone else's."""
    return Endpoint.objects.restrict(user, "endpoint.view").get(pk=pk)

"""One filterset for the Search page and the API: it delegates to events.selectors.event_search."""

from __future__ import annotations

import django_filters

from .forms import SearchForm
from .models import LogEvent
from .selectors import event_search


class EventFilterSet(django_filters.FilterSet):
    """Validates the query string with SearchForm and returns event_search's queryset."""

    class Meta:
        model = LogEvent
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.search_form = SearchForm(data or None, user=request.user)

    def is_valid(self) -> bool:
        return self.search_form.is_valid() if self.search_form.is_bound else True

    @property
    def errors(self):
        return self.search_form.errors

    @property
    def qs(self):
        kwargs = self.search_form.search_kwargs() if self.search_form.is_bound and self.search_form.is_valid() else {}
        return event_search(user=self.request.user, **kwargs)

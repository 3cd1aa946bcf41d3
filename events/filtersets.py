"""One filterset for the Search page (its exports and the findings view too), GET /api/v1/events/ and findings/.

All take the same filters by the same names, from the query string:

    q             the Search syntax (events.query)
    source        a log source's id
    region        a region code
    severity      GuardDuty's band: low, medium, high or critical
    severity_min  the lowest severity, a number
    finding_type  the exact finding type
    resource_type GuardDuty's resourceType, e.g. AccessKey, S3Bucket, EKSCluster
    resource_id   the exact resource id (an instance id, access key id, bucket name...)
    finding_id    the exact GuardDuty finding id
    range         a period ending now: 1h, 24h, 7d or 30d (`since` wins when both are given)
    since, until  ISO 8601 times, UTC when they name no offset

FindingFilterSet is the same set for findings (their latest state), plus `updated_since`.

Pagination (`cursor`, and the API's `page_size`) is the views' business, not a filter.

The filterset validates; events.selectors.event_search filters (and checks the permission),
so every view gets its events from one place. A bad value is refused with a message naming
the rule: `qs` raises ValidationFailed with each bad field's messages, which the API answers
as a 400 and the page shows beside the form.

`strict=True` (the page) refuses what the page's own inputs could never offer, as the page
always has: a source that is not one of yours or does not exist, an unsupported region, a
finding type longer than any (256 characters). Without it (the API) such a value is a
well-formed filter that matches no event, as the API has always answered.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import django_filters
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.utils import timezone

from core.api.base import reference_id
from core.errors import ValidationFailed
from core.forms import MomentField
from core.validation import text_refusal
from log_sources.models import LogSource
from log_sources.regions import REGION_CHOICES

from . import query
from .choices import SeverityBand
from .models import Finding, LogEvent
from .selectors import SEVERITY_RULE, event_search, finding_search

RANGES = [
    ("", "Any time"),
    ("1h", "Last hour"),
    ("24h", "Last 24 hours"),
    ("7d", "Last 7 days"),
    ("30d", "Last 30 days"),
]
RANGE_HOURS = {"1h": 1, "24h": 24, "7d": 24 * 7, "30d": 24 * 30}
FINDING_TYPE_MAX_CHARS = 256  # LogEvent.finding_type's length


class SearchQueryField(forms.CharField):
    """The Search syntax; refused when it cannot be searched (too long, too many terms)."""

    def validate(self, value):
        super().validate(value)
        refusal = text_refusal("Search", value)
        if refusal:
            raise forms.ValidationError(refusal, code="not_text")
        try:
            query.parse(value)
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message, code="invalid") from None


class SourceIdField(forms.Field):
    """A log source's id; whose source it is, is event_search's business (another tenant's finds nothing)."""

    default_error_messages = {"invalid": "source must be a log source's id."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        message = self.error_messages["invalid"]
        try:
            return reference_id("source", value, message)
        except ValidationFailed:
            raise forms.ValidationError(message, code="invalid") from None


class EventFilter(django_filters.Filter):
    """One query parameter and its form field; `strict_field` builds the page's stricter one where it differs.

    The filtering itself is event_search's (see EventFilterSet.qs), not the filter's.
    """

    def __init__(self, field_class, *, strict_field=None, **kwargs):
        super().__init__(**kwargs)
        self.field_class = field_class
        self.strict_field = strict_field

    @property
    def field(self):
        if not hasattr(self, "_field"):
            if self.strict_field is not None and self.parent.strict:
                self._field = self.strict_field(self.parent.request, label=self.label, required=False)
            else:
                self._field = django_filters.Filter.field.fget(self)
        return self._field


class YourSourceField(forms.ModelChoiceField):
    """One of the user's log sources, by its id in digits 0-9 (int() would also read "١" as 1)."""

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                reference_id("source", value, "")
            except ValidationFailed:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None
        return super().to_python(value)


def _your_sources(request, **kwargs) -> forms.Field:
    sources = LogSource.objects.restrict(request.user, "logs.search").order_by("hostname")
    return YourSourceField(queryset=sources, empty_label="All sources", **kwargs)


def _supported_regions(request, **kwargs) -> forms.Field:
    return forms.ChoiceField(choices=[("", "All regions"), *REGION_CHOICES], **kwargs)


def _finding_type_of_a_finding(request, **kwargs) -> forms.Field:
    return forms.CharField(max_length=FINDING_TYPE_MAX_CHARS, **kwargs)


def _bounded_text(column: str):
    """The page's field for a column: at most as long as the column holds."""
    max_length = LogEvent._meta.get_field(column).max_length

    def field(request, **kwargs) -> forms.Field:
        return forms.CharField(max_length=max_length, **kwargs)

    return field


class EventFilterSet(django_filters.FilterSet):
    """The Search filters of the page and the API; `qs` is events.selectors.event_search's answer."""

    q = EventFilter(
        SearchQueryField,
        label="Search",
        help_text="The Search syntax: terms are ANDed, `*` matches any run of characters and `?` one, "
        '"quoted phrases" keep their spaces. Example: `*123456789012*`.',
    )
    source = EventFilter(SourceIdField, strict_field=_your_sources, label="Source", help_text="A log source's id.")
    region = EventFilter(
        forms.CharField, strict_field=_supported_regions, label="Region", help_text="A region code, e.g. eu-west-1."
    )
    severity = EventFilter(
        forms.ChoiceField,
        choices=[("", "Any severity"), *SeverityBand.choices],
        error_messages={"invalid_choice": SEVERITY_RULE},
        label="Severity",
        help_text="GuardDuty's severity band.",
    )
    severity_min = EventFilter(
        forms.FloatField,
        error_messages={"invalid": "severity_min must be a number, e.g. 7 or 4.5."},
        label="Min severity",
        help_text="The lowest severity, 1.0 to 10.0.",
    )
    finding_type = EventFilter(
        forms.CharField,
        strict_field=_finding_type_of_a_finding,
        label="Finding type",
        help_text="The exact finding type, e.g. Recon:EC2/PortProbeUnprotectedPort.",
    )
    resource_type = EventFilter(
        forms.CharField,
        strict_field=_bounded_text("resource_type"),
        label="Resource type",
        help_text="GuardDuty's resourceType, e.g. Instance, AccessKey, S3Bucket, EKSCluster, Lambda.",
    )
    resource_id = EventFilter(
        forms.CharField,
        strict_field=_bounded_text("resource_id"),
        label="Resource id",
        help_text="The exact resource id: an instance id, access key id, bucket name, cluster name...",
    )
    finding_id = EventFilter(
        forms.CharField,
        strict_field=_bounded_text("finding_id"),
        label="Finding id",
        help_text="The exact GuardDuty finding id.",
    )
    range = EventFilter(
        forms.ChoiceField,
        choices=RANGES,
        label="Time range",
        help_text="Events of the last hour, 24 hours, 7 days or 30 days; `since` wins when both are given.",
    )
    since = EventFilter(MomentField, name="since", label="From", help_text="Events at or after this time.")
    until = EventFilter(MomentField, name="until", label="To", help_text="Events before this time.")

    class Meta:
        model = LogEvent
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, strict: bool = False):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.strict = strict

    def search_kwargs(self) -> dict:
        """The cleaned input as keyword arguments of events.selectors.event_search ({} when unbound)."""
        if not self.is_bound:
            return {}
        data = self.form.cleaned_data
        since: datetime | None = data.get("since")
        if data.get("range") and not since:
            since = timezone.now() - timedelta(hours=RANGE_HOURS[data["range"]])
        return {
            "q": data.get("q") or "",
            "source": data.get("source"),
            "region": data.get("region") or None,
            "severity_min": data.get("severity_min"),
            "severity_band": data.get("severity") or None,
            "finding_type": data.get("finding_type") or None,
            "resource_type": data.get("resource_type") or None,
            "resource_id": data.get("resource_id") or None,
            "finding_id": data.get("finding_id") or None,
            "since": since,
            "until": data.get("until"),
        }

    @property
    def terms(self) -> list[query.Term]:
        """The query's terms, for highlighting matches (none while the input is invalid)."""
        if not self.is_valid():
            return []
        return query.parse(self.form.cleaned_data.get("q") or "")

    def refusal(self) -> ValidationFailed:
        """The form's errors as the application's error: {field: [messages]}."""
        return ValidationFailed(
            {("non_field_errors" if field == NON_FIELD_ERRORS else field): list(e) for field, e in self.errors.items()}
        )

    @property
    def qs(self) -> QuerySet[LogEvent]:
        """The matching events, newest first; raises ValidationFailed rather than filter by half the input."""
        if not hasattr(self, "_qs"):
            if self.is_bound and not self.is_valid():
                raise self.refusal()
            self._qs = event_search(user=self.request.user, **self.search_kwargs())
        return self._qs


class FindingFilterSet(EventFilterSet):
    """The same filters for findings (their latest state), plus `updated_since`; `qs` is finding_search's answer.

    `region` is the finding's own region; the times bound the finding's last seen time.
    """

    since = EventFilter(MomentField, name="since", label="From", help_text="Findings last seen at or after this time.")
    until = EventFilter(MomentField, name="until", label="To", help_text="Findings last seen before this time.")
    updated_since = EventFilter(
        MomentField,
        name="updated_since",
        label="Updated since",
        help_text="Findings whose latest state GuardDuty updated (updatedAt) at or after this time.",
    )

    class Meta:
        model = Finding
        fields: list[str] = []

    def search_kwargs(self) -> dict:
        kwargs = super().search_kwargs()
        if kwargs:
            kwargs["updated_since"] = self.form.cleaned_data.get("updated_since")
        return kwargs

    @property
    def qs(self) -> QuerySet[Finding]:
        if not hasattr(self, "_qs"):
            if self.is_bound and not self.is_valid():
                raise self.refusal()
            self._qs = finding_search(user=self.request.user, **self.search_kwargs())
        return self._qs

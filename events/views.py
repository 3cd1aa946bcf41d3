"""Search (Log & Data Management > Search), findings, export and retention pages. Thin: filters in, selectors out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import ValidationFailed
from tenants.selectors import can, require, tenant_of

from . import query, selectors, services
from .filtersets import EventFilterSet, FindingFilterSet
from .forms import RetentionForm
from .models import Finding, LogEvent
from .parsing import pretty

PAGE_SIZE = 50
EXPORT_FORMATS = ("jsonl", "csv", "ocsf")


def _search(request, filterset=EventFilterSet) -> tuple[EventFilterSet, QuerySet[LogEvent] | QuerySet[Finding] | None]:
    """The filters (their form shows any refusal) and the matching events or findings (None when the input is invalid)."""
    require(request.user, "logs.search")
    filters = filterset(request.GET or None, request=request, strict=True)
    if filters.is_bound and not filters.is_valid():
        return filters, None
    try:
        return filters, filters.qs
    except ValidationFailed as exc:
        for field, errors in exc.errors.items():
            for error in errors:
                filters.form.add_error(field if field in filters.form.fields else None, error)
        return filters, None


def _querystring(request, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value:
            params[key] = value
    return params.urlencode()


@login_required
@require_safe
def search(request):
    filters, events = _search(request)
    form, terms = filters.form, filters.terms
    rows, next_cursor = [], ""
    if events is not None:
        try:
            rows, next_cursor = selectors.event_page(events, cursor=request.GET.get("cursor", ""), size=PAGE_SIZE)
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
    results = [
        {
            "event": event,
            "title": query.highlight(event.title or event.message[:200], terms),
            "json": query.highlight(pretty(event.message), terms),
        }
        for event in rows
    ]
    return render(
        request,
        "events/search.html",
        {
            "form": form,
            "results": results,
            "next_url": f"?{_querystring(request, cursor=next_cursor)}" if next_cursor else "",
            "first_url": f"?{_querystring(request, cursor='')}" if request.GET.get("cursor") else "",
            "export_query": _querystring(request, cursor=""),
            "searched": events is not None,
            "waiting": selectors.events_waiting_for_index(user=request.user) if events is not None else 0,
            "waiting_limit": selectors.WAITING_COUNT_LIMIT,
            "raw_match_limit": query.RAW_MATCH_LIMIT,
        },
    )


@login_required
@require_safe
def findings(request):
    """One row per finding (its latest state), from the Finding records the search indexer keeps."""
    filters, found = _search(request, FindingFilterSet)
    form = filters.form
    rows, next_cursor = [], ""
    if found is not None:
        try:
            rows, next_cursor = selectors.finding_page(found, cursor=request.GET.get("cursor", ""), size=PAGE_SIZE)
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
    return render(
        request,
        "events/findings.html",
        {
            "form": form,
            "findings": rows,
            "searched": found is not None,
            "next_url": f"?{_querystring(request, cursor=next_cursor)}" if next_cursor else "",
            "first_url": f"?{_querystring(request, cursor='')}" if request.GET.get("cursor") else "",
            "export_query": _querystring(request, cursor=""),
        },
    )


@login_required
@require_safe
def export_events(request, fmt: str):
    """The current result as CSV or JSON lines (its events), or OCSF (its findings, one Detection Finding a line)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filters, rows = _search(request, FindingFilterSet if fmt == "ocsf" else EventFilterSet)
    if rows is None:
        return render(
            request, "events/search.html", {"form": filters.form, "results": [], "searched": False}, status=400
        )
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    criteria = {key: value for key, value in request.GET.items() if key != "cursor" and value}
    if fmt == "ocsf":
        lines = services.findings_export_ocsf(user=request.user, findings=rows, criteria=criteria)
        response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="guardduty-findings-ocsf-{stamp}.jsonl"'
        return response
    rows = services.log_events_export(user=request.user, events=rows, fmt=fmt, criteria=criteria)
    if fmt == "csv":
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        filename = f"guardduty-events-{stamp}.csv"
    else:
        response = StreamingHttpResponse(rows, content_type="application/x-ndjson; charset=utf-8")
        filename = f"guardduty-events-{stamp}.jsonl"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def retention(request):
    require(request.user, "logs.search")
    tenant = tenant_of(request.user)
    form = RetentionForm(initial={"log_retention_days": tenant.log_retention_days})
    if request.method == "POST":
        form = RetentionForm(request.POST)
        if form.is_valid():
            try:
                services.log_retention_set(user=request.user, days=form.cleaned_data["log_retention_days"])
            except ValidationFailed as exc:
                form.add_error("log_retention_days", exc.message)
            else:
                messages.success(
                    request, f"Collected events are now kept for {form.cleaned_data['log_retention_days']} days."
                )
                return redirect("events:retention")
    return render(
        request,
        "events/retention.html",
        {
            "form": form,
            "tenant": tenant,
            "can_change": can(request.user, "logs.retention"),
            "can_purge": can(request.user, "logs.purge"),
        },
    )


@login_required
@require_POST
def purge(request):
    try:
        deleted = services.log_events_purge(user=request.user)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Purged {deleted} event(s) older than the retention setting.")
    return redirect("events:retention")

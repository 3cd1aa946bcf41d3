"""The audit trail page (Users & Roles > Audit trail) and its CSV export. Thin: filters in, selector out."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.errors import ValidationFailed
from core.spreadsheet import csv_stream

from . import audit
from .audit_filters import AuditFilterForm
from .selectors import audit_event_list, require

PAGE_SIZE = 50
CSV_COLUMNS = ["at", "actor", "action", "target_type", "target_id", "ip", "details"]


def _filtered(request):
    require(request.user, "audit.view")
    form = AuditFilterForm(request.GET or None)
    if not form.is_bound:
        return form, audit_event_list(user=request.user)
    try:
        return form, audit_event_list(user=request.user, **form.criteria())
    except ValidationFailed:
        return form, None


@login_required
@require_GET
def audit_events(request):
    form, events = _filtered(request)
    page = Paginator(events if events is not None else [], PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.details_json = audit.details_text(event)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tenants/audit.html",
        {"form": form, "page": page, "query": query.urlencode(), "invalid": events is None},
        status=400 if events is None else 200,
    )


@login_required
@require_GET
def audit_events_csv(request):
    form, events = _filtered(request)
    if events is None:
        return render(request, "tenants/audit.html", {"form": form, "page": None, "invalid": True}, status=400)
    audit.record(
        "audit.export",
        actor=request.user,
        details={k: v for k, v in request.GET.items() if k != "page" and v},
    )
    rows = (
        [e.at.isoformat(), e.actor_username, e.action, e.target_type, e.target_id, e.ip or "", audit.details_text(e)]
        for e in events.iterator(chunk_size=1000)
    )
    response = StreamingHttpResponse(csv_stream(CSV_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.csv"'
    return response

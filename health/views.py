"""Pages of collection health: the tenant's Health page and a source's thresholds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from core.errors import PortalError, error_text
from log_sources.selectors import log_source_get

from .choices import HealthLevel
from .selectors import health_changes, health_rows, health_sources
from .services import health_thresholds_set


@login_required
@require_safe
def health_page(request):
    """Every source and region that is not OK, worst first, and the latest announced changes."""
    sources = health_sources(user=request.user)
    rows = health_rows(sources)
    counts = {level: 0 for level in HealthLevel.values}
    for source in sources:
        counts[source.health.level] += 1
    return render(
        request,
        "health/page.html",
        {
            "rows": rows,
            "counts": [(HealthLevel(level), n) for level, n in counts.items()],
            "has_sources": bool(sources),
            "changes": health_changes(user=request.user),
        },
    )


@login_required
@require_POST
def thresholds(request, pk: int):
    source = log_source_get(user=request.user, pk=pk, action="source.change")
    data = {name: request.POST.get(name, "") for name in ("warning_after_hours", "critical_after_hours")}
    try:
        health_thresholds_set(user=request.user, source=source, data=data)
    except PortalError as exc:
        messages.error(request, f"Thresholds not saved: {error_text(exc)}")
    else:
        messages.success(request, "Saved the health thresholds.")
    return redirect(reverse("log_sources:detail", args=[source.pk]) + "#health")

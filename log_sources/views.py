"""Pages for log sources: External Sources, the Add Log Source wizard and a source's page.

What other apps know of a source (its deployment, its collection) reaches these pages through
log_sources.extensions and the panels the source page includes; deleting and changing a source,
which involve its AWS side, are deployments' pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import ValidationFailed
from core.validation import text_refusal
from relay.models import Endpoint
from tenants.selectors import require, tenant_of

from . import regions as region_catalogue
from . import source_types
from .choices import CredentialType, DeploymentMode
from .credentials import portal_principal_arn
from .forms import FIELD_LABELS, FIELD_STEP, LAST_STEP, STEPS, WizardState, values_from_post
from .models import LogSource
from .selectors import log_source_get, log_source_list, log_source_state
from .services import log_source_create
from .validation import RETENTION_DAYS

# With more regions than this the list shows a count; every name is in its hover text.
MAX_REGION_CHIPS = 4
# The Health filter's choices: the levels the health app's reader sets on each source
# (`source.health.level`), in the words External Sources shows.
HEALTH_FILTERS = {"critical": "Critical", "warning": "Warning", "ok": "OK"}


@login_required
@require_safe
def source_list(request):
    query = request.GET.get("q", "").strip()[:200]
    refusal = text_refusal("Filter", query)
    if refusal:
        query = ""
    health = request.GET.get("health", "")
    health_error = ""
    if health and health not in HEALTH_FILTERS:
        health_error = f"Health must be one of {', '.join(HEALTH_FILTERS.values())}."
        health = ""
    sources = list(log_source_list(user=request.user, query=query))
    if health:
        sources = [source for source in sources if getattr(source, "health", None) and source.health.level == health]
    filtered = bool(query or health)
    has_any = bool(sources) or (filtered and LogSource.objects.restrict(request.user, "source.list").exists())
    return render(
        request,
        "log_sources/list.html",
        {
            "sources": sources,
            "q": query,
            "q_error": refusal,
            "health": health,
            "health_error": health_error,
            "health_filters": HEALTH_FILTERS,
            "health_label": HEALTH_FILTERS.get(health, ""),
            "filtered": filtered,
            "has_any": has_any,
            "max_chips": MAX_REGION_CHIPS,
        },
        status=400 if refusal or health_error else 200,
    )


@login_required
@require_safe
def source_detail(request, pk: int):
    source = log_source_state(log_source_get(user=request.user, pk=pk))
    # The catalogue's order (US first), the one the wizard showed, rather than by code.
    order = {code: index for index, code in enumerate(region_catalogue.REGION_CODES)}
    regions = sorted(source.regions.all(), key=lambda r: order.get(r.region, len(order)))
    return render(
        request,
        "log_sources/detail.html",
        {"source": source, "regions": regions, "principal_arn": portal_principal_arn()},
    )


@login_required
def source_add(request):
    """Start a fresh wizard (each has its own id, so two tabs do not mix their entries)."""
    require(request.user, "source.add")
    state = WizardState.start(request.session)
    return redirect("log_sources:wizard", wid=state.wid, step=1)


@login_required
@require_http_methods(["GET", "POST"])
def source_wizard(request, wid: str, step: int):
    require(request.user, "source.add")
    if not 1 <= step <= LAST_STEP:
        raise Http404("No such step")
    state = WizardState.load(request.session, wid)
    if state is None:
        messages.info(request, "That Add Log Source wizard has expired; here is a fresh one.")
        return redirect("log_sources:add")
    if step > state.first_open_step():
        return redirect("log_sources:wizard", wid=wid, step=state.first_open_step())

    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        nav = request.POST.get("nav", "next")
        if step == LAST_STEP and nav == "save":
            return _save(request, state)
        values = values_from_post(step, request.POST) if step != LAST_STEP else {}
        if nav == "back":
            state.keep(step, values)
            state.save()
            return redirect("log_sources:wizard", wid=wid, step=max(step - 1, 1))
        errors = state.submit(user=request.user, step=step, values=values)
        state.save()
        if not errors:
            return redirect("log_sources:wizard", wid=wid, step=min(step + 1, LAST_STEP))
    return _render_step(request, state, step, errors, status=400 if errors else 200)


def _save(request, state: WizardState):
    try:
        source = log_source_create(user=request.user, data=state.full_data())
    except ValidationFailed as exc:
        return _render_step(request, state, LAST_STEP, exc.errors, status=400)
    state.discard()
    messages.success(request, f"Saved the log source {source.hostname}.")
    return redirect("log_sources:detail", pk=source.pk)


def _render_step(request, state: WizardState, step: int, errors: dict[str, list[str]], status: int = 200):
    data = state.public_data()
    endpoints = list(Endpoint.objects.restrict(request.user, "endpoint.list").order_by("name"))
    if not data.get("endpoint") and len(endpoints) == 1:
        data["endpoint"] = str(endpoints[0].pk)
    chosen_regions = set(data.get("regions") or [])
    mode = data.get("mode") or (DeploymentMode.STACK if len(chosen_regions) == 1 else DeploymentMode.STACKSET)
    context = {
        "wid": state.wid,
        "step": step,
        "steps": STEPS,
        "done": state.done,
        "data": data,
        "wizard_data": data,
        "errors": errors,
        "error_list": [
            {"field": field, "label": FIELD_LABELS.get(field, field), "step": FIELD_STEP.get(field), "messages": msgs}
            for field, msgs in errors.items()
        ],
        "kept": state.kept(),
        "endpoints": endpoints,
        "source_types": source_types.all_types(),
        "regions": [
            {"code": r.code, "name": r.name, "checked": r.code in chosen_regions} for r in region_catalogue.REGIONS
        ],
        "select_all": state.data.get("select_all", False),
        "modes": DeploymentMode.choices,
        "mode": mode,
        "retention_choices": RETENTION_DAYS,
        "default_stack_name": _source_type(data).default_stack_name(data.get("aws_account_number") or "<account>"),
        "endpoint_add_url": reverse("relay:endpoint_add"),
    }
    if step == 2:
        context.update(_credentials_context(request, data))
    if step == LAST_STEP:
        context["review"] = _review(state, endpoints)
    return render(request, f"log_sources/wizard_step{step}.html", context, status=status)


def _credentials_context(request, data: dict) -> dict:
    """What the credentials step shows beside the choice: whom a role trusts, with which External ID."""
    principal = portal_principal_arn()
    tenant = tenant_of(request.user)
    chosen = data.get("credential_type")
    if chosen not in CredentialType.values or (chosen == CredentialType.ROLE and not principal):
        chosen = (
            CredentialType.ROLE if principal and not data.get("aws_access_key_id_last4") else CredentialType.ACCESS_KEY
        )
    return {
        "credential_type": chosen,
        "roles_available": bool(principal),
        "principal_arn": principal,
        "external_id": tenant.aws_external_id if tenant else "",
        "credential_choices": CredentialType.choices,
    }


def _source_type(data: dict) -> source_types.SourceType:
    """The type the wizard has chosen so far (GuardDuty until one is chosen)."""
    try:
        return source_types.get(data.get("source_type") or "")
    except KeyError:
        return source_types.GUARDDUTY


def _review(state: WizardState, endpoints: list[Endpoint]) -> dict:
    data = state.data
    endpoint = next((e for e in endpoints if str(e.pk) == str(data.get("endpoint"))), None)
    try:
        kind_label = source_types.get(data.get("source_type") or "").label
    except KeyError:
        kind_label = data.get("source_type")
    regions = [region_catalogue.BY_CODE[c] for c in data.get("regions") or [] if c in region_catalogue.BY_CODE]
    mode = data.get("mode") or ""
    return {
        "endpoint": endpoint,
        "source_type": kind_label,
        "regions": regions,
        "mode_label": dict(DeploymentMode.choices).get(mode, mode),
        "tags": [line.strip() for line in str(data.get("tags") or "").splitlines() if line.strip()],
    }

"""Pages for log relay endpoints: list, add, detail (with the worker command) and delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import Conflict, ValidationFailed
from tenants.selectors import require

from .forms import EndpointForm
from .models import Endpoint
from .selectors import endpoint_get, endpoint_list
from .services import endpoint_create, endpoint_delete


@login_required
@require_safe
def endpoint_list_view(request):
    return render(request, "relay/list.html", {"endpoints": endpoint_list(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_add(request):
    require(request.user, "endpoint.add")
    form = EndpointForm(request.POST or None)
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and not form.is_valid():
        errors = {field: list(messages) for field, messages in form.errors.items()}
    elif request.method == "POST":
        try:
            endpoint = endpoint_create(
                user=request.user, name=form.cleaned_data["name"], hostname=form.cleaned_data["hostname"]
            )
        except ValidationFailed as exc:
            errors = exc.errors
        else:
            messages.success(
                request, f"Added the endpoint {endpoint.name}. Start its relay worker with the command below."
            )
            return redirect("relay:endpoint_detail", pk=endpoint.pk)
    data = request.POST if request.method == "POST" else {}
    return render(
        request,
        "relay/add.html",
        {"data": data, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
@require_safe
def endpoint_detail(request, pk: int):
    endpoint = endpoint_get(user=request.user, pk=pk)
    return render(request, "relay/detail.html", {"endpoint": endpoint})


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_delete_view(request, pk: int):
    # The delete permission alone is enough: deleting needs no right to view.
    endpoint = Endpoint.objects.restrict(request.user, "endpoint.delete").get(pk=pk)
    if request.method == "POST":
        try:
            endpoint_delete(user=request.user, endpoint=endpoint)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("relay:endpoint_detail", pk=endpoint.pk)
        messages.success(request, f"Deleted the endpoint {endpoint.name}.")
        return redirect("relay:endpoint_list")
    return render(request, "relay/delete.html", {"endpoint": endpoint})

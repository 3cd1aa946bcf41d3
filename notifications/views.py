"""Pages for notification channels: the list with its add form, test sends, enable/disable, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import RateLimited, ValidationFailed

from .choices import ChannelKind, Event
from .forms import ChannelForm
from .selectors import channel_for_manage, channel_list, with_recent_deliveries
from .services import channel_create, channel_delete, channel_rotate_secret, channel_test, channel_update


def _page(request, *, data=None, errors=None, created=None, secret="", status=200):
    data = data if data is not None else {"kind": ChannelKind.WEBHOOK, "events": [e.value for e in Event]}
    response = render(
        request,
        "notifications/list.html",
        {
            "channels": with_recent_deliveries(channel_list(user=request.user)),
            "data": data,
            "checked_events": data.getlist("events") if hasattr(data, "getlist") else data.get("events", []),
            "errors": errors or {},
            "kinds": ChannelKind.choices,
            "events": Event.choices,
            "created": created,
            "secret": secret,
        },
        status=status,
    )
    if secret:
        # The one response that holds the signing secret: no cache may keep it.
        response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def channel_list_view(request):
    """The channels, their latest deliveries, and (for managers) the add form; the secret shows once here."""
    if request.method == "GET":
        return _page(request)
    form = ChannelForm(request.POST)
    if not form.is_valid():
        errors = {field: list(messages) for field, messages in form.errors.items()}
        return _page(request, data=request.POST, errors=errors, status=400)
    try:
        created = channel_create(user=request.user, **form.channel_values(request.POST))
    except ValidationFailed as exc:
        return _page(request, data=request.POST, errors=exc.errors, status=400)
    return _page(request, created=created.channel, secret=created.secret, status=201)


@login_required
@require_POST
def channel_test_view(request, pk: int):
    channel = channel_for_manage(user=request.user, pk=pk)
    try:
        channel_test(user=request.user, channel=channel)
    except RateLimited as exc:
        messages.error(request, exc.message)
        return redirect("notifications:list")
    messages.success(request, f"A test notification to {channel.name} is on its way; its status shows below.")
    return redirect("notifications:list")


@login_required
@require_POST
def channel_toggle_view(request, pk: int):
    channel = channel_for_manage(user=request.user, pk=pk)
    channel = channel_update(user=request.user, channel=channel, changes={"enabled": not channel.enabled})
    messages.success(request, f"{'Enabled' if channel.enabled else 'Disabled'} the channel {channel.name}.")
    return redirect("notifications:list")


@login_required
@never_cache
@require_POST
def channel_rotate_view(request, pk: int):
    channel = channel_for_manage(user=request.user, pk=pk)
    try:
        secret = channel_rotate_secret(user=request.user, channel=channel)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("notifications:list")
    return _page(request, created=channel, secret=secret)


@login_required
@require_http_methods(["GET", "POST"])
def channel_delete_view(request, pk: int):
    channel = channel_for_manage(user=request.user, pk=pk)
    if request.method == "POST":
        channel_delete(user=request.user, channel=channel)
        messages.success(request, f"Deleted the notification channel {channel.name}.")
        return redirect("notifications:list")
    return render(request, "notifications/delete.html", {"channel": channel})

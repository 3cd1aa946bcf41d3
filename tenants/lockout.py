"""What a locked-out login attempt gets back (django-axes' AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render


def _minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    return (
        f"Too many failed logins for this username from your address: logins are refused for "
        f"{_minutes()} minutes, even with the right password. Try again later or ask your administrator."
    )


def lockout_response(request, original_response=None, credentials=None):
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        username = str((credentials or {}).get("username") or request.POST.get("username", ""))[:150]
        form = AuthenticationForm(request, initial={"username": username})
        response = render(
            request, "login.html", {"form": form, "lockout": lockout_message(), "username": username}, status=429
        )
    response["Retry-After"] = retry_after
    return response

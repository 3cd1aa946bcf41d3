"""Logins, logouts, failures and lockouts go into the audit trail (Django's and django-axes' signals)."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit
from .selectors import tenant_of

User = get_user_model()


def _via(request) -> str:
    return "api" if request is not None and request.path.startswith("/api/") else "page"


@receiver(user_logged_in, dispatch_uid="audit_login_success")
def login_success(sender, request, user, **kwargs):
    audit.record("login.success", actor=user, target=user, target_type="user", details={"via": _via(request)})


@receiver(user_logged_out, dispatch_uid="audit_logout")
def logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record("logout", actor=user, target=user, target_type="user")


def _attempted(credentials: dict) -> tuple[str, object]:
    username = str(credentials.get("username") or "")[:150]
    return username, User.objects.filter(username=username).first() if username else None


@receiver(user_login_failed, dispatch_uid="audit_login_failure")
def login_failure(sender, credentials, request=None, **kwargs):
    username, user = _attempted(credentials)
    # A failure for a member is shown to their tenant's admins; one for an unknown name to operators only.
    audit.record(
        "login.failure",
        tenant=tenant_of(user) if user else None,
        target_type="user",
        target_id=user.pk if user else "",
        details={"username": username, "via": _via(request)},
    )


@receiver(user_locked_out, dispatch_uid="audit_login_locked_out")
def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    user = User.objects.filter(username=str(username or "")[:150]).first() if username else None
    audit.record(
        "login.locked_out",
        tenant=tenant_of(user) if user else None,
        target_type="user",
        target_id=user.pk if user else "",
        details={"username": str(username or "")[:150], "via": _via(request)},
    )

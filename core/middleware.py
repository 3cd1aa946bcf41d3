"""The pages' translation of the application error type (the API has its own handler)."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import render

from .errors import PermissionMissing, PortalError


class PortalErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if request.path.startswith("/api/"):
            return None
        if isinstance(exc, PermissionMissing):
            return render(request, "403.html", {"message": exc.message, "missing": exc.missing}, status=403)
        if isinstance(exc, PortalError) and exc.status == 403:
            # Allowed the action, refused by a rule (granting what one does not hold): say which.
            return render(request, "403.html", {"message": exc.message}, status=403)
        if isinstance(exc, ObjectDoesNotExist):
            # Another tenant's object looks exactly like one that does not exist.
            raise Http404("Not found") from exc
        return None

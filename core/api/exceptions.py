"""The API's translation of the application error type (pages have their own, in core.middleware).

Every error body is a JSON object: `{field: [messages]}` for invalid input (the same
messages as the pages, from the same services), `{"detail": ...}` for everything else, with
`missing_permissions` on a 403 naming the catalogue permissions the user lacks.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import PermissionMissing, PortalError, ValidationFailed


def exception_handler(exc, context):
    if isinstance(exc, ValidationFailed):
        return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionMissing):
        return Response({"detail": exc.message, "missing_permissions": exc.missing}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, PortalError):
        body = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status)
    if isinstance(exc, ObjectDoesNotExist):
        # Another tenant's object looks exactly like one that does not exist.
        exc = Http404()
    if isinstance(exc, exceptions.ValidationError) and not isinstance(exc.detail, dict):
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    return drf_exception_handler(exc, context)

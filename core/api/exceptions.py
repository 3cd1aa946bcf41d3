"""The API's translation of the application error type (pages have their own, in core.middleware).

Every error body is a JSON object: `{field: [messages]}` for invalid input (the same
messages as the pages, from the same services), `{"detail": ...}` for everything else, with
`missing_permissions` on a 403 naming the catalogue permissions the user lacks.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import PermissionMissing, PortalError, RateLimited, ValidationFailed


def exception_handler(exc, context):
    if isinstance(exc, ValidationFailed):
        return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionMissing):
        return Response({"detail": exc.message, "missing_permissions": exc.missing}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, PortalError):
        body = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        body.update(getattr(exc, "details", None) or {})
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        return Response(body, status=exc.status, headers=headers)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        return Response(
            {"non_field_errors": [f"The request body is larger than the {limit} KiB the API accepts."]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, ObjectDoesNotExist):
        # Another tenant's object looks exactly like one that does not exist.
        exc = Http404()
    if isinstance(exc, exceptions.ValidationError) and not isinstance(exc.detail, dict):
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    return drf_exception_handler(exc, context)

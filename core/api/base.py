"""What every API view shares: input shaping, id parsing and the documented error bodies.

Rules about the input live in the services; this module only turns HTTP into the plain
values the services take, and refuses what could never be a value (a NUL character, an id
too large for the database) before it reaches them.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.fields import SkipField, empty

from core.errors import ValidationFailed
from core.validation import MAX_ID, id_from_text


def object_id(value: Any) -> int:
    """A URL's id as an int, or a 404 (the router already allows digits only)."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 1 <= number <= MAX_ID:
        raise NotFound()
    return number


def reference_id(field: str, value: Any, message: str) -> int | None:
    """An id given in a body or a query string: None when absent, ValidationFailed when not an id."""
    if value in (None, ""):
        return None
    if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
        raise ValidationFailed.one(field, message)
    if isinstance(value, int | float):  # a JSON number: whole, as the checks above made sure
        value = str(int(value))
    number = id_from_text(value)  # digits 0-9 only: int() also reads other scripts' digits
    if number is None:
        raise ValidationFailed.one(field, message)
    return number


def query_bool(request, name: str, *, default: bool) -> bool:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise ValidationFailed.one(name, f"{name} must be true or false.")


def object_body(request) -> dict[str, Any]:
    """The JSON body as a dict; a list, a string or a number is refused with a clear message."""
    data = request.data
    if hasattr(data, "dict") and not isinstance(data, dict):  # form input (browsable API)
        data = data.dict()
    if not isinstance(data, dict):
        raise ValidationFailed.one("non_field_errors", "The request body must be a JSON object.")
    return data


MAX_NESTING = 32  # no input of the portal nests deeper than a few levels


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(text: str) -> bool:
    return _LONE_SURROGATE.search(text) is not None


def _refusal(text: str) -> str | None:
    if "\x00" in text:
        return "Null characters are not allowed."
    if _lone_surrogate(text):
        return "Text must be valid Unicode; a lone surrogate (such as \\ud800) is not."
    return None


def _unstorable(value: Any) -> tuple[str, str] | None:
    """(field, message) for the first text no rule of the portal could take, else None.

    A NUL character (PostgreSQL cannot even compare it), a lone surrogate (JSON's "\\ud800" is
    not Unicode text: it cannot be encoded, stored or shown), or nesting deeper than any input
    has. Walked without recursion, so a deep body cannot exhaust the stack here either.
    """
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, field, depth = stack.pop()
        if depth > MAX_NESTING:
            return field or "non_field_errors", f"The input is nested more than {MAX_NESTING} levels deep."
        if isinstance(item, str):
            message = _refusal(item)
            if message:
                return field or "non_field_errors", message
        elif isinstance(item, dict):
            for key in item:
                message = _refusal(str(key))
                if message:
                    return field or str(key), message
            stack.extend((child, field or str(key), depth + 1) for key, child in reversed(list(item.items())))
        elif isinstance(item, (list, tuple)):
            stack.extend((child, field, depth + 1) for child in reversed(item))
    return None


class PortalAPIMixin:
    """Refuses what no rule of the portal accepts before any view or service sees it: NUL
    characters (as Django's own form fields do), lone surrogates and absurd nesting."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for key, values in request.query_params.lists():
            for value in [key, *values]:
                if "\x00" in value:
                    raise ValidationFailed.one(key.replace("\x00", "") or "query", "Null characters are not allowed.")
        if request.method in ("POST", "PUT", "PATCH"):
            found = _unstorable(request.data)
            if found is not None:
                field, message = found
                clean = "".join(c for c in field if c != "\x00" and not _lone_surrogate(c))
                raise ValidationFailed.one(clean or "non_field_errors", message)


class RawField(serializers.JSONField):
    """An input value passed on exactly as sent: the service checks it and words the message.

    A missing value is left out (not refused here), so the service's own "is required"
    message is the one a client sees, the same as in the wizard.
    """

    def validate_empty_values(self, data):
        if data is empty:
            raise SkipField()
        return (False, data)

    def to_internal_value(self, data):
        return data


@extend_schema_field(OpenApiTypes.STR)
class RawString(RawField):
    """Text, as sent; a number is taken as its digits, anything else (a list, an object) is refused."""

    default_error_messages = {"not_text": "This field must be text."}

    def to_internal_value(self, data):
        if data is None or isinstance(data, str):
            return data
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return str(data)
        self.fail("not_text")


@extend_schema_field(OpenApiTypes.INT)
class RawInteger(RawField):
    pass


def documented(field_class: type[RawField], schema: dict[str, Any], **kwargs) -> RawField:
    """A raw field whose schema states the rule the service enforces (an enum, a pattern, a length).

    The value still reaches the service as sent, so a breach gets the service's own message
    naming the field; the schema tells generated clients and their type checkers the rule first.
    """
    name = f"Documented{field_class.__name__}"
    return extend_schema_field(schema)(type(name, (field_class,), {}))(**kwargs)


@extend_schema_field(OpenApiTypes.BOOL)
class RawBoolean(RawField):
    pass


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class RawStringList(RawField):
    pass


@extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
class RawStringMap(RawField):
    """An object of text values, as sent; any other shape is passed on for the service to word its refusal."""

    default_error_messages = {"not_text": "Each value must be text; '{name}' holds {kind}."}
    _NOT_TEXT = ((bool, "true or false"), (list, "a list"), (dict, "an object"))

    def to_internal_value(self, data):
        if isinstance(data, dict):
            for key, value in data.items():
                kind = next((name for type_, name in self._NOT_TEXT if isinstance(value, type_)), None)
                if kind:
                    self.fail("not_text", name=str(key)[:64], kind=kind)
        return data


# --- Documented error bodies -------------------------------------------------------------

FIELD_ERRORS = OpenApiResponse(
    response={
        "type": "object",
        "description": "Each field's messages (`non_field_errors` for the body as a whole), or a `detail`.",
        "additionalProperties": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]},
    },
    description="Input broke a rule; each field names its messages.",
)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    missing_permissions = serializers.ListField(child=serializers.CharField(), required=False)
    field = serializers.CharField(required=False)


DETAIL_ERROR = ErrorSerializer

UNAUTHORIZED = OpenApiResponse(ErrorSerializer, description="No valid token or session.")
FORBIDDEN = OpenApiResponse(
    ErrorSerializer,
    description="A permission is missing (`missing_permissions` names it), or a rule forbids this use of one "
    "(`detail` names the rule: nobody grants a permission they do not hold).",
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such object in your tenant.")
CONFLICT = OpenApiResponse(ErrorSerializer, description="The object's current state does not allow this.")
TOO_MANY = OpenApiResponse(
    ErrorSerializer,
    description="Too many requests of this kind; the `Retry-After` header says how many seconds to wait.",
)


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error responses of an operation (401 and 403 are always possible)."""
    table = {400: FIELD_ERRORS, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT, 429: TOO_MANY}
    return {code: table[code] for code in sorted({401, 403, *codes})}


ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The object's id.")

"""The one application error type, translated once for the pages and once for the API."""

from __future__ import annotations


class PortalError(Exception):
    """A refusal a person can act on. `field` names the input it is about, if any."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class ValidationFailed(PortalError):
    """Input broke one or more rules; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = {field: list(messages) for field, messages in errors.items()}
        first_field, first_messages = next(iter(self.errors.items()))
        super().__init__(first_messages[0], field=first_field)

    @classmethod
    def one(cls, field: str, message: str) -> ValidationFailed:
        return cls({field: [message]})


class PermissionMissing(PortalError):
    """The user lacks one or more catalogue permissions for the action."""

    status = 403

    def __init__(self, action: str, missing: list[str]):
        self.action = action
        self.missing = missing
        names = ", ".join(missing)
        super().__init__(f"You need the permission {names} to {action}.", code="permission_denied")


class Forbidden(PortalError):
    """The user holds the action's permissions, but a rule forbids this use of them (the message names it)."""

    status = 403

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field, code="forbidden")


class RateLimited(PortalError):
    """Too many requests of one kind from one user; `retry_after` says in how many seconds to try again."""

    status = 429

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message, code="throttled")
        self.retry_after = max(1, int(retry_after))


class Conflict(PortalError):
    """The action cannot happen in the object's current state (e.g. an endpoint still in use)."""

    status = 409


def error_text(exc: PortalError) -> str:
    """The refusal in one line for a page's message: every field's messages, or the one message."""
    if isinstance(exc, ValidationFailed):
        return " ".join(m for messages in exc.errors.values() for m in messages)
    return exc.message

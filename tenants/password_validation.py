"""The portal's own password rules, beside Django's (AUTH_PASSWORD_VALIDATORS).

Every way a password is set (the Users & Roles page, the API, `create_tenant`) goes through
`validate_password`, so these apply everywhere alike.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError


def _invisible(character: str) -> bool:
    # Whitespace, and format characters such as the zero-width space, which print as nothing.
    return character.isspace() or unicodedata.category(character) == "Cf"


class NotOnlyWhitespaceValidator:
    """A password made only of spaces (or other characters that print as nothing) is refused.

    Eight spaces pass Django's length rule, yet look like no password at all and are the first
    thing a guesser tries after the empty one.
    """

    message = (
        "This password is only spaces or other invisible characters. Use letters, digits or symbols too; "
        "spaces between words are fine."
    )

    def validate(self, password: str, user=None) -> None:
        if password and all(_invisible(c) for c in password):
            raise ValidationError(self.message, code="password_only_whitespace")

    def get_help_text(self) -> str:
        return "Your password can't be only spaces or other invisible characters."


class TypeableTextValidator:
    """A password must be text the login form accepts back.

    The login form refuses a null character, and a lone surrogate (or the replacement
    character, which is what a page form makes of bytes that are not UTF-8) cannot be typed
    again: either would set a password nobody can log in with.
    """

    def validate(self, password: str, user=None) -> None:
        if "\x00" in password:
            raise ValidationError(
                "This password contains a null character, which the login form refuses; choose another.",
                code="password_null_character",
            )
        if any(0xD800 <= ord(c) <= 0xDFFF or c == "\ufffd" for c in password):
            raise ValidationError(
                "This password contains characters that are not valid text (a lone surrogate, or bytes "
                "that are not UTF-8); type it again with characters your keyboard produces.",
                code="password_not_text",
            )

    def get_help_text(self) -> str:
        return "Your password can't contain a null character or characters that are not valid text."

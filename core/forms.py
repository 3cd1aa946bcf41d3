"""Form fields the apps' page forms and filters share."""

from __future__ import annotations

from datetime import UTC

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone

from .validation import text_refusal


class MomentField(forms.DateTimeField):
    """ISO 8601 (or any of Django's date/time input formats), UTC when it names no offset."""

    def __init__(self, *, name: str, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": f"{name} must be an ISO 8601 time, e.g. 2026-01-31T08:00:00Z.",
                "out_of_range": f"{name} is out of range.",
            },
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        with timezone.override(UTC):  # a time without an offset is UTC, whatever the settings say
            moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(UTC)
        except OverflowError:  # e.g. year 1 with a positive offset: before the first UTC instant
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range") from None


class PageTextField(forms.CharField):
    """A CharField that refuses what `text_refusal` refuses, with a message naming the field."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Replaced by the check below, whose message names the field.
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def validate(self, value):
        super().validate(value)
        message = text_refusal(str(self.label or "This field"), value)
        if message:
            raise forms.ValidationError(message, code="not_text")


class AsTypedField(forms.CharField):
    """Text handed to the service exactly as typed, a null character included: the service's
    rules (the username's, the password validators) refuse it and name the field."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

"""Error reports that never show a secret: Django's debug page (DEBUG on) and the error mail.

Django's SafeExceptionReporterFilter hides settings and request headers whose names look
secret, but with DEBUG on it shows POST parameters and every stack frame's locals as they
are, and frame locals are where the portal's secrets pass by: the AWS keys a person typed
into the wizard, the credentials a worker builds a boto3 client from, a decrypted token. This
filter works the same with DEBUG on and off and hides:

- any local, POST or GET parameter, setting or header whose name looks secret (key, secret,
  token, password, credential, signature, auth, cookie, csrf);
- inside any other value, whatever looks like a credential wherever it sits: an AWS access key
  id, a 40-character AWS secret key, the password of a URL (`redis://:pw@host`), and this
  portal's own SECRET_KEY and encryption keys.

The reporter applies the same redaction to the exception's message and the request's URL.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote_plus

from django.conf import settings
from django.template.defaultfilters import pprint
from django.utils.datastructures import MultiValueDict
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

SUBSTITUTE = SafeExceptionReporterFilter.cleansed_substitute
SECRET_NAMES = re.compile(r"API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|CREDENTIAL|COOKIE|CSRF", re.IGNORECASE)
SECRET_SHAPES = re.compile(
    # AWS access key ids (long-term AKIA, temporary ASIA).
    r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])"
    # AWS secret access keys: exactly 40 characters of base64's alphabet.
    r"|(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"
    # The password of a URL with credentials (broker, cache and database URLs).
    r"|(?<=://)[^/\s:@]*:[^/\s@]+(?=@)"
)


@lru_cache(maxsize=8)
def _own_secrets(secret_key: str, encryption_keys: str) -> tuple[str, ...]:
    keys = [secret_key]
    for entry in encryption_keys.split(","):
        keys.append(entry.partition(":")[2].strip())
    return tuple(key for key in keys if len(key) >= 8)


def _redact(text: str) -> str:
    for secret in _own_secrets(str(settings.SECRET_KEY), str(getattr(settings, "PORTAL_ENCRYPTION_KEYS", ""))):
        text = text.replace(secret, SUBSTITUTE)
    return SECRET_SHAPES.sub(SUBSTITUTE, text)


def redact(text: str) -> str:
    """The text with everything that looks like a credential replaced by the substitute.

    A URL or query string carries a secret percent-encoded (an AWS secret key's `/` as `%2F`):
    such text is shown decoded when that reveals one, so that it is hidden as well.
    """
    shown = _redact(text)
    if "%" in shown or "+" in shown:
        decoded = unquote_plus(shown)
        hidden = _redact(decoded)
        if hidden != decoded:
            return hidden
    return shown


class Shown:
    """A value as the report shows it (its repr, redacted), so Django prints it without quotes."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


class PortalExceptionReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = SECRET_NAMES

    def is_active(self, request):
        # The default is off with DEBUG on: exactly when the page shows everything to the browser.
        return True

    def cleanse_setting(self, key, value):
        cleansed = super().cleanse_setting(key, value)
        if isinstance(cleansed, str):
            return redact(cleansed)
        return cleansed

    def cleanse_value(self, name, value):
        """One local or parameter: hidden whole if its name looks secret, else shown redacted."""
        if isinstance(name, str) and SECRET_NAMES.search(name):
            return SUBSTITUTE
        if isinstance(value, dict | list | tuple):
            # Keys of nested dicts are judged by name too (a request body, a boto3 call's params).
            value = self.cleanse_setting("", value)
        # Formatted once here, as Django would (a QuerySet is not evaluated twice), then redacted.
        return Shown(redact(pprint(value)))

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (name, self.cleanse_value(name, value))
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return self.cleanse_parameters(super().get_post_parameters(request))

    def cleanse_parameters(self, parameters) -> MultiValueDict:
        cleansed = MultiValueDict()
        for name, values in parameters.lists():
            for value in values:
                cleansed.appendlist(name, SUBSTITUTE if SECRET_NAMES.search(name) else redact(str(value)))
        return cleansed


class PortalExceptionReporter(ExceptionReporter):
    """Django's reporter with the exception's message, the URL and the GET parameters redacted too."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if "exception_value" in data:
            data["exception_value"] = redact(data["exception_value"])
        if "request_insecure_uri" in data:
            data["request_insecure_uri"] = redact(data["request_insecure_uri"])
        if self.request is not None and isinstance(self.filter, PortalExceptionReporterFilter):
            data["request_GET_items"] = self.filter.cleanse_parameters(self.request.GET).items()
        for frame in data.get("frames", []):
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = redact(str(frame["exc_cause"]))
        return data

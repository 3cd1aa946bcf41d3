"""The one way the portal talks to AWS: boto3 clients built from a source's credentials, one
reading of what went wrong (`classify`) and one way of trying again (`backoff`, `retrying`).

boto3 honours the standard configuration on its own (AWS_ENDPOINT_URL,
AWS_ENDPOINT_URL_<SERVICE>, AWS_MAX_ATTEMPTS, ...), so pointing the whole portal at a local
emulator is one environment variable and there is no endpoint plumbing here.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError
from botocore.parsers import ResponseParserError

T = TypeVar("T")

# Standard retries absorb short throttling bursts inside one call; callers still treat a
# ThrottlingException that gets through as transient.
_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 4},
    connect_timeout=5,
    read_timeout=30,
    user_agent_appid="guardduty-external-sources",
)


@dataclass(frozen=True)
class AwsCredentials:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None
    expires_at: datetime | None = None  # temporary credentials (an assumed role) only

    def __repr__(self) -> str:  # never print the secret, even in a traceback
        return f"AwsCredentials(access_key_id='...{self.access_key_id[-4:]}')"

    @classmethod
    def of_source(cls, source) -> AwsCredentials:
        return cls(source.aws_access_key_id, source.aws_secret_access_key)


_sessions = threading.local()


def _shared_session() -> boto3.session.Session:
    """This thread's boto3 session. Building a session loads botocore's service and endpoint
    data, which costs far more than the pull that wants a client; boto3 sessions are not thread
    safe, so each thread keeps one. It never resolves credentials itself (every client built
    from it is given its own), and it reads AWS_ENDPOINT_URL and the rest at each client."""
    session = getattr(_sessions, "session", None)
    if session is None:
        session = _sessions.session = boto3.session.Session()
    return session


def client(service: str, *, region: str, credentials: AwsCredentials | None, config: Config | None = None):
    """A boto3 client acting with `credentials`; None acts as the portal itself (the standard AWS
    credential chain: environment, container role, instance profile)."""
    config = _CONFIG.merge(config) if config else _CONFIG
    if credentials is None:
        # A session of its own, so the chain is read now (a rotated instance role, a new key).
        return boto3.session.Session(region_name=region).client(service, config=config)
    return _shared_session().client(
        service,
        region_name=region,
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
        aws_session_token=credentials.session_token,
        config=config,
    )


# AWS's own limit for RoleSessionName: 2-64 of these characters.
_SESSION_NAME_UNSAFE = re.compile(r"[^\w+=,.@-]", re.ASCII)
ROLE_SESSION_SECONDS = 3600  # a role's default maximum session; longer needs the customer to raise it


def session_name(text: str) -> str:
    """`text` as a valid RoleSessionName (the customer sees it in CloudTrail as who acted)."""
    return _SESSION_NAME_UNSAFE.sub("-", text)[:64].ljust(2, "-")


def assume_role(
    *, role_arn: str, external_id: str, session_name: str, region: str, config: Config | None = None
) -> AwsCredentials:
    """Assume a customer's role as the portal itself, with the tenant's External ID.

    Raises what AWS raised (classify() sorts it); the credentials last ROLE_SESSION_SECONDS.
    """
    sts = client("sts", region=region, credentials=None, config=config)
    response = sts.assume_role(
        RoleArn=role_arn,
        RoleSessionName=session_name,
        ExternalId=external_id,
        DurationSeconds=ROLE_SESSION_SECONDS,
    )
    issued = response["Credentials"]
    expires_at = issued.get("Expiration")
    if isinstance(expires_at, str):  # botocore parses it; a proxy's odd format stays text
        expires_at = datetime.fromisoformat(expires_at.replace("Z", "+00:00"))
    return AwsCredentials(
        issued["AccessKeyId"], issued["SecretAccessKey"], issued.get("SessionToken"), expires_at=expires_at
    )


class TemporaryCredentialCache:
    """Temporary credentials kept in this process until shortly before they expire.

    One AssumeRole per key and process for most of an hour instead of one per pull: AWS limits
    AssumeRole calls, and every call is a CloudTrail entry in the customer's account. Never
    written anywhere but memory; a failed fetch is not kept, so the next use tries again.
    """

    def __init__(
        self, *, refresh_before: timedelta = timedelta(minutes=5), clock: Callable[[], datetime] | None = None
    ):
        self.refresh_before = refresh_before
        self._clock = clock or (lambda: datetime.now(UTC))
        self._entries: dict[Hashable, AwsCredentials] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, fetch: Callable[[], AwsCredentials]) -> AwsCredentials:
        with self._lock:
            held = self._entries.get(key)
            if held is not None and self._fresh(held):
                return held
        credentials = fetch()
        with self._lock:
            self._entries[key] = credentials
        return credentials

    def forget(self, match: Callable[[Hashable], bool] = lambda key: True) -> None:
        with self._lock:
            for key in [key for key in self._entries if match(key)]:
                del self._entries[key]

    def _fresh(self, credentials: AwsCredentials) -> bool:
        return credentials.expires_at is None or credentials.expires_at - self.refresh_before > self._clock()


def error_code(exc: Exception) -> str:
    """The AWS error code of a botocore ClientError ('' for anything else)."""
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "RequestThrottled",
        "SlowDown",
    }
)
INVALID_KEY_CODES = frozenset({"InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId"})
BAD_SECRET_CODES = frozenset({"SignatureDoesNotMatch", "IncompleteSignature"})
ACCESS_DENIED_CODES = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})
EXPIRED_CODES = frozenset({"ExpiredToken", "ExpiredTokenException"})
NOT_FOUND_CODES = frozenset({"ResourceNotFoundException", "StackSetNotFoundException"})
# Worth a retry whatever was asked: AWS is busy or had a moment (any 5xx counts too).
TRANSIENT_CODES = frozenset(
    {"OperationInProgressException", "InternalFailure", "InternalError", "ServiceUnavailable", "RequestTimeout"}
)
# AWS could not be reached, or what came back was not an AWS answer (an HTML error page from a
# proxy, say): both are treated as a network failure. The bases cover EndpointConnectionError,
# ConnectTimeoutError, ProxyConnectionError, SSLError, ReadTimeoutError and ConnectionClosedError.
NETWORK_ERRORS: tuple[type[Exception], ...] = (BotoConnectionError, HTTPClientError, ResponseParserError)


class Kind(StrEnum):
    """Why an AWS call failed, in the terms a caller acts on."""

    THROTTLED = "throttled"
    TRANSIENT = "transient"
    NETWORK = "network"
    INVALID_KEY = "invalid_key"
    BAD_SECRET = "bad_secret"  # noqa: S105 - a kind of failure, not a secret
    EXPIRED = "expired"
    ACCESS_DENIED = "access_denied"
    NOT_FOUND = "not_found"
    OTHER = "other"


RETRYABLE = frozenset({Kind.THROTTLED, Kind.TRANSIENT, Kind.NETWORK})


@dataclass(frozen=True)
class AwsFailure:
    """A failed AWS call, sorted: its kind, the real AWS error code and the human message."""

    kind: Kind
    code: str = ""  # "" when AWS did not answer (network) or the error is not AWS's
    message: str = ""
    status: int = 0  # the HTTP status of AWS's answer, 0 when there was none

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE


_XML_CODE = re.compile(r"<Code>([A-Za-z.]+)</Code>")
_XML_MESSAGE = re.compile(r"<Message>(.*?)</Message>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _code_of(exc: Exception, raw_message: str) -> str:
    code = error_code(exc)
    # CloudWatch Logs can answer a JSON call with an XML error body (a bare HTTP 403, say):
    # botocore then reports the HTTP status as the code and the XML as the message.
    if code.isdigit() or not code:
        match = _XML_CODE.search(raw_message)
        if match:
            return match.group(1)
    return code


def _message_of(raw_message: str) -> str:
    message = raw_message.strip()
    if message.startswith("<"):
        match = _XML_MESSAGE.search(message)
        message = match.group(1) if match else _TAG.sub(" ", message)
        message = " ".join(message.split())
    return message


def classify(exc: BaseException) -> AwsFailure:
    """Sort any exception an AWS call raised; anything that is not AWS's is Kind.OTHER."""
    if isinstance(exc, NETWORK_ERRORS):
        return AwsFailure(Kind.NETWORK, message=str(exc))
    if not isinstance(exc, ClientError):
        return AwsFailure(Kind.OTHER, message=str(exc))
    raw_message = str(exc.response.get("Error", {}).get("Message", ""))
    raw_code = error_code(exc)
    code = _code_of(exc, raw_message)
    status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
    if code in THROTTLING_CODES:
        kind = Kind.THROTTLED
    elif code in TRANSIENT_CODES or status >= 500:
        kind = Kind.TRANSIENT
    elif code in INVALID_KEY_CODES:
        kind = Kind.INVALID_KEY
    elif code in BAD_SECRET_CODES:
        kind = Kind.BAD_SECRET
    elif code in EXPIRED_CODES:
        kind = Kind.EXPIRED
    elif code in ACCESS_DENIED_CODES or raw_code == "403" or (status == 403 and "AccessDenied" in str(exc)):
        kind = Kind.ACCESS_DENIED
    elif code in NOT_FOUND_CODES:
        kind = Kind.NOT_FOUND
    else:
        kind = Kind.OTHER
    return AwsFailure(kind, code=code, message=_message_of(raw_message), status=status)


def backoff(attempt: int, *, base: float = 1.0, cap: float = 20.0, jitter: float = 1.0) -> float:
    """Seconds to wait before retry number `attempt` (1, 2, ...): exponential, capped, jittered.

    The ceiling is min(cap, base * 2**attempt); `jitter` is the share of it that is random:
    1.0 (full jitter) waits anywhere in [0, ceiling], 0.5 in [ceiling / 2, ceiling]. Jitter keeps
    workers that failed together from retrying together.
    """
    ceiling = min(cap, base * 2.0**attempt)
    return random.uniform(ceiling * (1.0 - jitter), ceiling)


def retrying(
    call: Callable[[], T],
    *,
    attempts: int,
    retry_on: Collection[Kind] = RETRYABLE,
    before_attempt: Callable[[], object] | None = None,
    on_retry: Callable[[AwsFailure, int, float], object] | None = None,
    base: float = 1.0,
    cap: float = 20.0,
    sleep: Callable[[float], object] = time.sleep,
) -> T:
    """Call `call()` up to `attempts` times, retrying only failures of a kind in `retry_on`.

    `before_attempt()` runs before every attempt (a rate limiter's acquire, say);
    `on_retry(failure, attempt, delay)` runs after failed attempt number `attempt`, just before
    sleeping `delay` seconds (full-jitter `backoff(attempt, base=base, cap=cap)`). Any other
    failure, and the last one when attempts run out, is raised as it came.
    """
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, not {attempts}")
    attempt = 0
    while True:
        attempt += 1
        if before_attempt is not None:
            before_attempt()
        try:
            return call()
        except Exception as exc:
            failure = classify(exc)
            if failure.kind not in retry_on or attempt >= attempts:
                raise
            delay = backoff(attempt, base=base, cap=cap)
            if on_retry is not None:
                on_retry(failure, attempt, delay)
            sleep(delay)

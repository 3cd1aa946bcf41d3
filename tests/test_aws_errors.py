"""Reading AWS failures and trying again: `core.aws.classify`, `backoff` and `retrying`.

The ClientErrors are what botocore itself makes of an HTTP answer (its own response parsers),
the network failures are botocore's own exception classes, and the last tests call the
emulator through the fault proxy over HTTP.
"""

from __future__ import annotations

import boto3
import pytest
from botocore import parsers
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
    SSLError,
)
from botocore.parsers import ResponseParserError

from core import aws
from core.aws import AwsFailure, Kind, backoff, classify, retrying
from tests.conftest import ACCESS_KEY, SECRET_KEY

NO_RETRY = Config(retries={"mode": "standard", "total_max_attempts": 1})  # every attempt is ours to count
LOGS_403_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Type>Sender</Type>'
    b"<Code>AccessDeniedException</Code><Message>User: arn:aws:iam::123456789012:user/reader is not "
    b"authorized to perform: logs:FilterLogEvents</Message></Error><RequestId>1a2b</RequestId></ErrorResponse>"
)


def json_error(status: int, body: bytes, operation: str = "FilterLogEvents") -> ClientError:
    """The ClientError botocore raises when a JSON-protocol service (CloudWatch Logs) answers `body`."""
    parsed = parsers.create_parser("json").parse({"status_code": status, "headers": {}, "body": body}, None)
    return ClientError(parsed, operation)


def aws_json_error(status: int, code: str, message: str) -> ClientError:
    body = f'{{"__type": "{code}", "message": "{message}"}}'.encode()
    return json_error(status, body)


def query_error(status: int, code: str, message: str, operation: str = "DescribeStacks") -> ClientError:
    """The ClientError botocore raises when a query-protocol service (CloudFormation, STS) refuses."""
    body = (
        f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
        "<RequestId>1a2b</RequestId></ErrorResponse>"
    ).encode()
    parsed = parsers.create_parser("query").parse({"status_code": status, "headers": {}, "body": body}, None)
    return ClientError(parsed, operation)


# --- classify


@pytest.mark.parametrize("code", sorted(aws.THROTTLING_CODES))
def test_it_reads_every_throttling_code_as_throttled(code):
    assert classify(query_error(400, code, "Rate exceeded")) == AwsFailure(Kind.THROTTLED, code, "Rate exceeded", 400)


def test_it_reads_a_json_throttle_with_its_message():
    failure = classify(aws_json_error(400, "ThrottlingException", "Rate exceeded"))
    assert (failure.kind, failure.code, failure.message) == (Kind.THROTTLED, "ThrottlingException", "Rate exceeded")
    assert failure.retryable


@pytest.mark.parametrize("code", sorted(aws.TRANSIENT_CODES))
def test_it_reads_aws_having_a_moment_as_transient(code):
    failure = classify(query_error(400, code, "Try again"))
    assert failure.kind == Kind.TRANSIENT and failure.retryable


def test_it_reads_any_5xx_as_transient_even_without_a_code_it_knows():
    failure = classify(json_error(503, b"<html><body>Service Unavailable</body></html>"))
    assert (failure.kind, failure.code, failure.status) == (Kind.TRANSIENT, "503", 503)
    assert classify(query_error(500, "SomethingOdd", "Boom")).kind == Kind.TRANSIENT


@pytest.mark.parametrize(
    "exc",
    [
        EndpointConnectionError(endpoint_url="https://logs.eu-west-1.amazonaws.com/"),
        ConnectTimeoutError(endpoint_url="https://logs.eu-west-1.amazonaws.com/"),
        ReadTimeoutError(endpoint_url="https://logs.eu-west-1.amazonaws.com/"),
        ConnectionClosedError(endpoint_url="https://logs.eu-west-1.amazonaws.com/"),
        SSLError(endpoint_url="https://logs.eu-west-1.amazonaws.com/", error="certificate verify failed"),
        ResponseParserError("Unable to parse response, invalid XML received"),
    ],
    ids=lambda exc: type(exc).__name__,
)
def test_it_reads_unreachable_aws_and_garbled_answers_as_network(exc):
    failure = classify(exc)
    assert (failure.kind, failure.code, failure.status) == (Kind.NETWORK, "", 0)
    assert failure.message and failure.retryable
    assert isinstance(exc, aws.NETWORK_ERRORS)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("InvalidClientTokenId", Kind.INVALID_KEY),
        ("UnrecognizedClientException", Kind.INVALID_KEY),
        ("InvalidAccessKeyId", Kind.INVALID_KEY),
        ("SignatureDoesNotMatch", Kind.BAD_SECRET),
        ("IncompleteSignature", Kind.BAD_SECRET),
        ("ExpiredToken", Kind.EXPIRED),
        ("ExpiredTokenException", Kind.EXPIRED),
        ("AccessDenied", Kind.ACCESS_DENIED),
        ("AccessDeniedException", Kind.ACCESS_DENIED),
        ("UnauthorizedOperation", Kind.ACCESS_DENIED),
        ("ResourceNotFoundException", Kind.NOT_FOUND),
        ("StackSetNotFoundException", Kind.NOT_FOUND),
        ("ValidationError", Kind.OTHER),
    ],
)
def test_it_sorts_refusals_a_person_must_fix(code, kind):
    failure = classify(query_error(403 if kind != Kind.OTHER else 400, code, "Refused"))
    assert (failure.kind, failure.code, failure.message) == (kind, code, "Refused")
    assert not failure.retryable


def test_a_bare_403_with_an_xml_body_gives_the_real_code_and_message():
    # CloudWatch Logs answered a JSON call with an XML error: botocore reports code "403".
    exc = json_error(403, LOGS_403_XML)
    assert aws.error_code(exc) == "403"
    failure = classify(exc)
    assert failure == AwsFailure(
        Kind.ACCESS_DENIED,
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/reader is not authorized to perform: logs:FilterLogEvents",
        403,
    )


def test_an_xml_body_can_carry_any_code_not_only_a_denial():
    body = LOGS_403_XML.replace(b"AccessDeniedException", b"ThrottlingException")
    assert classify(json_error(400, body)).kind == Kind.THROTTLED
    body = LOGS_403_XML.replace(b"AccessDeniedException", b"SignatureDoesNotMatch")
    assert classify(json_error(403, body)).kind == Kind.BAD_SECRET


def test_a_bare_403_without_a_body_is_access_denied():
    failure = classify(json_error(403, b""))
    assert (failure.kind, failure.code, failure.status) == (Kind.ACCESS_DENIED, "403", 403)


def test_an_xml_body_without_a_message_is_shown_without_its_tags():
    failure = classify(json_error(400, b"<Error><Code>Odd.Thing</Code><Detail>  no\nmessage </Detail></Error>"))
    assert (failure.kind, failure.code, failure.message) == (Kind.OTHER, "Odd.Thing", "Odd.Thing no message")


def test_what_is_not_aws_is_other():
    assert classify(NoCredentialsError()).kind == Kind.OTHER
    assert classify(ValueError("bad")) == AwsFailure(Kind.OTHER, message="bad")


# --- backoff


def test_the_backoff_grows_to_its_cap_with_full_jitter():
    for attempt in range(1, 12):
        ceiling = min(20.0, 0.25 * 2**attempt)
        delays = [backoff(attempt, base=0.25, cap=20.0) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling / 2 and min(delays) < ceiling / 2  # spread over the whole range
    assert max(backoff(30, base=0.25, cap=20.0) for _ in range(50)) <= 20.0


def test_a_partial_jitter_keeps_a_floor():
    delays = [backoff(attempt, base=1.0, cap=120.0, jitter=0.5) for attempt in range(1, 9) for _ in range(20)]
    ceilings = [min(120.0, 2.0**attempt) for attempt in range(1, 9) for _ in range(20)]
    assert all(c / 2 <= d <= c for c, d in zip(ceilings, delays, strict=True))
    assert backoff(3, jitter=0.0) == 8.0


# --- retrying


def failing(*errors: BaseException, result="done"):
    """A call that raises `errors` one by one, then returns `result`; it counts its calls."""
    remaining = list(errors)

    def call():
        call.count += 1
        if remaining:
            raise remaining.pop(0)
        return result

    call.count = 0
    return call


def test_it_retries_throttling_network_and_transient_failures_then_returns():
    call = failing(
        aws_json_error(400, "ThrottlingException", "Rate exceeded"),
        EndpointConnectionError(endpoint_url="https://logs.us-east-1.amazonaws.com/"),
        query_error(500, "InternalFailure", "Oops"),
    )
    slept, retried, before = [], [], []
    result = retrying(
        call,
        attempts=4,
        before_attempt=lambda: before.append(call.count),
        on_retry=lambda failure, attempt, delay: retried.append((failure.kind, attempt, delay)),
        base=0.25,
        cap=20.0,
        sleep=slept.append,
    )
    assert result == "done" and call.count == 4
    assert before == [0, 1, 2, 3]  # before every attempt, the first included
    assert [(kind, attempt) for kind, attempt, _ in retried] == [
        (Kind.THROTTLED, 1),
        (Kind.NETWORK, 2),
        (Kind.TRANSIENT, 3),
    ]
    assert slept == [delay for _, _, delay in retried]
    assert all(0 <= d <= min(20.0, 0.25 * 2**n) for n, d in enumerate(slept, start=1))


def test_it_raises_the_last_failure_when_attempts_run_out():
    errors = [aws_json_error(400, "ThrottlingException", f"Rate exceeded {n}") for n in range(5)]
    call = failing(*errors)
    retried = []
    with pytest.raises(ClientError) as caught:
        retrying(call, attempts=3, on_retry=lambda *args: retried.append(args[1]), sleep=lambda _: None)
    assert caught.value is errors[2]
    assert call.count == 3 and retried == [1, 2]


def test_it_never_retries_a_refusal_a_person_must_fix():
    denied = json_error(403, LOGS_403_XML)
    call = failing(denied)
    slept = []
    with pytest.raises(ClientError) as caught:
        retrying(call, attempts=5, sleep=slept.append)
    assert caught.value is denied and call.count == 1 and slept == []
    bug = failing(KeyError("not AWS"))
    with pytest.raises(KeyError):
        retrying(bug, attempts=5, sleep=slept.append)
    assert bug.count == 1 and slept == []


def test_it_retries_only_the_kinds_it_is_told():
    unreachable = EndpointConnectionError(endpoint_url="https://logs.us-east-1.amazonaws.com/")
    call = failing(aws_json_error(400, "ThrottlingException", "Rate exceeded"), unreachable)
    with pytest.raises(EndpointConnectionError):
        retrying(call, attempts=5, retry_on={Kind.THROTTLED}, sleep=lambda _: None)
    assert call.count == 2


def test_it_needs_at_least_one_attempt():
    with pytest.raises(ValueError, match="at least 1"):
        retrying(lambda: None, attempts=0)


# --- against the emulator, over HTTP


def logs_client(url: str):
    return boto3.client(
        "logs",
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=NO_RETRY,
    )


def test_it_rides_out_real_throttling_from_cloudwatch_logs(aws_faults):
    logs = logs_client(aws_faults.url)
    logs.create_log_group(logGroupName="g")
    aws_faults.inject("FilterLogEvents", "ThrottlingException", times=2)
    retried = []
    response = retrying(
        lambda: logs.filter_log_events(logGroupName="g"),
        attempts=3,
        on_retry=lambda failure, attempt, delay: retried.append((failure.kind, failure.code)),
        sleep=lambda _: None,
    )
    assert response["events"] == []
    assert retried == [(Kind.THROTTLED, "ThrottlingException")] * 2
    assert aws_faults.injected("FilterLogEvents") == 2


def test_a_missing_log_group_is_not_found_and_not_retried(aws):
    logs = logs_client(aws.url)
    with pytest.raises(ClientError) as caught:
        retrying(lambda: logs.filter_log_events(logGroupName="missing"), attempts=3, sleep=lambda _: None)
    failure = classify(caught.value)
    assert (failure.kind, failure.code, failure.status) == (Kind.NOT_FOUND, "ResourceNotFoundException", 400)

"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis).

Schemathesis reads /api/schema/ and, for every operation, generates requests that fit the
schema and requests that break it, and sends them to the portal's WSGI application
in-process, as alice, with real data in place (an endpoint and a log source, so small ids
hit real objects; AWS is the emulator). Two checks on every response: it is not a server
error, and when its status is documented, its body matches the documented schema.
Bounded by SCHEMATHESIS_MAX_EXAMPLES per operation and mode (default 15) so CI stays short.

Hypothesis drives each operation directly (rather than schemathesis' pytest plugin), so
every operation runs inside the one test's database transaction.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from tenants.models import ApiToken

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))


@pytest.fixture
def in_test_transaction():
    """Keep the test's database connection open across WSGI requests, as Django's test client does.

    The WSGI handler closes the connection when a request starts and finishes; inside a test
    that would end the test's transaction (and its data) after the first request.
    """
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def test_the_api_never_fails_and_always_matches_its_schema(aws, alice, source, in_test_transaction):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    headers = {"Authorization": f"Token {ApiToken.issue(alice)[1]}"}
    checks = [not_a_server_error, response_schema_conformance]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures: list[str] = []
    calls = 0

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            def fuzz(case):
                nonlocal calls
                calls += 1
                case.call_and_validate(headers=headers, checks=checks)

            try:
                fuzz()
            except Unsatisfiable:
                # An operation without parameters or body has no request that breaks its schema.
                assert mode == GenerationMode.NEGATIVE, operation.label
            except Exception as exc:  # collect every operation's failure, then report them all
                failures.append(f"{operation.label} ({mode}): {exc}")

    assert not failures, "\n\n".join(failures)
    assert calls >= len(operations) * MAX_EXAMPLES // 2

"""Credentials never leave in clear: the whole journey of a log source, then everything it left behind.

Two sources are created with the known test credentials (one through the wizard, one through
the API) and one-time deploy credentials are given to a launch, a change and a deploy. Then
every response (pages, API, exports, errors with DEBUG on and off), every log record, every
message and key in the broker and every text, JSON and binary cell of every table (session
data decoded) is searched for the secret keys and full access key ids, in clear or encoded
(percent, JSON, HTML escapes, base64, zlib). Each place is counted.
"""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from collection.models import PullUnit
from collection.services import log_events_pull
from log_sources.models import LogSource
from tenants.models import ApiToken
from tests import cloudwatch
from tests.conftest import (
    ACCESS_KEY,
    ACCOUNT,
    DEPLOY_ACCESS_KEY,
    DEPLOY_SECRET_KEY,
    PASSWORD,
    SECRET_KEY,
    SECRETS,
    forget_rate_limit_counts,
)
from tests.sweeps.calls import content
from tests.sweeps.probes import (
    broker_forget,
    broker_items,
    decodings,
    masked,
    message_task,
    report,
    secrets_in,
    textual_cells,
)
from tests.sweeps.routes import all_routes

DEPLOY = {"aws_access_key_id": DEPLOY_ACCESS_KEY, "aws_secret_access_key": DEPLOY_SECRET_KEY}
BROKEN_AWS = "http://[::1"  # an endpoint URL botocore cannot parse: the call fails inside the view


class Journey:
    """Every response of the journey, streamed ones read whole, with where it came from."""

    def __init__(self):
        self.responses: list[tuple[str, bytes]] = []

    def keep(self, where: str, response, *, expect: tuple[int, ...] = ()):
        body = content(response)
        self.responses.append((where, body))
        if expect:
            assert response.status_code in expect, (where, response.status_code, body[:300])
        return response


@pytest.fixture
def clients(people):
    alice = people["alice"]
    pages = Client(raise_request_exception=False)
    pages.force_login(alice)
    raw_token = ApiToken.issue(alice)[1]
    api = APIClient(raise_request_exception=False)
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw_token}")
    staff = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    admin = Client(raise_request_exception=False)
    admin.force_login(staff)
    return {"pages": pages, "api": api, "admin": admin, "token": raw_token}


@pytest.fixture
def broker_before():
    """The broker's contents before the test; whatever message the test added is removed after it,
    so no later worker runs a task of a rolled-back test."""
    before = {(item.where, item.raw) for item in broker_items()}
    yield before
    broker_forget([item for item in broker_items() if item.is_message and (item.where, item.raw) not in before])


def _wizard(journey: Journey, pages: Client, endpoint_id: int) -> LogSource:
    start = pages.get(reverse("log_sources:add"))
    wid = start.url.split("/add/")[1].split("/")[0]
    step = lambda n: reverse("log_sources:wizard", args=[wid, n])  # noqa: E731
    journey.keep("wizard step 1", pages.get(step(1)), expect=(200,))
    first = {"endpoint": endpoint_id, "source_type": "guardduty", "hostname": "guardduty.amazonaws.com"}
    first.update({"protocol": "AWS CloudWatch Logs (HTTPS)", "nav": "next"})
    journey.keep("wizard step 1 saved", pages.post(step(1), first), expect=(302,))
    keys = {"aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": SECRET_KEY}
    refused = pages.post(step(2), {**keys, "aws_account_number": "12345", "nav": "next"})
    journey.keep("wizard step 2 refused with the keys typed", refused, expect=(400,))
    journey.keep("wizard step 2 saved", pages.post(step(2), {**keys, "aws_account_number": ACCOUNT}), expect=(302,))
    journey.keep("wizard step 2 again (keys kept)", pages.get(step(2)), expect=(200,))
    check = {**keys, "aws_account_number": ACCOUNT, "regions": ["us-east-1"]}
    journey.keep("wizard Test connection", pages.post(reverse("deployments:check"), check), expect=(200,))
    regions = {"regions": ["us-east-1", "eu-west-1"], "nav": "next"}
    journey.keep("wizard step 3 saved", pages.post(step(3), regions), expect=(302,))
    deployment = {"mode": "stackset", "stack_name": "", "log_retention_days": "3", "tags": "team=zeta", "nav": "next"}
    journey.keep("wizard step 4 saved", pages.post(step(4), deployment), expect=(302,))
    journey.keep("wizard review", pages.get(step(5)), expect=(200,))
    saved = journey.keep("wizard saved", pages.post(step(5), {"nav": "save"}), expect=(302,))
    return LogSource.objects.get(pk=int(saved.url.rstrip("/").rsplit("/", 1)[1]))


def _pages(journey: Journey, pages: Client, source: LogSource, capture) -> None:
    detail = reverse("log_sources:detail", args=[source.pk])
    journey.keep("source page", pages.get(detail), expect=(200,))
    edit = reverse("deployments:source_edit", args=[source.pk])
    journey.keep("edit page", pages.get(edit), expect=(200,))
    change = {
        "regions": ["us-east-1", "eu-west-1"],
        "log_retention_days": "7",
        "tags": "team=zeta",
        "credentials": "deploy",
        "deploy_access_key_id": DEPLOY_ACCESS_KEY,
        "deploy_secret_access_key": DEPLOY_SECRET_KEY,
    }
    journey.keep("edit saved with deploy keys", pages.post(edit, change), expect=(200, 302))
    launch = {"credentials": "deploy", "deploy_access_key_id": DEPLOY_ACCESS_KEY}
    launch["deploy_secret_access_key"] = DEPLOY_SECRET_KEY
    with capture(execute=True):
        answer = pages.post(reverse("deployments:launch", args=[source.pk]), launch)
    journey.keep("Launch for me with deploy keys", answer, expect=(302,))
    journey.keep("launch progress", pages.get(reverse("deployments:progress", args=[source.pk])), expect=(200,))
    operation = source.deploy_operations.order_by("-pk").first()
    journey.keep("operation page", pages.get(reverse("deployments:operation", args=[operation.pk])), expect=(200,))
    verify = pages.post(reverse("deployments:verify", args=[source.pk]), HTTP_ACCEPT="application/json")
    journey.keep("Test connection", verify, expect=(200,))
    journey.keep("source page after all that", pages.get(detail), expect=(200,))
    # Credentials replaced in place: the keys rotated (to the deploy pair), then a role refused.
    credentials = reverse("deployments:source_credentials", args=[source.pk])
    journey.keep("replace credentials page", pages.get(credentials), expect=(200,))
    rotate = {
        "credential_type": "access_key",
        "aws_access_key_id": DEPLOY_ACCESS_KEY,
        "aws_secret_access_key": DEPLOY_SECRET_KEY,
        "save_unverified": "on",
    }
    journey.keep("keys rotated", pages.post(credentials, rotate), expect=(302,))
    role = {"credential_type": "role", "role_arn": f"arn:aws:iam::{ACCOUNT}:role/Elsewhere"}
    journey.keep("role refused (no portal principal here)", pages.post(credentials, role), expect=(400,))
    journey.keep("Service Account page", pages.get(reverse("deployments:service_account")), expect=(200,))
    search = {"q": f"*{ACCOUNT}*"}
    for name in ("events:search", "events:findings"):
        journey.keep(name, pages.get(reverse(name), search), expect=(200,))
    for fmt in ("csv", "jsonl"):
        exported = pages.get(reverse("events:export", args=[fmt]), search)
        journey.keep(f"export {fmt}", exported, expect=(200,))
    for name in ("log_sources:list", "relay:endpoint_list", "tenants:users", "tenants:audit"):
        journey.keep(name, pages.get(reverse(name)), expect=(200,))
    journey.keep("endpoint page", pages.get(reverse("relay:endpoint_detail", args=[source.endpoint_id])))


def _api(journey: Journey, api: APIClient, endpoint_id: int, capture) -> LogSource:
    body = {
        "endpoint": endpoint_id,
        "hostname": "api-source.acme.example",
        "protocol": "AWS CloudWatch Logs (HTTPS)",
        "aws_account_number": ACCOUNT,
        "aws_access_key_id": ACCESS_KEY,
        "aws_secret_access_key": SECRET_KEY,
        "regions": ["us-east-1", "eu-west-1"],
        "deployment": {"mode": "stackset"},
    }
    refused = api.post("/api/v1/log-sources/", {**body, "aws_account_number": "12345"}, format="json")
    journey.keep("API create refused with the keys sent", refused, expect=(400,))
    created = journey.keep("API create", api.post("/api/v1/log-sources/", body, format="json"), expect=(201,))
    path = f"/api/v1/log-sources/{created.json()['id']}/"
    journey.keep("API get", api.get(path), expect=(200,))
    journey.keep("API list", api.get("/api/v1/log-sources/"), expect=(200,))
    change = {"deployment": {"log_retention_days": 7}, "deploy_credentials": DEPLOY}
    journey.keep("API patch with deploy keys", api.patch(path, change, format="json"), expect=(200,))
    bad_keys = {"deploy_credentials": {**DEPLOY, "aws_access_key_id": "AKIA-not-a-key"}}
    journey.keep("API deploy refused with the keys sent", api.post(f"{path}deploy/", bad_keys, format="json"))
    with capture(execute=True):
        deployed = api.post(f"{path}deploy/", {"deploy_credentials": DEPLOY}, format="json")
        journey.keep("API deploy with deploy keys", deployed, expect=(202,))
        journey.keep("API pull", api.post(f"{path}pull/"), expect=(202,))
    journey.keep("API verify", api.post(f"{path}verify/"), expect=(200,))
    for kind in ("stack", "stackset", "service-account"):
        journey.keep(f"API template {kind}", api.get(f"{path}template/?kind={kind}"), expect=(200,))
    journey.keep("API operation", api.get(f"/api/v1/operations/{deployed.json()['operation']}/"), expect=(200,))
    for listing in ("/api/v1/events/?q=*123456789012*", "/api/v1/audit-events/", "/api/v1/tokens/"):
        journey.keep(f"API {listing}", api.get(listing), expect=(200,))
    return LogSource.objects.get(pk=created.json()["id"])


def _pull(source: LogSource) -> int:
    """A real pull of the source's first region, with its own keys, of findings put into the emulator."""
    region = source.region_codes[0]
    cloudwatch.create_group(region)
    cloudwatch.put(region, cloudwatch.findings(20, region=region))
    unit = PullUnit.objects.get(source_region__source=source, source_region__region=region)
    return log_events_pull(unit_id=unit.pk, worker="sweep").stored


def _admin(journey: Journey, admin: Client) -> None:
    """Every page of the staff area that lists or shows rows, for a superuser."""
    from django.apps import apps

    for route in all_routes():
        shows_rows = route.name.endswith(("_changelist", "_change", "_history"))
        if not route.is_admin or not shows_rows or not set(route.parameters) <= {"object_id"}:
            continue
        values = {}
        if "object_id" in route.parameters:
            app_label, model_name = route.template.split("/")[1:3]
            row = apps.get_model(app_label, model_name).objects.order_by("-pk").first()
            if row is None:
                continue
            values["object_id"] = row.pk
        journey.keep(f"admin {route.name}", admin.get(route.url(values)), expect=(200,))


def _errors(journey: Journey, clients, source: LogSource, settings, monkeypatch) -> int:
    """Requests that fail inside views handling the keys, as the technical 500 page and as the plain one."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", BROKEN_AWS)
    check = {
        "aws_account_number": ACCOUNT,
        "aws_access_key_id": ACCESS_KEY,
        "aws_secret_access_key": SECRET_KEY,
        "regions": ["us-east-1"],
    }
    failed = 0
    for debug in (True, False):
        settings.DEBUG = debug
        label = "DEBUG on" if debug else "DEBUG off"
        answers = [
            ("wizard Test connection", clients["pages"].post(reverse("deployments:check"), check)),
            ("Test connection", clients["pages"].post(reverse("deployments:verify", args=[source.pk]))),
            ("API verify", clients["api"].post(f"/api/v1/log-sources/{source.pk}/verify/")),
        ]
        for where, response in answers:
            journey.keep(f"500 ({label}): {where}", response, expect=(500,))
            # With DEBUG on, the technical page with its stack frames' locals is what was checked.
            assert (b"Local vars" in response.content) is debug, (label, where)
            failed += 1
    return failed


def test_no_response_log_record_broker_message_or_stored_value_holds_a_credential(
    aws, people, clients, broker_before, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    forget_rate_limit_counts()
    from relay.services import endpoint_create

    endpoint = endpoint_create(user=people["alice"], name="Zeta Relay", hostname="zeta-relay.acme.example").pk
    journey = Journey()

    wizard_source = _wizard(journey, clients["pages"], endpoint)
    stored = _pull(wizard_source)
    _pages(journey, clients["pages"], wizard_source, django_capture_on_commit_callbacks)
    api_source = _api(journey, clients["api"], endpoint, django_capture_on_commit_callbacks)
    _admin(journey, clients["admin"])
    failed = _errors(journey, clients, api_source, settings, monkeypatch)

    # Broker: every key and message of the broker's database, the journey's own messages among them.
    items = broker_items()
    ours = [item for item in items if (item.where, item.raw) not in broker_before and item.is_message]
    try:
        tasks = sorted(message_task(item) for item in ours)
        assert "deployments.advance" in tasks and "collection.pull_unit" in tasks, tasks
        broker_leaks = [
            (item.where, [masked(s) for s in secrets_in(item.raw)]) for item in items if secrets_in(item.raw)
        ]
    finally:
        broker_forget(ours)

    # Stored: every text, JSON and binary cell of every table, sessions decoded.
    cells = list(textual_cells())
    stored_leaks = sorted(
        {(cell.table, cell.column, masked(s)) for cell in cells for text in cell.texts() for s in secrets_in(text)}
    )
    raw_keys = [cell.value for cell in cells if cell.table == "log_sources_logsource" and "secret" in cell.column]
    assert raw_keys and all(value.startswith("enc:fernet:") for value in raw_keys), "secrets at rest are encrypted"

    # Responses (the journey's and every other the portal gave in this test) and log records.
    response_leaks = [(where, [masked(s) for s in secrets_in(body)]) for where, body in journey.responses]
    response_leaks = [(where, found) for where, found in response_leaks if found]
    token_leaks = [where for where, body in journey.responses if clients["token"].encode() in body]
    records = [_record_text(record) for record in caplog.records]
    log_leaks = [text[:200] for text in records if any(s in t for t in decodings(text) for s in SECRETS)]

    figures = report(
        "secret leaks",
        responses=len(journey.responses),
        error_pages=failed,
        log_records=len(records),
        broker_keys=len({item.where for item in items}),
        broker_messages=sum(item.is_message for item in items),
        journey_messages=len(ours),
        database_cells=len(cells),
        tables=len({cell.table for cell in cells}),
        findings_pulled=stored,
    )
    leaks = {
        "responses hold credentials": response_leaks,
        "responses hold the caller's API token": token_leaks,
        "log records hold credentials": log_leaks,
        "the broker holds credentials": broker_leaks,
        "the database holds credentials in clear": stored_leaks,
    }
    assert not any(leaks.values()), "\n".join(f"{what}: {found}" for what, found in leaks.items() if found)
    assert figures["responses"] >= 50 and figures["database_cells"] >= 500 and figures["log_records"] >= 10


def _record_text(record: logging.LogRecord) -> str:
    """A log record as any handler could write it: the message, its traceback and its extra fields."""
    text = logging.Formatter("%(name)s %(levelname)s %(message)s").format(record)
    extras = {k: v for k, v in vars(record).items() if k not in ("exc_info", "msg", "args", "message", "exc_text")}
    return f"{text} {extras!r}"

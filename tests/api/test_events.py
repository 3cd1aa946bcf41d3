"""events/: the Search syntax and filters over REST, keyset pages, and the contract's fields."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape

from demo.findings import finding, message
from events.services import log_events_store
from tests.conftest import ACCOUNT

EVENT_FIELDS = {
    "id",
    "source",
    "region",
    "timestamp",
    "ingested_at",
    "finding_id",
    "finding_type",
    "severity",
    "severity_label",
    "account_id",
    "title",
    "resource_type",
    "resource_id",
    "resource_name",
    "finding_region",
    "message",
}
START = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def store(source, region: str, envelopes: list[dict], start: datetime = START) -> None:
    """Store envelopes as the relay does after a FilterLogEvents page (one minute apart)."""
    events = [
        {
            "eventId": f"{region}-{index}-{envelope['id']}",
            "logStreamName": "stream",
            "timestamp": int((start + timedelta(minutes=index)).timestamp() * 1000),
            "message": message(envelope),
        }
        for index, envelope in enumerate(envelopes)
    ]
    log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region=region, events=events)


@pytest.fixture
def findings(source):
    """Ten findings of alice's account in us-east-1 and five in eu-west-1."""
    rng = random.Random(7)
    store(source, "us-east-1", [finding(account=ACCOUNT, region="us-east-1", rng=rng) for _ in range(10)])
    store(source, "eu-west-1", [finding(account=ACCOUNT, region="eu-west-1", rng=rng) for _ in range(5)])
    return source


@pytest.fixture
def searcher(api_for, people):
    """An Acme member with Read Log Management (searching needs it; bob's role lacks it)."""
    from tenants.models import Role
    from tenants.services import member_create
    from tests.conftest import PASSWORD

    role = Role.objects.create(tenant=people["acme"], name="Searcher", permissions=["read_log_management"])
    return api_for(member_create(actor=None, tenant=people["acme"], username="sam", password=PASSWORD, role=role).user)


def test_it_finds_the_accounts_findings_between_wildcards(api, findings):
    response = api.get("/api/v1/events/", {"q": f"*{ACCOUNT}*"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "results"}
    assert len(body["results"]) == 15 and body["next"] is None
    event = body["results"][0]
    assert set(event) == EVENT_FIELDS
    assert event["account_id"] == ACCOUNT and event["source"] == findings.pk
    assert event["severity_label"] in {"Low", "Medium", "High", "Critical"}
    assert ACCOUNT in event["message"] and event["message"].startswith("{")
    stamps = [e["timestamp"] for e in body["results"]]
    assert stamps == sorted(stamps, reverse=True)


def test_it_finds_nothing_for_another_account(api, findings):
    assert api.get("/api/v1/events/", {"q": "*999999999999*"}).json()["results"] == []


def test_it_filters_by_region_severity_type_source_and_time(api, findings):
    everything = api.get("/api/v1/events/").json()["results"]
    assert {e["region"] for e in api.get("/api/v1/events/", {"region": "eu-west-1"}).json()["results"]} == {"eu-west-1"}
    high = api.get("/api/v1/events/", {"severity_min": "7"}).json()["results"]
    assert high and all(e["severity"] >= 7 for e in high)
    assert len(high) == len([e for e in everything if e["severity"] >= 7])
    band = api.get("/api/v1/events/", {"severity": "low"}).json()["results"]
    assert all(e["severity"] < 4 for e in band)
    finding_type = everything[0]["finding_type"]
    typed = api.get("/api/v1/events/", {"finding_type": finding_type}).json()["results"]
    assert typed and {e["finding_type"] for e in typed} == {finding_type}
    assert len(api.get("/api/v1/events/", {"source": findings.pk}).json()["results"]) == 15
    window = api.get("/api/v1/events/", {"since": "2026-11-01T12:02:00Z", "until": "2026-11-01T12:04:00+00:00"}).json()[
        "results"
    ]
    assert sorted(e["timestamp"] for e in window) == [
        "2026-11-01T12:02:00Z",
        "2026-11-01T12:02:00Z",
        "2026-11-01T12:03:00Z",
        "2026-11-01T12:03:00Z",
    ]


def test_it_pages_with_a_cursor_without_losing_or_repeating_events(api, findings):
    seen: list[int] = []
    url, params = "/api/v1/events/", {"page_size": "4"}
    pages = 0
    while url:
        body = api.get(url, params).json()
        seen += [e["id"] for e in body["results"]]
        url, params = body["next"], None
        pages += 1
    assert pages == 4
    assert len(seen) == len(set(seen)) == 15


@pytest.mark.parametrize(
    "params, field",
    [
        ({"severity_min": "high"}, "severity_min"),
        ({"severity_min": "nan"}, "severity_min"),
        ({"severity_min": "1e999"}, "severity_min"),
        ({"severity": "extreme"}, "severity"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2026-13-45T00:00:00Z"}, "until"),
        ({"since": "0001-01-01T00:00:00+14:00"}, "since"),
        ({"source": "abc"}, "source"),
        ({"source": str(10**30)}, "source"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "5000"}, "page_size"),
        ({"q": "x" * 1001}, "q"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_it_refuses_garbage_query_parameters_naming_them(api, findings, params, field):
    response = api.get("/api/v1/events/", params)
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_searching_needs_read_log_management(api_for, bob, searcher, findings):
    refused = api_for(bob).get("/api/v1/events/")
    assert refused.status_code == 403
    assert refused.json()["missing_permissions"] == ["Read Log Management"]
    assert len(searcher.get("/api/v1/events/", {"q": f"*{ACCOUNT}*"}).json()["results"]) == 15


def test_charlie_never_finds_acmes_events(api_for, charlie, findings):
    client = api_for(charlie)
    assert client.get("/api/v1/events/", {"q": f"*{ACCOUNT}*"}).json()["results"] == []
    assert client.get("/api/v1/events/").json()["results"] == []
    assert client.get("/api/v1/events/", {"source": findings.pk}).json()["results"] == []


def page_ids(client, params: dict) -> list[int]:
    """The events the Search page lists for these query parameters, newest first."""
    response = client.get(reverse("events:search"), params)
    assert response.status_code == 200
    return [result["event"].pk for result in response.context["results"]]


def api_ids(api, params: dict) -> list[int]:
    response = api.get("/api/v1/events/", params)
    assert response.status_code == 200, response.content
    return [event["id"] for event in response.json()["results"]]


def test_the_page_and_the_api_take_the_same_filters_and_find_the_same_events(api, client_for, alice, findings):
    page = client_for(alice)
    everything = api.get("/api/v1/events/").json()["results"]
    some_type = everything[0]["finding_type"]
    cases = [
        {},
        {"q": f"*{ACCOUNT}*"},
        {"q": "*999999999999*"},
        {"source": findings.pk},
        {"region": "eu-west-1"},
        {"severity": "high"},
        {"severity_min": "5"},
        {"finding_type": some_type},
        {"range": "30d"},
        {"range": "1h", "since": "2026-11-01T12:05:00Z"},  # `since` wins over the range
        {"since": "2026-11-01T12:02:00Z", "until": "2026-11-01T12:04:00+00:00"},
        {"since": "2026-11-01T12:02"},  # the page's datetime-local input: UTC, as no offset is named
        {"region": "us-east-1", "severity": "low", "q": "aws.guardduty"},
    ]
    for params in cases:
        assert page_ids(page, params) == api_ids(api, params), params
    # Not vacuous: the filters narrow the result without emptying it.
    for params in ({"region": "eu-west-1"}, {"severity_min": "5"}, {"range": "1h", "since": "2026-11-01T12:05:00Z"}):
        assert 0 < len(api_ids(api, params)) < len(everything), params


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"severity_min": "high"}, "severity_min", "severity_min must be a number, e.g. 7 or 4.5."),
        ({"severity": "extreme"}, "severity", "Severity must be one of low, medium, high, critical."),
        ({"since": "yesterday"}, "since", "since must be an ISO 8601 time, e.g. 2026-01-31T08:00:00Z."),
        ({"until": "0001-01-01T00:00:00+14:00"}, "until", "until is out of range."),
        ({"q": "x" * 1001}, "q", "The search query must be at most 1000 characters."),
        ({"q": " ".join(f"t{i}" for i in range(21))}, "q", "Use at most 20 search terms."),
    ],
)
def test_the_page_and_the_api_refuse_a_bad_filter_with_the_same_message(api, client_for, alice, params, field, message):
    response = api.get("/api/v1/events/", params)
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    page = client_for(alice).get(reverse("events:search"), params)
    assert page.status_code == 200
    assert escape(message) in page.content.decode()
    assert page.context["results"] == []


def test_the_api_reports_every_bad_filter_at_once(api, findings):
    response = api.get("/api/v1/events/", {"severity_min": "x", "since": "x", "source": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"severity_min", "since", "source"}


def test_the_schema_documents_every_filter_of_the_filterset(api, findings):
    from events.filtersets import EventFilterSet

    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert set(parameters) == {*EventFilterSet.base_filters, "cursor", "page_size"}
    assert set(EventFilterSet.base_filters) == {
        "q",
        "source",
        "region",
        "severity",
        "severity_min",
        "finding_type",
        "resource_type",
        "resource_id",
        "finding_id",
        "range",
        "since",
        "until",
    }
    assert parameters["source"]["schema"]["type"] == "integer"
    assert parameters["severity_min"]["schema"]["type"] == "number"
    assert parameters["since"]["schema"] == {"type": "string", "format": "date-time"}
    assert sorted(parameters["severity"]["schema"]["enum"]) == ["critical", "high", "low", "medium"]
    assert sorted(parameters["range"]["schema"]["enum"]) == ["1h", "24h", "30d", "7d"]
    assert all(p["description"] for p in parameters.values())

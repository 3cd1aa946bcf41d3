"""findings/: one record per finding through its updates, the Search filters, keyset pages, OCSF."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from demo import findings
from events.models import Finding
from events.services import log_events_index_all, log_events_store
from tests.conftest import ACCOUNT
from tests.test_ocsf import assert_valid_ocsf

FINDING_FIELDS = {
    "id",
    "finding_id",
    "finding_type",
    "title",
    "severity",
    "severity_label",
    "account_id",
    "region",
    "resource_type",
    "resource_id",
    "resource_name",
    "count",
    "first_seen",
    "last_seen",
    "updated_at",
    "occurrences",
    "events",
}
T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
_ids = iter(range(10**6))


def pull(source, region: str, envelopes: list[dict]) -> None:
    events = [
        {
            "eventId": f"a{next(_ids):08d}",
            "timestamp": (T0 + timedelta(seconds=i)).timestamp() * 1000,
            "message": findings.message(e),
        }
        for i, e in enumerate(envelopes)
    ]
    log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region=region, events=events)
    log_events_index_all()


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def kind_about(resource: str) -> str:
    return next(t.name for t in findings.FINDING_TYPES if t.resource == resource)


@pytest.fixture
def collected(source):
    """Acme's findings: one updated twice (raised to Critical), one about an access key, one about a bucket."""
    rng = random.Random(21)
    first = findings.finding(account=ACCOUNT, rng=rng, when=T0, kind=kind_about("Instance"))
    second = findings.repeat(first)
    third = findings.repeat(second)
    third["detail"]["severity"] = 9.2
    key = findings.finding(account=ACCOUNT, rng=rng, when=T0 - timedelta(hours=1), kind=kind_about("AccessKey"))
    bucket = findings.finding(
        account=ACCOUNT, region="eu-west-1", rng=rng, when=T0 - timedelta(hours=2), kind=kind_about("S3Bucket")
    )
    pull(source, "us-east-1", [third, key])
    pull(source, "eu-west-1", [bucket, first, second])
    return {"updated": third, "key": key, "bucket": bucket}


@pytest.fixture
def searcher(api_for, people):
    from tenants.models import Role
    from tenants.services import member_create
    from tests.conftest import PASSWORD

    role = Role.objects.create(tenant=people["acme"], name="Searcher", permissions=["read_log_management"])
    return api_for(member_create(actor=None, tenant=people["acme"], username="sam", password=PASSWORD, role=role).user)


def test_one_record_per_finding_with_its_latest_state(searcher, collected):
    response = searcher.get("/api/v1/findings/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "results"} and body["next"] is None
    assert len(body["results"]) == 3
    by_id = {f["finding_id"]: f for f in body["results"]}
    updated = by_id[collected["updated"]["detail"]["id"]]
    assert set(updated) == FINDING_FIELDS
    assert updated["occurrences"] == 3 and updated["count"] == 3
    assert updated["severity"] == 9.2 and updated["severity_label"] == "Critical"
    assert updated["region"] == "us-east-1" and updated["account_id"] == ACCOUNT
    assert moment(updated["updated_at"]) == moment(collected["updated"]["detail"]["updatedAt"])
    stamps = [f["last_seen"] for f in body["results"]]
    assert stamps == sorted(stamps, reverse=True)

    # Its events link lists exactly its three occurrences.
    events = searcher.get(updated["events"]).json()["results"]
    assert len(events) == 3 and {e["finding_id"] for e in events} == {updated["finding_id"]}
    assert all(e["resource_type"] == updated["resource_type"] for e in events)

    detail = searcher.get(f"/api/v1/findings/{updated['id']}/")
    assert detail.status_code == 200 and detail.json() == updated


def test_filters_on_resource_critical_and_updated_since(searcher, collected):
    key = Finding.objects.get(finding_id=collected["key"]["detail"]["id"])
    assert key.resource_type == "AccessKey" and key.resource_id

    def ids(**params) -> set[str]:
        response = searcher.get("/api/v1/findings/", params)
        assert response.status_code == 200, response.content
        return {f["finding_id"] for f in response.json()["results"]}

    assert ids(resource_type="AccessKey") == {key.finding_id}
    assert ids(resource_type="AccessKey", resource_id=key.resource_id) == {key.finding_id}
    assert ids(resource_id="nothing-like-it") == set()
    assert ids(severity="critical") == {collected["updated"]["detail"]["id"]}
    assert ids(region="eu-west-1") == {collected["bucket"]["detail"]["id"]}
    latest = Finding.objects.get(finding_id=collected["updated"]["detail"]["id"]).updated_at
    assert ids(updated_since=latest.isoformat()) == {collected["updated"]["detail"]["id"]}
    assert ids(q=key.resource_id) == {key.finding_id}
    # The same filters on events/
    events = searcher.get("/api/v1/events/", {"resource_type": "AccessKey", "severity": "critical"}).json()
    assert events["results"] == []
    events = searcher.get("/api/v1/events/", {"severity": "critical"}).json()["results"]
    assert [e["severity_label"] for e in events] == ["Critical"]


def test_a_bad_filter_is_a_400_naming_it(searcher, collected):
    response = searcher.get("/api/v1/findings/", {"updated_since": "soon"})
    assert response.status_code == 400
    assert "updated_since must be an ISO 8601 time" in json.dumps(response.json())
    assert searcher.get("/api/v1/findings/", {"severity": "dire"}).status_code == 400
    assert searcher.get("/api/v1/findings/", {"cursor": "!!"}).status_code == 400


def test_keyset_pages_cover_every_finding_once(searcher, source):
    rng = random.Random(22)
    pull(
        source,
        "us-east-1",
        [findings.finding(account=ACCOUNT, rng=rng, when=T0 - timedelta(minutes=i % 3)) for i in range(7)],
    )
    seen, url = [], "/api/v1/findings/?page_size=3"
    while url:
        body = searcher.get(url).json()
        seen += [f["id"] for f in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(Finding.objects.values_list("pk", flat=True)) and len(seen) == 7


def test_ocsf_detail_and_streamed_list(searcher, collected):
    finding = Finding.objects.get(finding_id=collected["updated"]["detail"]["id"])
    response = searcher.get(f"/api/v1/findings/{finding.pk}/", {"format": "ocsf"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    document = assert_valid_ocsf(response.json())
    assert document["finding_info"]["uid"] == finding.finding_id
    assert (document["severity_id"], document["activity_id"]) == (5, 2)

    response = searcher.get("/api/v1/findings/", {"format": "ocsf", "region": "us-east-1"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    documents = [assert_valid_ocsf(json.loads(line)) for line in lines]
    assert {d["finding_info"]["uid"] for d in documents} == {
        collected["updated"]["detail"]["id"],
        collected["key"]["detail"]["id"],
    }


def test_findings_are_tenant_scoped_and_need_read_log_management(api, api_for, charlie, bob, collected):
    finding = Finding.objects.first()
    assert api.get(f"/api/v1/findings/{finding.pk}/").status_code == 200
    other = api_for(charlie)
    assert other.get(f"/api/v1/findings/{finding.pk}/").status_code == 404
    assert other.get(f"/api/v1/findings/{finding.pk}/", {"format": "ocsf"}).status_code == 404
    assert other.get("/api/v1/findings/").json()["results"] == []
    assert api.get(f"/api/v1/findings/{10**30}/").status_code == 404
    refused = api_for(bob).get("/api/v1/findings/")
    assert refused.status_code == 403 and "Read Log Management" in refused.content.decode()


def test_the_schema_documents_the_findings_filters_fields_and_ocsf(api):
    from events.filtersets import FindingFilterSet

    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    listing = schema["paths"]["/api/v1/findings/"]["get"]
    parameters = {p["name"]: p for p in listing["parameters"]}
    assert set(parameters) == {*FindingFilterSet.base_filters, "cursor", "page_size", "format"}
    assert {"resource_type", "resource_id", "updated_since", "finding_id"} <= set(parameters)
    assert sorted(parameters["severity"]["schema"]["enum"]) == ["critical", "high", "low", "medium"]
    assert parameters["format"]["schema"]["enum"] == ["json", "ocsf"]
    assert all(p["description"] for p in parameters.values())
    assert set(listing["responses"]["200"]["content"]) == {"application/json", "application/x-ndjson"}
    assert set(schema["components"]["schemas"]["Finding"]["properties"]) == FINDING_FIELDS
    detail = schema["paths"]["/api/v1/findings/{id}/"]["get"]
    assert {"200", "404"} <= set(detail["responses"])
    event = schema["components"]["schemas"]["LogEvent"]["properties"]
    assert {"resource_type", "resource_id", "resource_name", "finding_region"} <= set(event)

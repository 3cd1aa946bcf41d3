"""Search: the syntax, the filters, tenant isolation, pages, highlighting, export, findings.

Every test runs twice: once with the events just stored, still waiting for the search indexer
(Search matches them by their raw message), and once after the indexer has built their search
text (Search answers through it). Both must give the same answers.
"""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse

from core.errors import PermissionMissing, ValidationFailed
from demo import findings
from events import query
from events.models import LogEvent
from events.selectors import event_page, event_search
from events.services import log_events_index_all, log_events_store
from log_sources.models import LogSource

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
_ids = iter(range(10**6))
_indexed = False


@pytest.fixture(autouse=True, params=["waiting for the indexer", "indexed"])
def search_index(request):
    global _indexed
    _indexed = request.param == "indexed"
    yield request.param
    _indexed = False


def store(source, messages, *, region="us-east-1", start=T0, step=timedelta(seconds=1)) -> None:
    events = [
        {"eventId": f"e{next(_ids):08d}", "timestamp": (start + i * step).timestamp() * 1000, "message": m}
        for i, m in enumerate(messages)
    ]
    log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region=region, events=events)
    if _indexed:
        log_events_index_all()
    assert LogEvent.objects.filter(search_text__isnull=True).exists() is not _indexed


def ids(events) -> set[int]:
    return set(events.values_list("pk", flat=True))


def messages_of(events) -> list[str]:
    return list(events.values_list("message", flat=True))


def test_the_account_between_wildcards_finds_every_event_that_mentions_it(alice, source):
    rng = random.Random(1)
    mine = [findings.message(findings.finding(account="123456789123", rng=rng)) for _ in range(4)]
    others = [findings.message(findings.finding(account="210987654321", rng=rng)) for _ in range(3)]
    plain = "free text mentioning 123456789123 in passing"
    store(source, [*mine, *others, plain])
    found = messages_of(event_search(user=alice, q="*123456789123*"))
    assert sorted(found) == sorted([*mine, plain])
    assert sorted(messages_of(event_search(user=alice, q="123456789123"))) == sorted(found)


def test_wildcards_are_case_insensitive_and_match_inside_the_raw_message(alice, source):
    store(source, ["User ALICE logged in from Host-42", "user bob logged in from host-7", "nothing here"])
    assert len(messages_of(event_search(user=alice, q="alice"))) == 1
    assert len(messages_of(event_search(user=alice, q="*LOGGED IN*"))) == 2
    assert messages_of(event_search(user=alice, q="host-?2")) == ["User ALICE logged in from Host-42"]
    assert messages_of(event_search(user=alice, q="user*bob")) == ["user bob logged in from host-7"]
    assert messages_of(event_search(user=alice, q="h?st-7")) == ["user bob logged in from host-7"]


def test_several_terms_must_all_match_and_quotes_keep_phrases(alice, source):
    store(source, ["port probe on web-1", "probe port on web-2", "port scan on web-1"])
    assert sorted(messages_of(event_search(user=alice, q="port probe"))) == [
        "port probe on web-1",
        "probe port on web-2",
    ]
    assert messages_of(event_search(user=alice, q='"port probe"')) == ["port probe on web-1"]
    assert messages_of(event_search(user=alice, q='"on web-1" scan')) == ["port scan on web-1"]


def test_percent_and_underscore_are_literal(alice, source):
    store(source, ["disk 100%_full", "disk 100x_full", "disk 100%Xfull", "a_b", "axb"])
    assert messages_of(event_search(user=alice, q="100%_full")) == ["disk 100%_full"]
    assert sorted(messages_of(event_search(user=alice, q="100?_full"))) == ["disk 100%_full", "disk 100x_full"]
    assert messages_of(event_search(user=alice, q="a_b")) == ["a_b"]
    assert sorted(messages_of(event_search(user=alice, q="%"))) == ["disk 100%Xfull", "disk 100%_full"]


def test_the_fast_path_answers_exactly_what_the_raw_message_answers(alice, source):
    """Terms the search text answers alone must give the same events as a scan of the raw text."""
    rng = random.Random(7)
    envelopes = [findings.finding(account=rng.choice(["123456789012", "111122223333"]), rng=rng) for _ in range(40)]
    raw = [findings.message(e) for e in envelopes]
    store(source, raw)
    e = envelopes[3]
    d = e["detail"]
    terms = [
        "123456789012",
        "111122223333",
        d["id"],
        d["id"][:24],
        d["service"]["detectorId"][5:29],
        "maliciousipcaller",
        "Tor",
        "exit",
        "leaseweb",
        "198.51.100.7",
        "51.100",
        "detail",
        "count",
        "guard",
        "ec2",
        "i-0",
        "eni-0",
        "2026",
        "12345678",
        "abcde",
        "fefe",
        "0a1",
        "000",
        "ProofPoint",
        "São Paulo",
    ]
    for term in terms:
        expected = sorted(m for m in raw if term.lower() in m.lower())
        assert sorted(messages_of(event_search(user=alice, q=term))) == expected, term


def test_a_backlog_is_matched_by_raw_message_only_in_its_most_recently_stored_events(
    alice, source, monkeypatch, search_index
):
    """While many events wait for the indexer, the newest RAW_MATCH_LIMIT of them are found
    by their raw message; the older ones once the indexer has reached them."""
    monkeypatch.setattr(query, "RAW_MATCH_LIMIT", 2)
    store(source, [f"port probe from 198.51.100.{n}" for n in range(4)])  # stored in this order
    everything = {f"port probe from 198.51.100.{n}" for n in range(4)}
    for q in ("probe", "198.51.100.3", "198.51.100.0", "*51.100.*"):
        found = set(messages_of(event_search(user=alice, q=q)))
        expected = {m for m in everything if q.strip("*") in m}
        if search_index == "waiting for the indexer":
            expected &= {"port probe from 198.51.100.2", "port probe from 198.51.100.3"}
        assert found == expected, q
    log_events_index_all()
    assert set(messages_of(event_search(user=alice, q="198.51.100.0"))) == {"port probe from 198.51.100.0"}


def test_aws_sample_findings_are_found_by_their_ids_account_and_type_before_and_after_indexing(alice, source):
    from pathlib import Path

    from tests.test_arrival_shapes import envelope

    details = [
        json.loads(p.read_text()) for p in sorted((Path(__file__).parent / "fixtures" / "guardduty").glob("*.json"))
    ]
    raw = [envelope(detail) for detail in details]
    store(source, raw)
    for detail in details:
        for term in (detail["id"], detail["accountId"], detail["type"].split(":")[0], detail["arn"].rsplit("/", 1)[-1]):
            expected = sorted(m for m in raw if term.lower() in m.lower())
            assert expected and sorted(messages_of(event_search(user=alice, q=term))) == expected, term


def test_filters_narrow_the_result(alice, source, other_source):
    rng = random.Random(3)
    low = findings.finding(rng=rng, kind="Recon:EC2/PortProbeUnprotectedPort")  # severity 2-2.9
    high = findings.finding(rng=rng, kind="CryptoCurrency:EC2/BitcoinTool.B!DNS")  # severity 8-8.9
    store(source, [findings.message(low)], region="us-east-1", start=T0)
    store(source, [findings.message(high)], region="eu-west-1", start=T0 + timedelta(hours=2))
    assert len(messages_of(event_search(user=alice, region="eu-west-1"))) == 1
    assert messages_of(event_search(user=alice, severity_band="high")) == [findings.message(high)]
    assert messages_of(event_search(user=alice, severity_band="low")) == [findings.message(low)]
    assert messages_of(event_search(user=alice, severity_min=7.0)) == [findings.message(high)]
    assert messages_of(event_search(user=alice, finding_type=low["detail"]["type"])) == [findings.message(low)]
    assert messages_of(event_search(user=alice, since=T0 + timedelta(hours=1))) == [findings.message(high)]
    assert messages_of(event_search(user=alice, until=T0 + timedelta(hours=1))) == [findings.message(low)]
    assert len(messages_of(event_search(user=alice, source=source))) == 2
    assert messages_of(event_search(user=alice, severity_band="critical")) == []
    with pytest.raises(ValidationFailed):
        event_search(user=alice, severity_band="dire")


def test_another_tenants_events_are_never_returned(alice, charlie, source, other_source):
    store(source, [findings.message(findings.finding(rng=random.Random(1)))])
    store(other_source, [findings.message(findings.finding(rng=random.Random(2)))])
    assert LogEvent.objects.count() == 2
    assert len(messages_of(event_search(user=alice, q="*123456789012*"))) == 1
    assert len(messages_of(event_search(user=charlie, q="*123456789012*"))) == 1
    assert ids(event_search(user=alice)) != ids(event_search(user=charlie))
    # Filtering by another tenant's source gives nothing, never its events.
    assert list(event_search(user=charlie, source=source)) == []
    response = ClientFor(charlie).get(reverse("events:search"), {"q": "*123456789012*", "source": source.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in html  # Acme's source is not one of Globex's choices
    assert 'class="list events"' not in html and source.hostname not in html


class ClientFor:
    def __new__(cls, user):
        from django.test import Client

        client = Client()
        client.force_login(user)
        return client


def test_search_needs_read_log_management(bob, client_for):
    with pytest.raises(PermissionMissing) as exc:
        event_search(user=bob)
    assert "Read Log Management" in str(exc.value)
    response = client_for(bob).get(reverse("events:search"))
    assert response.status_code == 403
    assert "Read Log Management" in response.content.decode()


def test_keyset_pages_cover_every_event_once_newest_first(alice, source):
    store(source, [f"event number {i}" for i in range(120)], step=timedelta(0))  # all in one second
    store(source, [f"later event {i}" for i in range(7)], start=T0 + timedelta(minutes=1))
    seen, cursor, pages = [], "", 0
    while True:
        rows, cursor = event_page(event_search(user=alice), cursor=cursor, size=50)
        seen.extend(rows)
        pages += 1
        if not cursor:
            break
    assert pages == 3
    assert len(seen) == len({e.pk for e in seen}) == 127
    assert [e.message for e in seen[:7]] == sorted(
        [f"later event {i}" for i in range(7)], key=lambda m: -int(m.split()[-1])
    )
    assert all(a.timestamp >= b.timestamp for a, b in zip(seen, seen[1:], strict=False))
    with pytest.raises(ValidationFailed):
        event_page(event_search(user=alice), cursor="not-a-cursor")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the newest-first probe runs only on PostgreSQL")
def test_the_newest_first_probe_leaves_the_transaction_settings_as_it_found_them(alice, source):
    """The probe's 300 ms statement timeout must not outlive it inside a request's transaction."""
    store(source, [f"event {i} of account 123456789012" for i in range(60)])

    def settings_now():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout'), current_setting('enable_seqscan')")
            return cursor.fetchone()

    before = settings_now()
    with transaction.atomic():  # a request in a transaction, as the tests and ATOMIC_REQUESTS run
        rows, _ = event_page(event_search(user=alice, q="*account*"), size=10)
        assert len(rows) == 10
        assert settings_now() == before


def test_the_page_highlights_matches_and_escapes_everything_else(alice, source, client_for):
    store(source, ['{"note": "<script>alert(1)</script> attacker 203.0.113.24"}'])
    response = client_for(alice).get(reverse("events:search"), {"q": "203.0.113.24"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>203.0.113.24</mark>" in html
    assert "<details>" in html  # the event expands to its JSON


def test_the_page_says_while_recent_events_are_still_being_indexed(alice, source, client_for, search_index):
    store(source, ["port probe from 198.51.100.7", "port probe from 203.0.113.24"])
    html = client_for(alice).get(reverse("events:search"), {"q": "probe"}).content.decode()
    for ip in ("198.51.100.7", "203.0.113.24"):  # found either way
        assert f"port <mark>probe</mark> from {ip}" in html
    if search_index == "indexed":
        assert "still being indexed" not in html
    else:
        assert "2 recently collected events are still being indexed for search" in html


def test_the_page_shows_a_clear_message_for_a_bad_query(alice, source, client_for):
    response = client_for(alice).get(reverse("events:search"), {"q": "x" * 1001})
    assert response.status_code == 200
    assert "at most 1000 characters" in response.content.decode()
    response = client_for(alice).get(reverse("events:search"), {"cursor": "%%%"})
    assert response.status_code == 200
    assert "cursor is not valid" in response.content.decode()


def test_export_streams_the_current_result_as_jsonl_and_csv(alice, source, client_for):
    rng = random.Random(4)
    store(
        source,
        [findings.message(findings.finding(rng=rng, kind="Recon:EC2/PortProbeUnprotectedPort")) for _ in range(3)],
    )
    store(source, ["=cmd|' /C calc'!A0 not guardduty"], start=T0 + timedelta(hours=1))
    client = client_for(alice)
    response = client.get(reverse("events:export", args=["jsonl"]), {"q": "Recon"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 3
    record = json.loads(lines[0])
    assert record["account_id"] == "123456789012" and record["message"]["source"] == "aws.guardduty"
    response = client.get(reverse("events:export", args=["csv"]), {"q": "calc"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "timestamp" and len(rows) == 2
    assert rows[1][-1].startswith("'=")  # a formula is exported as text


def test_the_findings_view_shows_one_row_per_finding_with_its_latest_state(alice, source, client_for):
    first = findings.finding(rng=random.Random(5), count=1)
    second = findings.repeat(first)
    third = findings.repeat(second)
    third["detail"]["severity"] = 9.6
    other = findings.finding(rng=random.Random(6))
    store(source, [findings.message(m) for m in (first, second, third, other)])
    log_events_index_all()  # the Finding records are the indexer's
    client = client_for(alice)
    response = client.get(reverse("events:findings"))
    rows = response.context["findings"]
    by_id = {f.finding_id: f for f in rows}
    assert len(rows) == 2
    assert by_id[first["detail"]["id"]].occurrences == 3 and by_id[first["detail"]["id"]].count == 3
    assert by_id[other["detail"]["id"]].occurrences == 1
    html = response.content.decode()
    assert first["detail"]["id"] in html and '<span class="sev sev-critical">Critical 9.6</span>' in html
    critical = client.get(reverse("events:findings"), {"severity": "critical"}).context["findings"]
    assert [f.finding_id for f in critical] == [first["detail"]["id"]]
    resource = by_id[other["detail"]["id"]]
    narrowed = client.get(
        reverse("events:findings"), {"resource_type": resource.resource_type, "resource_id": resource.resource_id}
    ).context["findings"]
    assert [f.finding_id for f in narrowed] == [other["detail"]["id"]]


def test_the_search_page_filters_on_resource_and_offers_an_ocsf_export(alice, source, client_for):
    from tests.test_ocsf import assert_valid_ocsf

    rng = random.Random(8)
    key = findings.finding(rng=rng, kind=next(t.name for t in findings.FINDING_TYPES if t.resource == "AccessKey"))
    instance = findings.finding(rng=rng, kind=next(t.name for t in findings.FINDING_TYPES if t.resource == "Instance"))
    store(source, [findings.message(key), findings.message(instance)])
    log_events_index_all()
    stored = LogEvent.objects.get(finding_id=key["detail"]["id"])
    client = client_for(alice)
    response = client.get(reverse("events:search"), {"resource_type": "AccessKey", "resource_id": stored.resource_id})
    assert [r["event"].pk for r in response.context["results"]] == [stored.pk]
    assert f'name="resource_id" value="{stored.resource_id}"' in response.content.decode()
    assert 'href="/search/export.ocsf?resource_type=AccessKey' in response.content.decode()

    export = client.get(reverse("events:export", args=["ocsf"]), {"resource_type": "AccessKey"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/x-ndjson")
    documents = [assert_valid_ocsf(json.loads(line)) for line in b"".join(export.streaming_content).splitlines()]
    assert [d["finding_info"]["uid"] for d in documents] == [key["detail"]["id"]]
    assert [(r["type"], r["uid"]) for r in documents[0]["resources"]] == [("AccessKey", stored.resource_id)]
    assert client.get("/search/export.xml").status_code == 404


def test_the_source_page_shows_activity_and_per_region_state(alice, source, client_for):
    from django.utils import timezone

    store(source, ["recent event"], start=timezone.now() - timedelta(minutes=5))
    response = client_for(alice).get(reverse("log_sources:detail", args=[source.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Events per hour, last 24 hours (1 in total)" in html
    assert "<svg" in html and "eu-west-1" in html


def test_parsing_gives_the_source_its_own_scope(source):
    assert LogSource.objects.get(pk=source.pk).tenant_id == source.tenant_id


@pytest.mark.parametrize(
    "params, message",
    [
        ({"source": str(10**30)}, "Select a valid choice"),
        ({"region": "us-gov-west-1"}, "Select a valid choice"),
        ({"severity_min": "nan"}, "severity_min must be a number"),
        ({"since": "2026-13-45T00:00"}, "since must be an ISO 8601 time"),
        ({"finding_type": "x" * 257}, "at most 256 characters"),
    ],
)
def test_the_findings_view_and_export_refuse_a_bad_filter_as_the_page_does(alice, source, client_for, params, message):
    store(source, [findings.message(findings.finding(rng=random.Random(1)))])
    client = client_for(alice)
    for url in (reverse("events:search"), reverse("events:findings")):
        response = client.get(url, params)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert 'class="list events"' not in response.content.decode()
    response = client.get(reverse("events:export", args=["csv"]), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_page_shows_the_filters_it_was_given(alice, source, client_for):
    html = client_for(alice).get(reverse("events:search"), {"severity_min": "6.5", "severity": "high"}).content.decode()
    assert 'name="severity_min" step="any" value="6.5"' in html
    assert '<option value="high" selected>High</option>' in html

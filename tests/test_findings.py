"""Finding records: one per (tenant, account, the finding's own region, finding id) through its updates.

The search indexer folds each stored event into its finding once, in whatever order the
pulls brought the updates: the newest `updatedAt` is the state kept.
"""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from demo import findings
from events.models import Finding, LogEvent
from events.services import log_events_index_all, log_events_store
from tests.conftest import ACCOUNT

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
_ids = iter(range(10**6))


def pull(source, region: str, envelopes: list[dict], *, index: bool = True) -> None:
    """One pull of a log group in `region`: store the page, then let the indexer run."""
    events = [
        {
            "eventId": f"e{next(_ids):08d}",
            "timestamp": (T0 + timedelta(seconds=i)).timestamp() * 1000,
            "message": findings.message(envelope),
        }
        for i, envelope in enumerate(envelopes)
    ]
    log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region=region, events=events)
    if index:
        log_events_index_all()


def event_of(envelope: dict) -> LogEvent:
    return LogEvent.objects.get(message=findings.message(envelope))


def state(finding: Finding) -> dict:
    return {
        f.name: getattr(finding, f.attname)
        for f in Finding._meta.concrete_fields
        if f.name not in ("id", "first_collected_at", "last_collected_at")
    }


def updates(rng: random.Random, n: int, *, region: str = "us-east-1") -> list[dict]:
    """A finding and its next n-1 publications, each with a higher count and a later updatedAt."""
    chain = [findings.finding(account=ACCOUNT, region=region, rng=rng, when=T0, count=1)]
    for _ in range(n - 1):
        chain.append(findings.repeat(chain[-1]))
    return chain


def test_the_newest_update_wins_whatever_order_two_pulls_in_two_regions_bring_them(source):
    first, second, third = updates(random.Random(11), 3)
    third["detail"]["severity"] = 9.4  # GuardDuty raised it: the change must be visible
    # The newest update comes first, through the finding's own region's log group; the older
    # two come later through another region's log group (cross-region delivery).
    pull(source, "us-east-1", [third])
    pull(source, "eu-west-1", [second, first])

    (finding,) = Finding.objects.all()
    assert (finding.account_id, finding.region, finding.finding_id) == (ACCOUNT, "us-east-1", first["detail"]["id"])
    assert finding.occurrences == 3
    assert finding.count == third["detail"]["service"]["count"] == 3
    assert finding.updated_at == datetime.fromisoformat(third["detail"]["updatedAt"])
    assert finding.severity == 9.4 and finding.severity_label == "Critical"
    assert finding.latest_event_id == event_of(third).pk
    assert finding.created_at == datetime.fromisoformat(first["detail"]["createdAt"])
    assert finding.archived is False


def test_an_older_update_indexed_last_never_overwrites_and_a_reread_page_counts_nothing(source):
    first, second = updates(random.Random(12), 2)
    pull(source, "us-east-1", [second], index=False)
    pull(source, "us-east-1", [first], index=False)
    # The indexer reaches events in id order: the newer update (stored first) is folded in
    # first, the older one last, in a later batch.
    from events.services import log_events_index

    assert log_events_index(limit=1) == 1 and log_events_index(limit=1) == 1
    finding = Finding.objects.get()
    assert finding.occurrences == 2 and finding.count == 2
    assert finding.latest_event_id == event_of(second).pk
    # The same CloudWatch events read again are not stored again, so they count nothing.
    again = LogEvent.objects.order_by("pk").values_list("event_id", "timestamp", "message")
    log_events_store(
        tenant_id=source.tenant_id,
        source_id=source.pk,
        region="us-east-1",
        events=[{"eventId": e, "timestamp": t.timestamp() * 1000, "message": m} for e, t, m in again],
    )
    log_events_index_all()
    assert Finding.objects.get().occurrences == 2


def test_the_same_finding_id_in_two_regions_is_two_findings(source):
    rng = random.Random(13)
    east = findings.finding(account=ACCOUNT, region="us-east-1", rng=rng, when=T0, finding_id="f" * 32)
    west = findings.finding(account=ACCOUNT, region="eu-west-1", rng=rng, when=T0, finding_id="f" * 32)
    pull(source, "us-east-1", [east])
    pull(source, "eu-west-1", [west, findings.repeat(west)])
    by_region = {f.region: f for f in Finding.objects.all()}
    assert set(by_region) == {"us-east-1", "eu-west-1"}
    assert by_region["us-east-1"].occurrences == 1 and by_region["eu-west-1"].occurrences == 2
    assert {f.finding_id for f in by_region.values()} == {"f" * 32}


def test_a_tie_on_updated_at_keeps_the_later_collected_and_archived_comes_from_the_finding(source):
    (first,) = updates(random.Random(14), 1)
    archived = findings.repeat(first, later=timedelta(0), by=0)
    archived["detail"]["service"]["archived"] = True
    pull(source, "us-east-1", [first])
    pull(source, "us-east-1", [archived])
    finding = Finding.objects.get()
    assert finding.archived is True and finding.latest_event_id == event_of(archived).pk


def test_events_that_are_no_finding_make_no_finding(source):
    log_events_store(
        tenant_id=source.tenant_id,
        source_id=source.pk,
        region="us-east-1",
        events=[{"eventId": "x", "timestamp": T0.timestamp() * 1000, "message": "not json"}],
    )
    log_events_index_all()
    assert not Finding.objects.exists()


def test_rebuild_findings_gives_what_the_indexer_built(source):
    rng = random.Random(15)
    chain = updates(rng, 4)
    other = updates(rng, 2, region="eu-west-1")
    pull(source, "us-east-1", [chain[3], chain[0]])
    pull(source, "eu-west-1", [*other, chain[2], chain[1]])
    built = {f.finding_id + f.region: state(f) for f in Finding.objects.all()}
    Finding.objects.update(occurrences=99, count=None)  # whatever damage the rebuild repairs

    out = StringIO()
    call_command("rebuild_findings", stdout=out)
    assert {f.finding_id + f.region: state(f) for f in Finding.objects.all()} == built
    assert "Rebuilt 2 findings from 6 events." in out.getvalue()
    assert built[chain[0]["detail"]["id"] + "us-east-1"]["occurrences"] == 4


def test_rebuild_findings_names_an_unknown_tenant(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No tenant is named 'nobody'"):
        call_command("rebuild_findings", "--tenant", "nobody")


def test_concurrent_indexers_count_every_event_once_and_keep_the_newest_state(transactional_db, source):
    from django.db import connection

    from events.services import log_events_index

    rng = random.Random(16)
    chains = [updates(rng, 40), updates(rng, 40, region="eu-west-1")]
    page = [envelope for chain in chains for envelope in chain]
    random.Random(1).shuffle(page)  # the indexers meet the updates out of order
    pull(source, "us-east-1", page, index=False)
    start, failures = threading.Barrier(3), []

    def indexer() -> None:
        try:
            start.wait()
            while log_events_index(limit=7):
                pass
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=indexer) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == [] and not LogEvent.objects.filter(search_text__isnull=True).exists()
    for chain in chains:
        finding = Finding.objects.get(finding_id=chain[0]["detail"]["id"])
        assert finding.occurrences == 40 and finding.count == 40
        assert finding.latest_event_id == event_of(chain[-1]).pk

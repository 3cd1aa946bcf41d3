"""The vocabulary of search words (PostgreSQL): what the indexer adds, what Search looks up.

Search on PostgreSQL finds a term's events through the words of the tenant's vocabulary that
contain it; these tests hold the vocabulary to the search texts it stands for. (tests/test_search.py
checks the answers themselves on both databases.)
"""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from events import query
from events.models import LogEvent, SearchWord
from events.selectors import event_page, event_search
from events.services import log_events_index_all, log_events_store, search_words_rebuild

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the vocabulary is PostgreSQL's")

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def store_and_index(source, messages: list[str], prefix: str = "e") -> list[LogEvent]:
    events = [
        {"eventId": f"{prefix}{n}", "timestamp": (T0 + timedelta(seconds=n)).timestamp() * 1000, "message": m}
        for n, m in enumerate(messages)
    ]
    log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region="us-east-1", events=events)
    log_events_index_all()
    return list(LogEvent.objects.filter(source=source, event_id__startswith=prefix).order_by("event_id"))


def vocabulary(tenant_id: int) -> set[str]:
    return set(SearchWord.objects.filter(tenant_id=tenant_id).values_list("word", flat=True))


def words_of(events) -> set[str]:
    return {word for event in events for word in event.search_text.split()}


def found(user, q: str) -> set[str]:
    rows, _ = event_page(event_search(user=user, q=q), size=100)
    return {row.event_id for row in rows}


def test_the_indexer_adds_every_indexed_events_words_to_its_own_tenants_vocabulary(source, other_source):
    ours = store_and_index(source, ["Recon:EC2/PortProbeUnprotectedPort from 198.51.100.7", "Backdoor zebra"])
    theirs = store_and_index(other_source, ["Trojan:EC2/BlackholeTraffic quokka"], prefix="g")
    assert vocabulary(source.tenant_id) == words_of(ours)
    assert {"zebra", "198.51.100.7", "portprobeunprotectedport"} <= vocabulary(source.tenant_id)
    assert vocabulary(other_source.tenant_id) == words_of(theirs)
    assert "quokka" not in vocabulary(source.tenant_id) and "zebra" not in vocabulary(other_source.tenant_id)


def test_a_term_finds_the_events_of_every_word_that_contains_it_and_no_other(alice, source):
    store_and_index(
        source,
        ["Recon:EC2/Portscan", "reconnaissance began", "unrecognised caller", "nothing to see", "10.0.12.7 spoke"],
    )
    assert found(alice, "recon") == {"e0", "e1"}  # "unrecognised" holds "recog", not "recon"
    assert found(alice, "*ognis*") == {"e2"}
    assert found(alice, "0.12") == {"e4"}
    assert found(alice, "quokka") == set()


def test_another_tenants_words_never_widen_a_search(alice, source, other_source):
    store_and_index(other_source, ["zebracorn in globex"], prefix="g")
    store_and_index(source, ["zebra in acme"])
    assert SearchWord.objects.filter(tenant_id=source.tenant_id, word__contains="zebra").count() == 1
    assert found(alice, "zebra") == {"e0"}


def test_a_part_held_by_more_words_than_the_limit_is_matched_on_the_search_text_itself(alice, source, monkeypatch):
    monkeypatch.setattr(query, "WORDS_PER_TERM", 2)
    store_and_index(source, ["quokkaone", "quokkatwo", "quokkathree", "wombat"])
    assert found(alice, "quokka") == {"e0", "e1", "e2"}
    search = event_search(user=alice, q="quokka")
    assert search.query.search_prefers_newest_first  # found by walking the newest events
    assert not event_search(user=alice, q="wombat").query.search_prefers_newest_first


def test_rebuilding_the_vocabulary_forgets_the_words_no_event_holds_any_more(alice, source):
    store_and_index(source, ["Recon zebra", "Backdoor quokka"])
    LogEvent.objects.filter(event_id="e1").delete()
    assert "quokka" in vocabulary(source.tenant_id)  # deleting events leaves their words
    LogEvent.objects.filter(event_id="e0").update(search_text="recon yak zebra")  # as a bulk load writes it
    assert search_words_rebuild(tenant=source.tenant) == (1, 2)  # "yak" in; "backdoor" and "quokka" out
    assert vocabulary(source.tenant_id) == {"recon", "yak", "zebra"}
    assert found(alice, "yak") == {"e0"}
    assert found(alice, "zebra") == {"e0"}


def test_the_command_rebuilds_a_named_tenants_vocabulary_and_refuses_an_unknown_one(source):
    from django.core.management import CommandError, call_command

    store_and_index(source, ["Recon zebra", "Backdoor quokka"])
    LogEvent.objects.filter(event_id="e1").delete()
    out = io.StringIO()
    call_command("rebuild_search_words", tenant=source.tenant.name, stdout=out)
    assert f"{source.tenant.name}: 0 words added, 2 removed" in out.getvalue()
    assert "quokka" not in vocabulary(source.tenant_id)
    with pytest.raises(CommandError, match="No tenant is named 'Nobody'"):
        call_command("rebuild_search_words", tenant="Nobody")


def test_a_long_term_is_checked_whole_on_the_words_its_first_characters_find(alice, source):
    assert len("probeunprotected") > query.WORD_LOOKUP_CHARS
    store_and_index(
        source, ["Recon:EC2/PortProbeUnprotectedPort", "portprobeunprotectedzz", "x0cb61fe52bf159497a1989db8f3"]
    )
    assert found(alice, "probeunprotected") == {"e0", "e1"}
    assert found(alice, "probeunprotectedp") == {"e0"}  # same first characters, not the same part
    assert found(alice, "0cb61fe52bf159497a1989db8f3") == {"e2"}  # inside a longer word


@pytest.mark.django_db(transaction=True)  # the task's own transactions, as beat runs it
def test_the_weekly_task_lets_go_of_the_words_of_purged_events(alice, source):
    from events.services import log_events_purge
    from events.tasks import rebuild_search_words

    store_and_index(source, ["Recon zebra", "Backdoor quokka"])  # e0 at T0, e1 a second later
    assert log_events_purge(tenant=source.tenant, older_than=T0 + timedelta(milliseconds=500)) == 1
    assert {"recon", "zebra"} <= vocabulary(source.tenant_id)
    assert rebuild_search_words.apply().get()[source.tenant.name] == [0, 2]  # the beat task, run here
    assert vocabulary(source.tenant_id) == {"backdoor", "quokka"}
    assert found(alice, "quokka") == {"e1"} and found(alice, "zebra") == set()


@pytest.mark.django_db(transaction=True)
def test_a_word_an_indexer_uses_while_the_vocabulary_is_rebuilt_is_kept(alice, source):
    """The rebuild reads the search texts, then waits for the indexer in the middle of a batch:
    that batch's event holds "zebra", whose last other event is gone, and "zebra" must stay."""
    import threading

    from django.db import connections, transaction

    from events.services import log_events_index

    store_and_index(source, ["Recon zebra"])
    LogEvent.objects.filter(event_id="e0").delete()
    log_events_store(
        tenant_id=source.tenant_id,
        source_id=source.pk,
        region="us-east-1",
        events=[{"eventId": "late", "timestamp": T0.timestamp() * 1000, "message": "zebra again"}],
    )  # waiting for the indexer when the rebuild reads the search texts
    indexer_holds, rebuilt, results = threading.Event(), threading.Event(), []

    def indexer():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("LOCK TABLE events_searchword IN ROW EXCLUSIVE MODE")  # as a batch in flight
                indexer_holds.set()
                for _ in range(600):  # until the rebuild waits for this transaction
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else one view per transaction
                        cursor.execute(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                            "AND query LIKE 'LOCK TABLE events_searchword IN SHARE ROW EXCLUSIVE%%'"
                        )
                        if cursor.fetchone()[0]:
                            results.append("rebuild waits")
                            break
                    time.sleep(0.05)
                results.append(("indexed", log_events_index()))
        finally:
            connections.close_all()

    def rebuild():
        try:
            results.append(("rebuilt", search_words_rebuild(tenant=source.tenant)))
        finally:
            rebuilt.set()
            connections.close_all()

    threads = [threading.Thread(target=indexer)]
    threads[0].start()
    assert indexer_holds.wait(30)
    threads.append(threading.Thread(target=rebuild))
    threads[1].start()
    for thread in threads:
        thread.join(60)
    assert results == ["rebuild waits", ("indexed", 1), ("rebuilt", (0, 1))]  # "recon" goes, "zebra" stays
    assert vocabulary(source.tenant_id) == {"again", "zebra"}
    assert found(alice, "zebra") == {"late"}

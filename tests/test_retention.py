"""Retention: the periodic purge, changing the setting (Write Log Management), purging now (Delete Log Management)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import PermissionMissing, ValidationFailed
from events.models import LogEvent
from events.services import log_events_purge, log_events_purge_expired, log_events_store, log_retention_set
from events.tasks import purge_expired
from tenants.models import Role
from tenants.permissions import Permission


def store_aged(source, ages_days: list[float]) -> None:
    now = timezone.now()
    events = [
        {"eventId": f"r{i}", "timestamp": (now - timedelta(days=d)).timestamp() * 1000, "message": f"m{i}"}
        for i, d in enumerate(ages_days)
    ]
    log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region="us-east-1", events=events)


def test_the_periodic_purge_deletes_only_events_older_than_each_tenants_retention(people, source):
    acme = people["acme"]
    acme.log_retention_days = 7
    acme.save()
    store_aged(source, [0.5, 6.9, 7.1, 30])
    result = purge_expired.apply().get()  # the beat task, run here
    assert result["Acme"] == 2
    assert sorted(LogEvent.objects.values_list("message", flat=True)) == ["m0", "m1"]
    assert log_events_purge_expired()["Acme"] == 0


def test_changing_retention_needs_write_log_management(alice, bob, people):
    with pytest.raises(PermissionMissing) as exc:
        log_retention_set(user=bob, days=10)
    assert "Write Log Management" in str(exc.value)
    assert log_retention_set(user=alice, days=10).log_retention_days == 10
    with pytest.raises(ValidationFailed) as exc:
        log_retention_set(user=alice, days=0)
    assert exc.value.field == "log_retention_days"
    with pytest.raises(ValidationFailed):
        log_retention_set(user=alice, days="ten")
    people["acme"].refresh_from_db()
    assert people["acme"].log_retention_days == 10


def test_purging_now_needs_delete_log_management(alice, people, source, client_for):
    from tenants.services import member_create

    reader = Role.objects.create(
        tenant=people["acme"], name="Reader", permissions=[Permission.READ_LOG_MANAGEMENT.value]
    )
    dana = member_create(
        actor=None, tenant=people["acme"], username="dana", password="x-long-password-1", role=reader
    ).user
    store_aged(source, [1, 100, 200])
    with pytest.raises(PermissionMissing) as exc:
        log_events_purge(user=dana)
    assert "Delete Log Management" in str(exc.value)
    response = client_for(dana).post(reverse("events:purge"))
    assert response.status_code == 403
    assert LogEvent.objects.count() == 3
    response = client_for(alice).post(reverse("events:purge"))
    assert response.status_code == 302
    assert list(LogEvent.objects.values_list("message", flat=True)) == ["m0"]  # default retention 90 days


def test_the_retention_page_changes_the_setting_and_explains_missing_permissions(alice, people, client_for):
    reader = Role.objects.create(
        tenant=people["acme"], name="Reader", permissions=[Permission.READ_LOG_MANAGEMENT.value]
    )
    from tenants.services import member_create

    dana = member_create(
        actor=None, tenant=people["acme"], username="dana", password="x-long-password-1", role=reader
    ).user
    page = client_for(dana).get(reverse("events:retention")).content.decode()
    assert "needs the permission Write Log Management" in page
    assert "needs the permission Delete Log Management" in page
    client = client_for(alice)
    response = client.post(reverse("events:retention"), {"log_retention_days": "0"})
    assert response.status_code == 200 and "greater than or equal to 1" in response.content.decode()
    response = client.post(reverse("events:retention"), {"log_retention_days": "14"})
    assert response.status_code == 302
    people["acme"].refresh_from_db()
    assert people["acme"].log_retention_days == 14


def test_another_tenants_events_are_not_purged(charlie, source):
    store_aged(source, [200])
    assert log_events_purge(user=charlie) == 0
    assert LogEvent.objects.count() == 1


def test_a_finding_whose_occurrences_are_all_purged_goes_with_them(people, source):
    from demo import findings
    from events.models import Finding
    from events.services import log_events_index_all

    now = timezone.now()
    old, recent = findings.finding(region="us-east-1", seed=1), findings.finding(region="us-east-1", seed=2)
    log_events_store(
        tenant_id=source.tenant_id,
        source_id=source.pk,
        region="us-east-1",
        events=[
            {
                "eventId": "old",
                "timestamp": (now - timedelta(days=30)).timestamp() * 1000,
                "message": findings.message(old),
            },
            {"eventId": "new", "timestamp": now.timestamp() * 1000, "message": findings.message(recent)},
        ],
    )
    log_events_index_all()
    assert Finding.objects.filter(tenant=people["acme"]).count() == 2
    Finding.objects.filter(finding_id=old["detail"]["id"]).update(last_collected_at=now - timedelta(days=30))
    assert log_events_purge(tenant=people["acme"], older_than=now - timedelta(days=7)) == 1
    assert list(Finding.objects.filter(tenant=people["acme"]).values_list("finding_id", flat=True)) == [
        recent["detail"]["id"]
    ]

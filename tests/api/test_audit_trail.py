"""The audit trail: what the journey records, through the API and the page, and that nobody can change it."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from deployments import services as deployment_services
from log_sources.models import LogSource
from tenants import audit
from tenants.models import AuditEvent, Role
from tenants.services import member_create
from tests.conftest import PASSWORD, SECRETS

AUDIT = "/api/v1/audit-events/"


def run(operation_id: int) -> None:
    for _ in range(60):
        if deployment_services.deployment_advance(operation_id=operation_id) is None:
            return
    raise AssertionError("the operation did not end")


def actions(tenant) -> list[str]:
    return list(AuditEvent.objects.filter(tenant=tenant).order_by("at", "pk").values_list("action", flat=True))


def all_audit_text() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT actor_username, action, target_type, target_id, details FROM {AuditEvent._meta.db_table}"
        )
        return json.dumps([[str(c) for c in row] for row in cursor.fetchall()])


def test_the_journey_through_the_api_is_recorded_with_actor_target_and_address(aws, api, alice, people, source_data):
    endpoint_id = api.post(
        "/api/v1/endpoints/", {"name": "Relay Two", "hostname": "relay-2.acme.example"}, format="json"
    ).json()["id"]
    created = api.post("/api/v1/log-sources/", {**source_data, "endpoint": endpoint_id}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    launched = api.post(f"/api/v1/log-sources/{pk}/deploy/", {"use_source_credentials": True}, format="json")
    assert launched.status_code == 202
    run(launched.json()["id"])
    assert api.post(f"/api/v1/log-sources/{pk}/verify/").status_code == 200
    assert api.post(f"/api/v1/log-sources/{pk}/pull/").status_code in (200, 202)
    assert api.patch(f"/api/v1/log-sources/{pk}/", {"log_retention_days": 7}, format="json").status_code == 200
    assert api.delete(f"/api/v1/log-sources/{pk}/?keep_aws_resources=true").status_code == 204

    recorded = actions(people["acme"])
    for action in (
        "endpoint.create",
        "source.create",
        "source.deploy",
        "source.verify",
        "source.pull_now",
        "source.update",
        "source.delete",
    ):
        assert action in recorded, (action, recorded)

    delete = AuditEvent.objects.get(action="source.delete", tenant=people["acme"])
    assert (delete.actor, delete.actor_username, delete.target_type, delete.target_id) == (
        alice,
        "alice",
        "logsource",
        str(pk),
    )
    assert delete.ip == "127.0.0.1"
    assert delete.details["keep_aws_resources"] is True
    assert delete.details["account"] == "123456789012"
    assert not LogSource.objects.filter(pk=pk).exists()  # the record outlives the source
    update = AuditEvent.objects.get(action="source.update", tenant=people["acme"])
    assert update.details["changed"] == {"log_retention_days": {"from": 3, "to": 7}}
    assert (
        AuditEvent.objects.get(action="source.create", tenant=people["acme"])
        .details["access_key"]
        .endswith(source_data["aws_access_key_id"][-4:])
    )
    # Names what changed, never the secrets themselves.
    assert not [s for s in SECRETS if s in all_audit_text()]


def test_the_api_filters_by_action_actor_and_time_and_names_a_bad_filter(api, alice, people, endpoint):
    audit.record("source.delete", actor=alice, target_type="logsource", target_id=1)
    AuditEvent.objects.create(  # as the portal wrote it a month ago
        tenant=people["acme"],
        actor=alice,
        actor_username="alice",
        action="source.delete",
        at=timezone.now() - timedelta(days=30),
    )

    body = api.get(AUDIT, {"action": "source.delete"}).json()
    assert [e["action"] for e in body["results"]] == ["source.delete", "source.delete"]
    assert set(body["results"][0]) == {"id", "at", "actor", "action", "target_type", "target_id", "ip", "details"}
    assert body["results"][0]["actor"] == "alice"

    recent = api.get(AUDIT, {"action": "source.*", "since": (timezone.now() - timedelta(days=1)).isoformat()}).json()
    assert [e["target_id"] for e in recent["results"]] == ["1"]
    older = api.get(AUDIT, {"until": (timezone.now() - timedelta(days=1)).isoformat()}).json()
    assert [e["action"] for e in older["results"]] == ["source.delete"]
    assert api.get(AUDIT, {"actor": "ALICE", "action": "endpoint.create"}).json()["results"][0]["actor"] == "alice"
    assert api.get(AUDIT, {"actor": "bob"}).json()["results"] == []

    bad = api.get(AUDIT, {"since": "yesterday", "action": "DROP TABLE"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"since", "action"}
    assert "ISO 8601" in bad.json()["since"][0]


def test_only_the_tenant_admins_see_their_own_tenant_events(api_for, alice, bob, charlie, endpoint):
    event = AuditEvent.objects.get(action="endpoint.create")
    refused = api_for(bob).get(AUDIT)
    assert refused.status_code == 403
    assert refused.json()["missing_permissions"] == ["Manage Users"]
    seen_by_charlie = api_for(charlie).get(AUDIT).json()["results"]
    assert event.pk not in [e["id"] for e in seen_by_charlie]
    assert {e["actor"] for e in seen_by_charlie} <= {"charlie", None}
    assert api_for(charlie).get(f"{AUDIT}{event.pk}/").status_code == 404
    assert api_for(alice).get(f"{AUDIT}{event.pk}/").json()["details"]["name"] == "Relay One"
    for method in ("post", "put", "patch", "delete"):
        assert getattr(api_for(alice), method)(f"{AUDIT}{event.pk}/", {}, format="json").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_events_cannot_be_changed_or_deleted_by_the_application(people, alice):
    event = audit.record("role.update", actor=alice, target_type="role", target_id=1, details={"added": ["x"]})
    event.action = "role.create"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="role.create")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    if connection.vendor == "postgresql":
        # Below the application too: PostgreSQL refuses an UPDATE of the table.
        with (
            pytest.raises(Exception, match="audit events cannot be changed"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET action = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "role.update"
    # A removed member's account goes; their name stays on what they did.
    alice.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.actor_id, kept.actor_username, kept.action) == (None, "alice", "role.update")


def test_events_older_than_retention_are_purged(people, alice, settings):
    settings.AUDIT_RETENTION_DAYS = 396
    recent = audit.record("logs.export", actor=alice)
    old = AuditEvent.objects.create(
        tenant=people["acme"], action="logs.export", at=timezone.now() - timedelta(days=400)
    )
    assert audit.audit_events_purge() == 1
    assert list(AuditEvent.objects.filter(pk__in=[recent.pk, old.pk]).values_list("pk", flat=True)) == [recent.pk]


def test_the_page_lists_filters_and_exports_neutralised_csv(client_for, alice, bob, people):
    odd = Role.objects.get(tenant=people["acme"], builtin="read_only")
    member_create(actor=alice, tenant=people["acme"], username="+cmd", password=PASSWORD, role=odd)
    mallory = member_create(actor=None, tenant=people["acme"], username="@evil", password=PASSWORD, role=odd).user
    audit.record("logs.export", actor=mallory, details={"format": "csv"})
    client = client_for(alice)

    page = client.get("/users/audit/", {"action": "logs.*"})
    assert page.status_code == 200
    assert b'data-action="logs.export"' in page.content
    assert b'data-action="member.create"' not in page.content
    assert client.get("/users/audit/", {"since": "not a time"}).status_code == 400
    assert client_for(bob).get("/users/audit/").status_code == 403

    exported = client.get("/users/audit/export.csv", {"actor": "@evil"})
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert rows[0] == ["at", "actor", "action", "target_type", "target_id", "ip", "details"]
    assert [r[1:3] for r in rows[1:]] == [["'@evil", "logs.export"]]
    assert AuditEvent.objects.filter(action="audit.export", actor=alice).exists()

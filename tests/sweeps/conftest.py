"""Acme's world for the sweeps: one or more of alice's objects of every kind a route can name.

Every name Acme's objects carry contains "zeta", so a response that shows any of them to
someone who may not see them is found by one search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.aws import AwsCredentials
from demo import findings
from events.models import Finding
from events.services import log_events_index_all
from tenants.models import ApiToken, AuditEvent, Membership, Role
from tests.conftest import (
    ACCESS_KEY,
    ACCOUNT,
    DEPLOY_ACCESS_KEY,
    DEPLOY_SECRET_KEY,
    PASSWORD,
    SECRET_KEY,
    forget_rate_limit_counts,
)

MARKER = b"zeta"  # in every name of Acme's objects (case-insensitive)
EVENTS = 50


@dataclass
class World:
    acme: Any
    globex: Any
    users: dict[str, Any]
    ids: dict[str, list[Any]] = field(default_factory=dict)  # kind -> alice's objects' ids
    source: Any = None

    def page_client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        # A view that fails answers its error page, as a browser would see it.
        client.raise_request_exception = False
        return client

    def fresh_rate_limits(self) -> None:
        forget_rate_limit_counts()

    def api_client(self, who: str) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(self.users[who])[1]}")
        client.raise_request_exception = False
        return client


def store_findings(source, count: int = EVENTS, *, region: str = "us-east-1") -> None:
    from events.services import log_events_store

    start = datetime.now(UTC) - timedelta(hours=2)
    events = [
        {"eventId": f"zeta-{source.pk}-{i:05d}", "timestamp": int(when.timestamp() * 1000), "message": message}
        for i, (when, message) in enumerate(
            findings.stream(count, account=ACCOUNT, region=region, seed=7, start=start, step=timedelta(seconds=30))
        )
    ]
    log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region=region, events=events)


def _member(tenant, username: str, role) -> Any:
    from tenants.services import member_create

    return member_create(actor=None, tenant=tenant, username=username, password=PASSWORD, role=role).user


def zeta_source(alice, *, key_id: str = ACCESS_KEY, secret: str = SECRET_KEY, **data) -> tuple[Any, Any]:
    """alice's endpoint "Zeta Relay" and a source on it (StackSet in three regions unless `data` says otherwise)."""
    from log_sources.services import log_source_create
    from relay.services import endpoint_create

    endpoint = endpoint_create(user=alice, name="Zeta Relay", hostname="zeta-relay.acme.example")
    source = log_source_create(
        user=alice,
        data={
            "endpoint": endpoint.pk,
            "hostname": "zeta-source.acme.example",
            "protocol": "AWS CloudWatch Logs (HTTPS)",
            "aws_account_number": ACCOUNT,
            "aws_access_key_id": key_id,
            "aws_secret_access_key": secret,
            "regions": ["us-east-1", "eu-west-1", "ap-southeast-2"],
            "mode": "stackset",
            **data,
        },
    )
    return endpoint, source


def _zeta_organization(tenant, endpoint, source):
    """An Organization as its first sync leaves it (adding one asks AWS, which the sweeps never reach)."""
    from organizations.models import Organization, OrganizationAccount

    organization = Organization.objects.create(
        tenant=tenant,
        endpoint=endpoint,
        name="Zeta Organization",
        mode="administrator",
        account_number=source.aws_account_number,
        role_arn=f"arn:aws:iam::{source.aws_account_number}:role/ArmorGuardDutyOrganizationReader",
        regions=["us-east-1"],
        administrator_source=source,
    )
    OrganizationAccount.objects.create(
        organization=organization, account_number="210000000001", name="zeta-member", guardduty_member=True
    )
    return organization


def _zeta_channel(alice):
    """alice's webhook channel with one delivery (queued nowhere: the sweeps run inside a transaction)."""
    from notifications.services import channel_create, notifications_announce

    channel = channel_create(
        user=alice, kind="webhook", name="Zeta Hook", target="https://zeta-hooks.acme.example/portal"
    ).channel
    notifications_announce(
        tenant=channel.tenant, event="warning", subject="Zeta source is in Warning", payload={"source": "zeta"}
    )
    return channel


@pytest.fixture
def world(people) -> World:
    from deployments.services import deployment_launch
    from relay.services import endpoint_create

    acme, alice = people["acme"], people["alice"]
    endpoint, source = zeta_source(alice, tags={"team": "zeta"})
    spare_endpoint = endpoint_create(user=alice, name="Zeta Spare Relay", hostname="zeta-spare.acme.example")
    operation = deployment_launch(
        user=alice, source=source, deploy_credentials=AwsCredentials(DEPLOY_ACCESS_KEY, DEPLOY_SECRET_KEY)
    )
    store_findings(source)
    log_events_index_all()  # builds the Finding records too
    spare_role = Role.objects.create(tenant=acme, name="Zeta Spare Role", permissions=[])
    organization = _zeta_organization(acme, endpoint, source)
    channel = _zeta_channel(alice)
    users = {
        "alice": alice,
        "bob": people["bob"],
        "charlie": people["charlie"],
        "nobody": _member(acme, "nobody", Role.objects.create(tenant=acme, name="Nothing", permissions=[])),
        "readonly": _member(acme, "readonly", Role.objects.get(tenant=acme, builtin=Role.Builtin.READ_ONLY)),
    }
    world = World(acme=acme, globex=people["globex"], users=users, source=source)
    world.fresh_rate_limits()
    world.ids = {
        "source": [source.pk],
        "organization": [organization.pk],
        "endpoint": [endpoint.pk, spare_endpoint.pk],
        "operation": [operation.pk],
        "role": [people["viewer_role"].pk, spare_role.pk, Role.objects.get(tenant=acme, builtin="admin").pk],
        "member": list(Membership.objects.filter(tenant=acme).order_by("pk").values_list("pk", flat=True)),
        "token": [ApiToken.issue(alice)[0].pk, ApiToken.issue(people["bob"])[0].pk],
        "event": list(source.events.order_by("pk").values_list("pk", flat=True)[:2]),
        "region": ["us-east-1"],
        "audit_event": list(AuditEvent.objects.filter(tenant=acme).order_by("pk").values_list("pk", flat=True)[:2]),
        "finding": list(Finding.objects.filter(tenant=acme).order_by("pk").values_list("pk", flat=True)[:2]),
        "notification_channel": [channel.pk],
    }
    return world

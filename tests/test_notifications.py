"""Notification channels: email and signed webhooks, their deliveries, retries, permissions and pages.

The webhook receiver is a real HTTP server on 127.0.0.1 in a thread (so these tests turn on
NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS, which production leaves off); the retry runs in a real
Celery worker process on the real broker.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from notifications import transport
from notifications.models import Delivery, DeliveryAttempt, NotificationChannel
from notifications.services import (
    channel_create,
    deliveries_purge,
    delivery_attempt,
    notifications_announce,
    retry_delay,
)
from notifications.throttles import ChannelTestThrottle
from tenants.models import ApiToken, AuditEvent, Role
from tenants.services import member_create
from tests.conftest import PASSWORD
from tests.webhooks import Receiver, verify
from tests.workers import celery_worker, wait_for

API = "/api/v1/notification-channels/"


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user)[1]}")
    return client


@pytest.fixture
def readonly(people):
    role = Role.objects.get(tenant=people["acme"], builtin=Role.Builtin.READ_ONLY)
    return member_create(actor=None, tenant=people["acme"], username="reader", password=PASSWORD, role=role).user


# --- The webhook, end to end with a real worker -------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(180)
def test_it_signs_the_webhook_and_a_real_worker_retries_after_a_500(people, receiver, private_ok):
    alice = people["alice"]
    hook = receiver(statuses=(500, 200))
    created = api_for(alice).post(
        API, {"kind": "webhook", "name": "SOC hook", "target": hook.url, "events": ["critical"]}, format="json"
    )
    assert created.status_code == 201, created.content
    secret = created.json()["secret"]
    assert len(secret) >= 40
    channel = NotificationChannel.objects.get(pk=created.json()["id"])
    env = {"NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS": "true", "NOTIFICATIONS_RETRY_BASE_SECONDS": "0.5"}
    with celery_worker(["portal"], env=env) as worker:
        deliveries = notifications_announce(
            tenant=people["acme"], event="critical", subject="Source zeta is Critical", payload={"source": 7}
        )
        assert [d.channel_id for d in deliveries] == [channel.pk]
        delivery = deliveries[0]
        wait_for(
            lambda: Delivery.objects.get(pk=delivery.pk).status == "delivered",
            timeout=90,
            message="the delivery delivered after one retry",
            worker=worker,
        )
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.delivered_at is not None and delivery.last_error == ""
    attempts = list(DeliveryAttempt.objects.filter(delivery=delivery).order_by("attempted_at", "pk"))
    assert [a.status_code for a in attempts] == [500, 200]
    assert "500" in attempts[0].error
    assert len(hook.requests) == 2
    for request in hook.requests:
        headers, body = request["headers"], request["body"]
        assert verify(secret, headers, body)
        assert not verify("another-secret", headers, body)
        assert headers["Content-Type"] == "application/json"
        assert headers["X-Portal-Event"] == "critical"
        assert headers["X-Portal-Delivery"] == str(delivery.pk)
        assert request["path"] == "/hooks/portal?x=1"
        sent = json.loads(body)
        assert sent["event"] == "critical" and sent["subject"] == "Source zeta is Critical"
        assert sent["source"] == 7 and sent["delivery_id"] == delivery.pk and sent["sent_at"]


def test_a_signature_older_than_the_tolerance_is_rejected_by_the_recipe():
    body = b'{"event":"ok"}'
    old = int(time.time()) - 3600
    header = transport.sign("s3cret", old, body)
    assert not verify("s3cret", {"X-Portal-Signature": header}, body)
    assert verify("s3cret", {"X-Portal-Signature": transport.sign("s3cret", int(time.time()), body)}, body)


def test_other_4xx_fail_at_once_and_5xx_retry_until_the_limit(people, receiver, private_ok):
    alice = people["alice"]
    gone = receiver(statuses=(404,))
    channel = channel_create(user=alice, kind="webhook", name="Gone", target=gone.url).channel
    delivery = notifications_announce(tenant=people["acme"], event="ok", subject="OK again", payload={})[0]
    assert delivery_attempt(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == 1 and "404" in delivery.last_error
    assert len(gone.requests) == 1

    down = receiver(statuses=(503,))
    channel.target = down.url
    channel.save()
    private_ok.NOTIFICATIONS_MAX_ATTEMPTS = 3
    private_ok.NOTIFICATIONS_RETRY_BASE_SECONDS = 30
    delivery = notifications_announce(tenant=people["acme"], event="ok", subject="OK again", payload={})[0]
    delays = []
    for _ in range(3):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None)  # the countdown has passed
        delays.append(delivery_attempt(delivery_id=delivery.pk))
    delivery.refresh_from_db()
    assert delays == [30.0, 60.0, None]
    assert delivery.status == "failed" and delivery.attempts == 3 and "Gave up after 3 attempts" in delivery.last_error
    assert delivery.attempt_log.count() == 3


def test_retry_delays_double_from_the_base_up_to_an_hour(settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 30
    assert [retry_delay(n) for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_a_redirect_is_not_followed(people, receiver, private_ok):
    hook = receiver(statuses=(302,))
    channel_create(user=people["alice"], kind="webhook", name="Moved", target=hook.url)
    delivery = notifications_announce(tenant=people["acme"], event="warning", subject="w", payload={})[0]
    delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "redirect" in delivery.last_error


def test_an_unreachable_receiver_is_retried(people, private_ok):
    # A port nothing listens on: connection refused is transient.
    channel_create(user=people["alice"], kind="webhook", name="Down", target="http://127.0.0.1:9/x")
    delivery = notifications_announce(tenant=people["acme"], event="warning", subject="w", payload={})[0]
    assert delivery_attempt(delivery_id=delivery.pk) == 30.0
    delivery.refresh_from_db()
    assert delivery.status == "retrying" and delivery.attempt_log.get().status_code is None


def test_a_delivered_delivery_is_not_sent_twice(people, receiver, private_ok):
    hook = receiver()
    channel_create(user=people["alice"], kind="webhook", name="Once", target=hook.url)
    delivery = notifications_announce(tenant=people["acme"], event="warning", subject="w", payload={})[0]
    delivery_attempt(delivery_id=delivery.pk)
    delivery_attempt(delivery_id=delivery.pk)  # the broker delivered the message twice
    assert len(hook.requests) == 1


# --- Where webhooks may go ------------------------------------------------------------------


@pytest.mark.parametrize(
    "target, words",
    [
        ("http://hooks.example.com/x", "https://"),
        ("https://127.0.0.1/x", "loopback"),
        ("https://localhost:8443/x", "loopback"),
        ("https://10.1.2.3/x", "private"),
        ("https://192.168.0.10/x", "private"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://[::1]/x", "loopback"),
        ("https://[::ffff:10.0.0.1]/x", "private"),
        ("https://224.0.0.1/x", "multicast"),
        ("https://user:pw@hooks.example.com/x", "user name"),
        ("ftp://hooks.example.com/x", "https://"),
        ("not a url", "https://"),
    ],
)
def test_it_refuses_webhook_targets_that_are_not_public_https(people, target, words):
    response = api_for(people["alice"]).post(API, {"kind": "webhook", "name": "Bad", "target": target}, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["target"]
    assert words in response.json()["target"][0]
    assert not NotificationChannel.objects.exists()


def test_private_and_http_targets_are_allowed_when_the_setting_is_on(people, private_ok):
    api = api_for(people["alice"])
    for n, target in enumerate(["http://127.0.0.1:8080/x", "https://10.0.0.5/x", "http://localhost/x"]):
        response = api.post(API, {"kind": "webhook", "name": f"Local {n}", "target": target}, format="json")
        assert response.status_code == 201, response.content


def test_a_name_that_resolves_to_a_private_address_is_refused_at_send_time(people, settings):
    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = False
    channel = channel_create(
        user=people["alice"], kind="webhook", name="Sneaky", target="https://hooks.example.com/x"
    ).channel
    # A name whose DNS answer changed to a loopback address after it was saved.
    NotificationChannel.objects.filter(pk=channel.pk).update(target="https://localhost/x")
    delivery = notifications_announce(tenant=people["acme"], event="warning", subject="w", payload={})[0]
    assert delivery_attempt(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "loopback" in delivery.last_error and delivery.attempts == 1


def test_resolve_refuses_every_non_public_address(settings):
    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = False
    with pytest.raises(transport.AddressRefused, match="loopback"):
        transport.resolve("localhost", 443)
    for address in ("169.254.169.254", "10.0.0.1", "100.64.0.1", "0.0.0.0", "240.0.0.1", "fe80::1"):  # noqa: S104
        assert transport.private_reason(address), address
    assert transport.private_reason("93.184.215.14") is None


# --- Email ----------------------------------------------------------------------------------


def test_an_email_channel_sends_a_plain_text_summary(people, django_capture_on_commit_callbacks):
    alice = people["alice"]
    response = api_for(alice).post(
        API,
        {"kind": "email", "name": "SOC mail", "target": "soc@example.com, oncall@example.com", "events": ["warning"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["secret"] == ""
    deliveries = notifications_announce(
        tenant=people["acme"], event="warning", subject="Source zeta is in Warning", payload={"region": "us-east-1"}
    )
    delivery_attempt(delivery_id=deliveries[0].pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Source zeta is in Warning"
    assert message.to == ["soc@example.com", "oncall@example.com"]
    assert "region: us-east-1" in message.body
    deliveries[0].refresh_from_db()
    assert deliveries[0].status == "delivered"


@pytest.mark.parametrize("target", ["not-an-address", "a@example.com, nope", ""])
def test_it_refuses_bad_email_targets_naming_the_field(people, target):
    response = api_for(people["alice"]).post(API, {"kind": "email", "name": "M", "target": target}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["target"]


@pytest.mark.parametrize(
    "body, field, words",
    [
        ({"kind": "sms", "name": "x", "target": "a@example.com"}, "kind", "one of email, webhook"),
        ({"kind": "email", "name": "x", "target": "a@example.com", "events": ["panic"]}, "events", "'panic'"),
        ({"kind": "email", "name": "x", "target": "a@example.com", "events": []}, "events", "at least one"),
        ({"kind": "email", "name": "x", "target": "a@example.com", "events": "ok"}, "events", "a list"),
        ({"kind": "email", "name": "", "target": "a@example.com"}, "name", "required"),
        ({"kind": "email", "name": "x", "target": "a@example.com", "enabled": "yes"}, "enabled", "true or false"),
    ],
)
def test_validation_errors_name_the_field_and_the_rule(people, body, field, words):
    response = api_for(people["alice"]).post(API, body, format="json")
    assert response.status_code == 400
    assert words in response.json()[field][0]


# --- Announce -------------------------------------------------------------------------------


def test_announce_respects_subscriptions_and_enabled(people, django_capture_on_commit_callbacks):
    alice, charlie = people["alice"], people["charlie"]
    everything = channel_create(user=alice, kind="email", name="All", target="a@example.com").channel
    critical = channel_create(
        user=alice, kind="email", name="Critical only", target="c@example.com", events=["critical"]
    ).channel
    channel_create(user=alice, kind="email", name="Off", target="off@example.com", enabled=False)
    channel_create(user=charlie, kind="email", name="Globex", target="g@example.com")
    with django_capture_on_commit_callbacks() as queued:
        warning = notifications_announce(tenant=people["acme"], event="warning", subject="w", payload={})
    assert [d.channel_id for d in warning] == [everything.pk]
    assert len(queued) == 1  # each delivery's send waits for the commit
    crit = notifications_announce(tenant=people["acme"], event="critical", subject="c", payload={"n": 1})
    assert sorted(d.channel_id for d in crit) == sorted([everything.pk, critical.pk])
    assert all(d.status == "pending" and d.payload == {"n": 1} for d in crit)
    with pytest.raises(ValueError):
        notifications_announce(tenant=people["acme"], event="test", subject="x", payload={})


def test_nothing_is_queued_for_a_rolled_back_change(people, django_capture_on_commit_callbacks):
    from django.db import transaction

    channel_create(user=people["alice"], kind="email", name="All", target="a@example.com")
    with django_capture_on_commit_callbacks() as queued, pytest.raises(RuntimeError), transaction.atomic():
        notifications_announce(tenant=people["acme"], event="ok", subject="x", payload={})
        raise RuntimeError("the health change failed")
    assert queued == [] and not Delivery.objects.exists()


# --- API: permissions, isolation, secrets ---------------------------------------------------


def test_the_secret_is_shown_once_and_never_again(people, private_ok):
    alice = people["alice"]
    api = api_for(alice)
    created = api.post(API, {"kind": "webhook", "name": "Hook", "target": "https://hooks.example.com/x"}, format="json")
    secret = created.json()["secret"]
    pk = created.json()["id"]
    for response in (api.get(API), api.get(f"{API}{pk}/"), api.patch(f"{API}{pk}/", {"name": "Hook 2"}, format="json")):
        assert response.status_code == 200
        assert secret.encode() not in response.content and b'"secret"' not in response.content
    test = api.post(f"{API}{pk}/test/")
    assert test.status_code == 202 and secret.encode() not in test.content
    assert test.json()["event"] == "test" and test.json()["status"] == "pending"
    assert api.get(f"{API}{pk}/").json()["last_delivery"]["id"] == test.json()["id"]
    rotated = api.post(f"{API}{pk}/rotate-secret/")
    assert rotated.status_code == 200 and rotated.json()["secret"] not in ("", secret)
    assert NotificationChannel.objects.get(pk=pk).secret == rotated.json()["secret"]
    # Encrypted at rest, and never in the audit trail.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM notifications_notificationchannel WHERE id = %s", [pk])
        assert cursor.fetchone()[0].startswith("enc:fernet:")
    actions = list(
        AuditEvent.objects.filter(target_type="notificationchannel").order_by("pk").values_list("action", flat=True)
    )
    assert actions == [
        "notification_channel.create",
        "notification_channel.update",
        "notification_channel.test",
        "notification_channel.rotate_secret",
    ]
    for event in AuditEvent.objects.filter(target_type="notificationchannel"):
        assert secret not in json.dumps(event.details) and rotated.json()["secret"] not in json.dumps(event.details)
    assert api.delete(f"{API}{pk}/").status_code == 204
    assert AuditEvent.objects.filter(action="notification_channel.delete").exists()


def test_read_only_members_see_channels_but_cannot_manage_them(people, readonly):
    pk = channel_create(user=people["alice"], kind="email", name="Mail", target="a@example.com").channel.pk
    api = api_for(readonly)
    assert api.get(API).status_code == 200
    assert api.get(f"{API}{pk}/").status_code == 200
    refused = [
        api.post(API, {"kind": "email", "name": "Mine", "target": "b@example.com"}, format="json"),
        api.patch(f"{API}{pk}/", {"enabled": False}, format="json"),
        api.delete(f"{API}{pk}/"),
        api.post(f"{API}{pk}/test/"),
        api.post(f"{API}{pk}/rotate-secret/"),
    ]
    assert [r.status_code for r in refused] == [403] * 5
    assert "Write Log Management" in refused[0].json()["detail"]
    assert not Delivery.objects.exists() and NotificationChannel.objects.get(pk=pk).enabled
    # bob's role holds no Read Log Management: he may not even look.
    assert api_for(people["bob"]).get(API).status_code == 403


def test_another_tenants_channel_is_a_404(people):
    pk = channel_create(user=people["alice"], kind="email", name="Mail", target="a@example.com").channel.pk
    api = api_for(people["charlie"])
    assert api.get(API).json() == []
    for response in (
        api.get(f"{API}{pk}/"),
        api.patch(f"{API}{pk}/", {"enabled": False}, format="json"),
        api.delete(f"{API}{pk}/"),
        api.post(f"{API}{pk}/test/"),
        api.get(f"{API}{pk}/deliveries/"),
    ):
        assert response.status_code == 404
    assert NotificationChannel.objects.filter(pk=pk, enabled=True).exists() and not Delivery.objects.exists()


def test_patch_refuses_a_kind_change_and_unknown_fields(people):
    pk = channel_create(user=people["alice"], kind="email", name="Mail", target="a@example.com").channel.pk
    api = api_for(people["alice"])
    response = api.patch(f"{API}{pk}/", {"kind": "webhook"}, format="json")
    assert response.status_code == 400 and "cannot be changed" in response.json()["kind"][0]
    response = api.patch(f"{API}{pk}/", {"secret": "mine"}, format="json")
    assert response.status_code == 400 and "secret" in response.json()
    response = api.patch(f"{API}{pk}/", {"events": ["ok"], "enabled": False}, format="json")
    assert response.status_code == 200 and response.json()["events"] == ["ok"] and not response.json()["enabled"]


def test_deliveries_list_shows_every_attempt(people, receiver, private_ok):
    hook = receiver(statuses=(500, 200))
    pk = channel_create(user=people["alice"], kind="webhook", name="H", target=hook.url).channel.pk
    delivery = notifications_announce(tenant=people["acme"], event="warning", subject="w", payload={})[0]
    delivery_attempt(delivery_id=delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None)
    delivery_attempt(delivery_id=delivery.pk)
    body = api_for(people["alice"]).get(f"{API}{pk}/deliveries/").json()
    assert body[0]["status"] == "delivered"
    assert [a["status_code"] for a in body[0]["attempt_log"]] == [500, 200]


# --- Pages ----------------------------------------------------------------------------------


def test_the_page_adds_a_webhook_and_shows_its_secret_once(people, client_for, private_ok):
    page = client_for(people["alice"])
    url = reverse("notifications:list")
    response = page.post(
        url,
        {
            "kind": "webhook",
            "name": "Page hook",
            "target": "https://hooks.example.com/x",
            "events": ["warning"],
            "enabled": "on",
        },
    )
    assert response.status_code == 201
    channel = NotificationChannel.objects.get(name="Page hook")
    assert channel.events == ["warning"] and channel.enabled
    assert channel.secret in response.content.decode()
    assert "will not be shown again" in response.content.decode()
    assert response["Cache-Control"] == "no-store" or "no-store" in response["Cache-Control"]
    again = page.get(url)
    assert again.status_code == 200 and channel.secret not in again.content.decode()
    assert b"Page hook" in again.content and b"Send test" in again.content
    assert b"Notifications</a>" in again.content


def test_the_page_names_the_field_of_a_refusal(people, client_for):
    response = client_for(people["alice"]).post(
        reverse("notifications:list"), {"kind": "webhook", "name": "x", "target": "http://10.0.0.1/", "events": ["ok"]}
    )
    assert response.status_code == 400
    assert b"target must be an https:// URL" in response.content


def test_page_actions_test_toggle_and_delete(people, client_for):
    channel = channel_create(user=people["alice"], kind="email", name="Mail", target="a@example.com").channel
    page = client_for(people["alice"])
    assert page.post(reverse("notifications:test", args=[channel.pk])).status_code == 302
    assert Delivery.objects.get(channel=channel).event == "test"
    page.post(reverse("notifications:toggle", args=[channel.pk]))
    channel.refresh_from_db()
    assert not channel.enabled
    listing = page.get(reverse("notifications:list"))
    assert b"Enable</button>" in listing.content and b"Pending" in listing.content
    confirm = page.get(reverse("notifications:delete", args=[channel.pk]))
    assert confirm.status_code == 200 and b"Delete channel" in confirm.content
    assert page.post(reverse("notifications:delete", args=[channel.pk])).status_code == 302
    assert not NotificationChannel.objects.exists()


def test_send_test_is_limited_per_address_even_across_deleting_and_adding_the_channel(
    people, client_for, monkeypatch, private_ok
):
    # The manager chooses the address, so the button must not send to it as often as clicked.
    monkeypatch.setattr(ChannelTestThrottle, "THROTTLE_RATES", {"notification_test": "2/hour"})
    alice = people["alice"]
    api = api_for(alice)
    first = channel_create(user=alice, kind="email", name="Mail", target="victim@example.com").channel
    assert [api.post(f"{API}{first.pk}/test/").status_code for _ in range(2)] == [202, 202]
    refused = api.post(f"{API}{first.pk}/test/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many test notifications to victim@example.com (at most 2/hour)" in refused.json()["detail"]
    # A new channel to the same address shares the count; the page says why nothing was sent.
    # So does one that names it in other case beside another address.
    api.delete(f"{API}{first.pk}/")
    again = channel_create(
        user=alice, kind="email", name="Mail again", target="ops@example.com, Victim@Example.COM"
    ).channel
    page = client_for(alice)
    response = page.post(reverse("notifications:test", args=[again.pk]), follow=True)
    assert b"Too many test notifications to victim@example.com" in response.content
    assert not Delivery.objects.filter(channel=again).exists()
    # Another address has its own count.
    other = channel_create(user=alice, kind="email", name="Ops", target="soc@example.com").channel
    assert api.post(f"{API}{other.pk}/test/").status_code == 202
    assert Delivery.objects.filter(event="test").count() == 1  # the first two went with their channel
    # A webhook is counted by its URL, which the refusal does not repeat (it may hold a token).
    hook = channel_create(user=alice, kind="webhook", name="Hook", target="https://hooks.example.com/x?token=t0k3n")
    assert [api.post(f"{API}{hook.channel.pk}/test/").status_code for _ in range(2)] == [202, 202]
    refused = api.post(f"{API}{hook.channel.pk}/test/")
    assert refused.status_code == 429 and "to this webhook" in refused.json()["detail"]
    assert b"t0k3n" not in refused.content


def test_finished_deliveries_older_than_the_retention_are_purged_with_their_attempts(people, settings):
    settings.NOTIFICATION_RETENTION_DAYS = 30
    channel = channel_create(user=people["alice"], kind="email", name="Mail", target="a@example.com").channel
    now = timezone.now()

    def delivery(status, age_days):
        made = Delivery.objects.create(
            tenant=channel.tenant, channel=channel, event="test", subject=status, status=status
        )
        DeliveryAttempt.objects.create(delivery=made, error="kept with its delivery")
        Delivery.objects.filter(pk=made.pk).update(created_at=now - timedelta(days=age_days))
        return made

    delivery("delivered", 31), delivery("failed", 45)
    kept = [delivery("retrying", 31), delivery("pending", 40), delivery("failed", 29)]
    assert deliveries_purge(now=now) == 2
    assert sorted(Delivery.objects.values_list("pk", flat=True)) == sorted(d.pk for d in kept)
    assert DeliveryAttempt.objects.count() == 3


def test_read_only_members_see_the_page_without_forms(people, readonly, client_for):
    channel = channel_create(user=people["alice"], kind="email", name="Mail", target="a@example.com").channel
    page = client_for(readonly)
    listing = page.get(reverse("notifications:list"))
    assert listing.status_code == 200 and b"Mail" in listing.content
    assert b"Send test" not in listing.content and b"Add channel" not in listing.content
    assert page.post(reverse("notifications:test", args=[channel.pk])).status_code == 403
    assert (
        page.post(reverse("notifications:list"), {"kind": "email", "name": "x", "target": "b@example.com"}).status_code
        == 403
    )
    assert client_for(people["charlie"]).post(reverse("notifications:delete", args=[channel.pk])).status_code == 404
    assert client_for(people["bob"]).get(reverse("notifications:list")).status_code == 403


# --- TLS: verified against the URL's hostname while connecting to the checked address -------


def _certificate(tmp_path, ca, ca_key, hostname: str) -> tuple[str, str]:
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / f"{hostname}.pem", tmp_path / f"{hostname}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_path), str(key_path)


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch, receiver):
    """tls_receiver(hostname) -> an HTTPS receiver on 127.0.0.1 whose certificate names `hostname`,
    issued by a test CA that OpenSSL trusts through SSL_CERT_FILE (the system store stays untouched)."""
    import ssl
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    ca_key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Notifications test CA")])
    now = datetime.now(UTC)
    ca = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    ca_path = tmp_path / "ca.pem"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_path))

    def make(hostname: str) -> Receiver:
        hook = receiver()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*_certificate(tmp_path, ca, ca_key, hostname))
        hook.server.socket = context.wrap_socket(hook.server.socket, server_side=True)
        return hook

    return make


def test_tls_is_verified_against_the_urls_hostname(tls_receiver, private_ok):
    good = tls_receiver("localhost")
    port = good.server.server_address[1]
    outcome = transport.webhook_post(
        url=f"https://localhost:{port}/hook", secret="s", event="test", delivery_id=1, body=b"{}"
    )
    assert outcome.ok, outcome.error
    assert good.requests[0]["headers"]["Host"] == f"localhost:{port}"

    wrong = tls_receiver("somebody-else.example")
    port = wrong.server.server_address[1]
    outcome = transport.webhook_post(
        url=f"https://localhost:{port}/hook", secret="s", event="test", delivery_id=1, body=b"{}"
    )
    assert not outcome.ok and outcome.transient and "TLS" in outcome.error
    assert wrong.requests == []


def test_lost_messages_are_queued_again(people, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.services import deliveries_requeue_stale
    from tests.sweeps.probes import broker_forget, broker_items, message_task

    channel_create(user=people["alice"], kind="email", name="All", target="a@example.com")
    fresh, lost, overdue = (
        notifications_announce(tenant=people["acme"], event="ok", subject=str(n), payload={}) for n in range(3)
    )
    long_ago = timezone.now() - timedelta(minutes=10)
    Delivery.objects.filter(pk=lost[0].pk).update(created_at=long_ago)
    Delivery.objects.filter(pk=overdue[0].pk).update(status="retrying", next_attempt_at=long_ago)
    before = {(item.where, item.raw) for item in broker_items()}
    try:
        assert deliveries_requeue_stale() == 2
        new = [item for item in broker_items() if item.is_message and (item.where, item.raw) not in before]
        assert [message_task(item) for item in new] == ["notifications.deliver"] * 2
    finally:
        broker_forget([item for item in broker_items() if item.is_message and (item.where, item.raw) not in before])


def test_the_readmes_receiver_recipe_accepts_a_real_signature_and_refuses_a_forged_or_old_one():
    import re
    import time
    from pathlib import Path

    from django.conf import settings

    from notifications.transport import sign

    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    [recipe] = re.findall(r"```python\n(import hashlib, hmac, time\n.*?)```", readme, re.S)
    namespace: dict = {}
    exec(recipe, namespace)  # noqa: S102 - the README's own example
    verified = namespace["verified"]
    body = b'{"event":"critical"}'
    header = sign("s3cret", int(time.time()), body)
    assert verified("s3cret", header, body)
    assert not verified("s3cret", header, body + b" ")
    assert not verified("other", header, body)
    assert not verified("s3cret", sign("s3cret", int(time.time()) - 600, body), body)

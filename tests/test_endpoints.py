"""The Endpoints pages: list, add (with the worker command), detail and delete."""

from __future__ import annotations

import html
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from relay.models import Endpoint

LIST = reverse("relay:endpoint_list")
ADD = reverse("relay:endpoint_add")


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_it_adds_an_endpoint_and_shows_the_worker_command(client_for, alice):
    client = client_for(alice)
    page = text(client.get(ADD))
    assert ">Name</label>" in page and ">Hostname</label>" in page
    response = client.post(ADD, {"name": "Relay East", "hostname": "relay-east.acme.example"})
    endpoint = Endpoint.objects.get(name="Relay East")
    assert response.status_code == 302 and response.url == reverse("relay:endpoint_detail", args=[endpoint.pk])
    assert endpoint.created_by == alice
    assert endpoint.queue == f"relay.t{endpoint.tenant_id}.relay-east-acme-example"

    page = text(client.get(response.url))
    assert "Added the endpoint Relay East" in page
    command = f".venv/bin/celery -A portal worker --queues {endpoint.queue} --hostname {endpoint.queue}@%h"
    assert f'<pre id="worker-command">{command}' in page
    assert 'data-copy="worker-command">Copy</button>' in page
    assert "Never seen" in page


def test_it_shows_the_rule_a_bad_hostname_broke_and_stores_nothing(client_for, alice):
    response = client_for(alice).post(ADD, {"name": "Relay", "hostname": "not a host!"})
    assert response.status_code == 400
    page = text(response)
    assert "Hostname may hold letters, digits, hyphens and dots" in page
    assert 'value="Relay"' in page  # what was typed stays
    assert not Endpoint.objects.exists()


def test_it_refuses_a_duplicate_name_and_a_missing_one(client_for, alice, endpoint):
    client = client_for(alice)
    response = client.post(ADD, {"name": "Relay One", "hostname": "relay-9.acme.example"})
    assert response.status_code == 400
    assert "An endpoint named 'Relay One' already exists." in text(response)
    response = client.post(ADD, {"name": "", "hostname": ""})
    assert response.status_code == 400
    assert "Name is required." in text(response) and "Hostname is required." in text(response)
    assert Endpoint.objects.count() == 1


def test_it_lists_endpoints_with_status_and_source_count(client_for, alice, endpoint, source):
    online = Endpoint.objects.create(
        tenant=endpoint.tenant,
        name="Relay Online",
        hostname="on.acme.example",
        queue="q-on",
        last_seen_at=timezone.now(),
    )
    Endpoint.objects.create(
        tenant=endpoint.tenant,
        name="Relay Offline",
        hostname="off.acme.example",
        queue="q-off",
        last_seen_at=timezone.now() - timedelta(hours=2),
    )
    page = text(client_for(alice).get(LIST))
    for column in ("Name", "Hostname", "Queue", "Status", "Sources"):
        assert f"<th>{column}</th>" in page
    assert endpoint.queue in page
    assert "Never seen" in page
    assert '<span class="state-online">Online</span>' in page
    assert '<span class="state-offline">Offline</span>' in page
    assert "last seen 2\xa0hours ago" in page
    row = page.split("Relay One</a>")[1].split("</tr>")[0]
    assert "<td>1</td>" in row
    assert online.hostname in page


def test_it_refuses_to_delete_an_endpoint_in_use_and_names_the_sources(client_for, alice, endpoint, source):
    client = client_for(alice)
    page = text(client.get(reverse("relay:endpoint_delete", args=[endpoint.pk])))
    assert "1 log source uses this endpoint" in page
    response = client.post(reverse("relay:endpoint_delete", args=[endpoint.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("relay:endpoint_detail", args=[endpoint.pk])
    page = text(response)
    assert "The endpoint 'Relay One' is used by guardduty-123456789012; move or delete those log sources first." in page
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()


def test_it_deletes_an_unused_endpoint(client_for, alice, endpoint):
    response = client_for(alice).post(reverse("relay:endpoint_delete", args=[endpoint.pk]), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Deleted the endpoint Relay One." in text(response)
    assert not Endpoint.objects.filter(pk=endpoint.pk).exists()


def test_it_lets_bob_list_and_view_endpoints_but_not_add_or_delete(client_for, bob, endpoint):
    client = client_for(bob)
    page = text(client.get(LIST))
    assert "Relay One" in page
    assert 'aria-label="Add endpoint"' not in page
    assert client.get(reverse("relay:endpoint_detail", args=[endpoint.pk])).status_code == 200
    refused = client.get(ADD)
    assert refused.status_code == 403
    assert "Write Log Relays, Write Virtual Machine" in text(refused)
    assert client.post(ADD, {"name": "Bob's", "hostname": "bob.acme.example"}).status_code == 403
    assert client.post(reverse("relay:endpoint_delete", args=[endpoint.pk])).status_code == 403
    assert Endpoint.objects.count() == 1


def test_it_hides_other_tenants_endpoints(client_for, charlie, endpoint):
    client = client_for(charlie)
    assert "Relay One" not in text(client.get(LIST))
    assert client.get(reverse("relay:endpoint_detail", args=[endpoint.pk])).status_code == 404
    assert client.get(reverse("relay:endpoint_delete", args=[endpoint.pk])).status_code == 404
    assert client.post(reverse("relay:endpoint_delete", args=[endpoint.pk])).status_code == 404
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()

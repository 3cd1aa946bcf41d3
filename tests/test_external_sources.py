"""The External Sources page, a source's page and its deletion."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from collection.choices import CollectionState
from collection.models import PullUnit
from deployments.choices import DeployState
from deployments.models import RegionDeployment
from log_sources.models import LogSource, SourceRegion
from log_sources.regions import REGIONS
from log_sources.services import log_source_create
from tests.conftest import ACCESS_KEY, ACCOUNT, SECRET_KEY

LIST = reverse("log_sources:list")


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_it_shows_the_empty_state_with_the_add_button(client_for, alice):
    page = text(client_for(alice).get(LIST))
    assert "Let's Get Started" in page
    assert f'href="{reverse("log_sources:add")}"' in page
    assert 'aria-label="Add Log Source">+</a>' in page


def test_it_lists_a_source_with_its_columns(client_for, alice, source):
    response = client_for(alice).get(LIST)
    assert response.status_code == 200
    page = text(response)
    for column in ("Name / Hostname", "Type", "Endpoint", "Regions", "Status", "Last Event"):
        assert f"<th>{column}</th>" in page
    assert f"guardduty-{ACCOUNT}" in page
    assert "Amazon GuardDuty" in page
    assert "Relay One" in page
    for code in ("us-east-1", "eu-west-1", "ap-southeast-2"):
        assert f">{code}</span>" in page
    assert "Not deployed" in page
    assert "No events yet" in page
    assert "Let's Get Started" not in page
    assert SECRET_KEY not in page and ACCESS_KEY not in page


def test_it_shows_many_regions_as_a_count_with_every_name_on_hover(client_for, alice, source_data):
    log_source_create(user=alice, data={**source_data, "regions": "all"})
    page = text(client_for(alice).get(LIST))
    assert ">15 regions</span>" in page
    for region in REGIONS:
        assert f"{region.name} ({region.code})" in page


def test_it_shows_the_last_event_relative_with_the_exact_time_on_hover(client_for, alice, source):
    PullUnit.objects.filter(source_region__source=source, source_region__region="eu-west-1").update(
        last_event_at=timezone.now() - timedelta(minutes=5)
    )
    exact = PullUnit.objects.get(source_region__source=source, source_region__region="eu-west-1").last_event_at
    exact = exact.astimezone(UTC)
    page = text(client_for(alice).get(LIST))
    assert "5\xa0minutes ago" in page  # naturaltime joins with a no-break space
    assert f'title="{exact:%Y-%m-%d %H:%M:%S} UTC"' in page
    assert "No events yet" not in page


def test_it_shows_the_status_from_the_regions(client_for, alice, source):
    for region in source.regions.all():
        RegionDeployment.objects.create(source_region=region, state=DeployState.COMPLETE)
    PullUnit.objects.filter(source_region__source=source).update(collection_state=CollectionState.OK)
    assert "Collecting" in text(client_for(alice).get(LIST))
    RegionDeployment.objects.filter(source_region__source=source, source_region__region="eu-west-1").update(
        state=DeployState.FAILED
    )
    assert "Deployment failed" in text(client_for(alice).get(LIST))


@pytest.mark.parametrize("query", ["1234-5678-9012", "guardduty-1234", "eu-west-1", "Relay One"])
def test_it_filters_sources(client_for, alice, source_data, query):
    log_source_create(user=alice, data=source_data)
    other = log_source_create(
        user=alice,
        data={
            **source_data,
            "hostname": "other.acme.example",
            "aws_account_number": "999988887777",
            "regions": ["sa-east-1"],
        },
    )
    if query == "Relay One":
        from relay.services import endpoint_create

        relay_two = endpoint_create(user=alice, name="Relay Two", hostname="relay-2.acme.example")
        LogSource.objects.filter(pk=other.pk).update(endpoint=relay_two)
    page = text(client_for(alice).get(LIST, {"q": query}))
    assert f"guardduty-{ACCOUNT}" in page
    assert "other.acme.example" not in page
    assert f'value="{query}"' in page


def test_it_says_when_nothing_matches_the_filter(client_for, alice, source):
    page = text(client_for(alice).get(LIST, {"q": "nothing-like-this"}))
    assert "No sources match “nothing-like-this”" in page
    assert "Let's Get Started" not in page


def test_it_shows_a_source_page_without_its_secrets(client_for, alice, source):
    PullUnit.objects.filter(source_region__source=source, source_region__region="eu-west-1").update(
        collection_state=CollectionState.ACCESS_DENIED,
        last_error="AccessDeniedException: not allowed to FilterLogEvents",
        last_pull_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    response = client_for(alice).get(reverse("log_sources:detail", args=[source.pk]))
    assert response.status_code == 200
    page = text(response)
    assert f"<code>{ACCOUNT}</code>" in page
    assert "<code>…MPLE</code>" in page
    assert ACCESS_KEY not in page and SECRET_KEY not in page
    assert "Relay One" in page
    assert "AWS CloudWatch Logs (HTTPS)" in page
    assert "StackSet (several regions)" in page
    assert f"Armor-GuardDuty-{ACCOUNT}" in page
    assert "Log Retention In Days" in page
    for name, code in (("US East (N. Virginia)", "us-east-1"), ("Europe (Ireland)", "eu-west-1")):
        assert name in page and f"<code>{code}</code>" in page
    assert "Not deployed" in page
    assert "Access denied" in page
    assert "AccessDeniedException: not allowed to FilterLogEvents" in page
    assert 'title="2026-01-02 03:04:05 UTC"' in page


def test_it_offers_both_choices_before_deleting(client_for, alice, source):
    page = text(client_for(alice).get(reverse("deployments:source_delete", args=[source.pk])))
    assert "Delete the source and the AWS resources the portal deployed" in page
    assert "Delete the source and keep the AWS resources" in page
    assert LogSource.objects.filter(pk=source.pk).exists()


def test_it_deletes_a_source_keeping_its_aws_resources(client_for, alice, source):
    client = client_for(alice)
    response = client.post(reverse("deployments:source_delete", args=[source.pk]), {"aws_resources": "keep"})
    assert response.status_code == 302 and response.url == LIST
    assert not LogSource.objects.filter(pk=source.pk).exists()
    assert not SourceRegion.objects.filter(source_id=source.pk).exists()
    assert not PullUnit.objects.filter(source_region__source_id=source.pk).exists()
    assert "its AWS resources were kept" in text(client.get(LIST))


def test_it_refuses_a_delete_without_a_choice(client_for, alice, source):
    response = client_for(alice).post(reverse("deployments:source_delete", args=[source.pk]), {})
    assert response.status_code == 400
    assert "Choose whether to delete or keep the AWS resources" in text(response)
    assert LogSource.objects.filter(pk=source.pk).exists()


def test_it_lets_bob_list_and_view_but_not_add_or_delete(client_for, bob, source):
    client = client_for(bob)
    page = text(client.get(LIST))
    assert f"guardduty-{ACCOUNT}" in page
    assert 'aria-label="Add Log Source"' not in page
    assert reverse("log_sources:add") not in page
    detail = client.get(reverse("log_sources:detail", args=[source.pk]))
    assert detail.status_code == 200
    assert reverse("deployments:source_delete", args=[source.pk]) not in text(detail)
    assert client.get(reverse("log_sources:add")).status_code == 403
    refused = client.get(reverse("deployments:source_delete", args=[source.pk]))
    assert refused.status_code == 403 and "Delete Log Relays" in text(refused)
    assert (
        client.post(reverse("deployments:source_delete", args=[source.pk]), {"aws_resources": "keep"}).status_code
        == 403
    )
    assert LogSource.objects.filter(pk=source.pk).exists()


def test_it_hides_other_tenants_sources(client_for, charlie, source):
    client = client_for(charlie)
    page = text(client.get(LIST))
    assert f"guardduty-{ACCOUNT}" not in page
    assert "Let's Get Started" in page
    assert client.get(LIST, {"q": ACCOUNT}).content.decode().count(f"guardduty-{ACCOUNT}") == 0
    assert client.get(reverse("log_sources:detail", args=[source.pk])).status_code == 404
    assert client.get(reverse("deployments:source_delete", args=[source.pk])).status_code == 404
    assert (
        client.post(reverse("deployments:source_delete", args=[source.pk]), {"aws_resources": "keep"}).status_code
        == 404
    )
    assert LogSource.objects.filter(pk=source.pk).exists()


def test_it_sends_anonymous_visitors_to_log_in(client, source):
    response = client.get(LIST)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))

"""Quick-create links into the AWS console, in DESIGN's format."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from deployments.selectors import console_links, quick_create_link, service_account_console_link, stackset_console_link
from log_sources.services import log_source_create

BUCKET = "https://armor-templates.s3.amazonaws.com/guardduty"


def stack_source(alice, source_data, region: str, **extra):
    return log_source_create(
        user=alice, data={**source_data, "mode": "stack", "regions": [region], "stack_name": "Acme-GD", **extra}
    )


def parts(url: str) -> tuple[str, dict, str, dict]:
    split = urlsplit(url)
    path, _, query = split.fragment.partition("?")
    return split.netloc, parse_qs(split.query), path, parse_qs(query)


def test_a_stack_in_an_aws_region_gets_a_quick_create_link(db, alice, source_data, settings):
    settings.PORTAL_TEMPLATE_BUCKET_URL = BUCKET + "/"
    source = stack_source(alice, source_data, "eu-west-1", log_retention_days=14)

    links = console_links(source)

    assert list(links) == ["eu-west-1"]
    host, query, path, fragment = parts(links["eu-west-1"])
    assert host == "eu-west-1.console.aws.amazon.com"
    assert query == {"region": ["eu-west-1"]}
    assert path == "/stacks/create/review"
    assert fragment == {
        "templateURL": [f"{BUCKET}/guardduty-collection.yaml"],
        "stackName": ["Acme-GD"],
        "param_LogRetentionInDays": ["14"],
    }
    assert links["eu-west-1"].startswith(
        "https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/create/review?templateURL=https%3A%2F%2F"
    )


def test_a_stack_in_cn_north_1_links_to_the_china_console(db, alice, source_data, settings):
    settings.PORTAL_TEMPLATE_BUCKET_URL = BUCKET
    source = stack_source(alice, source_data, "cn-north-1")

    host, query, path, fragment = parts(console_links(source)["cn-north-1"])

    assert host == "cn-north-1.console.amazonaws.cn"
    assert query == {"region": ["cn-north-1"]} and path == "/stacks/create/review"
    assert fragment["stackName"] == ["Acme-GD"] and fragment["param_LogRetentionInDays"] == ["3"]


def test_the_default_stack_name_is_used_when_none_was_given(db, alice, source_data, settings):
    settings.PORTAL_TEMPLATE_BUCKET_URL = BUCKET
    source = stack_source(alice, source_data, "us-east-1", stack_name="")
    assert parts(console_links(source)["us-east-1"])[3]["stackName"] == ["Armor-GuardDuty-123456789012"]


def test_there_is_no_quick_create_link_without_a_published_template(db, alice, source_data, settings):
    settings.PORTAL_TEMPLATE_BUCKET_URL = ""
    assert console_links(stack_source(alice, source_data, "us-east-1")) == {}
    assert quick_create_link(region="us-east-1", stack_name="x") == ""


@pytest.mark.parametrize("mode", ["stackset", "manual"])
def test_stacksets_and_manual_sources_have_no_quick_create_link(db, alice, source_data, settings, mode):
    settings.PORTAL_TEMPLATE_BUCKET_URL = BUCKET
    assert console_links(log_source_create(user=alice, data={**source_data, "mode": mode})) == {}


def test_stackset_and_service_account_console_links(settings):
    settings.PORTAL_TEMPLATE_BUCKET_URL = ""
    assert (
        stackset_console_link("cn-north-1")
        == "https://cn-north-1.console.amazonaws.cn/cloudformation/home?region=cn-north-1#/stacksets/create"
    )
    assert service_account_console_link().endswith("#/stacks/create/template")
    settings.PORTAL_TEMPLATE_BUCKET_URL = BUCKET
    assert f"{BUCKET}/service-account.yaml".replace(":", "%3A").replace("/", "%2F") in service_account_console_link()


def test_the_source_page_panel_shows_the_links_and_the_upload_step(db, alice, source_data, settings, client_for):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    settings.PORTAL_TEMPLATE_BUCKET_URL = ""
    source = stack_source(alice, source_data, "us-east-1")
    request = RequestFactory().get("/")
    request.user = alice
    html = render_to_string(
        "deployments/_source_panel.html",
        {"source": source, "can": {"source_deploy": True, "source_change": True, "source_verify": True}},
        request=request,
    )
    assert "Upload a template file" in html and "/aws/templates/stack.yaml" in html
    assert "Launch for me" in html and f"/aws/sources/{source.pk}/edit/" in html
    settings.PORTAL_TEMPLATE_BUCKET_URL = BUCKET
    html = render_to_string("deployments/_source_panel.html", {"source": source, "can": {}}, request=request)
    assert 'data-console-link="us-east-1"' in html and "Launch for me" not in html

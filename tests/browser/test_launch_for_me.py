"""Launch for me and Test connection in a real browser, with a real deploy worker process:
a new user saves a GuardDuty source for three regions, launches it, watches each region go to
complete without reloading, and Test connection is green; with a wrong account number it says
which account the keys belong to. Deleting a source with its AWS resources leads to the
teardown's own page, which follows every region to complete without reloading."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from deployments.models import DeployOperation
from tests.browser.conftest import wait_for_scripts
from tests.conftest import ACCESS_KEY, ACCOUNT, PASSWORD, SECRET_KEY
from tests.test_deploy import THREE, assert_deployed, assert_not_deployed
from tests.test_deploy_worker import deploy_worker  # noqa: F401  (a fixture)
from tests.test_verify import enable_guardduty

pytestmark = pytest.mark.usefixtures("deploy_worker")


def add_source(page, *, account: str, hostname: str) -> None:
    page.goto("/sources/add/")
    page.get_by_label("Hostname").fill(hostname)
    page.get_by_role("button", name="Next").click()
    page.get_by_label("AWS Account Number").fill(account)
    page.get_by_label("AWS Access Key").fill(ACCESS_KEY)
    page.get_by_label("AWS Secret Key").fill(SECRET_KEY)
    page.get_by_role("button", name="Next").click()
    wait_for_scripts(page, "AWS Regions")
    page.get_by_label("Select All Regions").uncheck()
    expect(page.locator('input[name="regions"]:checked')).to_have_count(0)
    for region in THREE:
        page.locator(f'input[name="regions"][value="{region}"]').check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Save Log Source").click()
    expect(page.get_by_role("heading", name=re.compile(hostname))).to_be_visible()


def test_launch_for_me_shows_live_progress_and_test_connection_goes_green(
    transactional_db,
    people,
    endpoint,
    aws,
    browser_page,
    log_in,
):
    page, shot = browser_page
    enable_guardduty(aws, THREE)
    log_in("alice", PASSWORD)
    add_source(page, account="1234-5678-9012", hostname="guardduty-three-regions")
    shot("source saved")

    page.locator('input[name="credentials"][value="source"]').check()
    page.get_by_role("button", name="Launch for me").click()
    url_after_launch = page.url
    page.evaluate("window.stillTheSamePage = true")  # a reload would drop it
    progress = page.locator("[data-progress-url]")
    # The worker moves every region on; the page follows without a reload.
    expect(progress.locator('[data-state="complete"]')).to_have_count(3, timeout=60_000)
    expect(page.locator("[data-operation-status]")).to_have_text("succeeded")
    # The Regions table and the source's status follow too, on the same page.
    expect(page.locator("#source-regions .state-complete")).to_have_count(3)
    expect(page.locator("#source-header .status")).not_to_have_text("Deploying")
    assert page.url == url_after_launch and page.evaluate("window.stillTheSamePage") is True
    shot("every region complete")
    operation = DeployOperation.objects.get()
    assert [e.state for e in operation.events.filter(region="us-east-1")][:3] == ["pending", "in_progress", "complete"]
    for region in THREE:
        assert_deployed(aws, region)

    page.get_by_role("button", name="Test connection").first.click()
    checks = page.locator("#verification [data-check]")
    expect(checks).to_have_count(10)  # the account, then three checks per region
    for index in range(10):
        expect(checks.nth(index)).to_have_class("state-ok")
    shot("test connection green")

    add_source(page, account="2109-8765-4321", hostname="guardduty-wrong-account")
    page.get_by_role("button", name="Test connection").first.click()
    account = page.locator('#verification [data-check="account"]')
    expect(account).to_have_class("state-failed")
    expect(account).to_contain_text(f"These keys belong to AWS account {ACCOUNT}")
    expect(account).to_contain_text("source is for account 210987654321")
    shot("test connection wrong account")


def test_deleting_with_the_aws_resources_follows_the_teardown_live(
    transactional_db, people, endpoint, aws, browser_page, log_in
):
    page, shot = browser_page
    log_in("alice", PASSWORD)
    add_source(page, account="1234-5678-9012", hostname="guardduty-to-remove")
    page.locator('input[name="credentials"][value="source"]').check()
    page.get_by_role("button", name="Launch for me").click()
    expect(page.locator('[data-progress-url] [data-state="complete"]')).to_have_count(3, timeout=60_000)

    page.get_by_role("link", name="Delete").click()
    page.get_by_label("Delete the source and the AWS resources the portal deployed").check()
    page.get_by_role("button", name="Delete log source").click()
    expect(
        page.get_by_role("heading", name=re.compile("Removing the AWS resources of guardduty-to-remove"))
    ).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")
    progress = page.locator("[data-progress-url]")
    expect(progress.locator('[data-state="complete"]')).to_have_count(3, timeout=60_000)
    expect(page.locator("[data-operation-status]")).to_have_text("succeeded")
    assert page.evaluate("window.stillTheSamePage") is True
    shot("teardown complete")
    for region in THREE:
        assert_not_deployed(aws, region)

    page.get_by_role("link", name="‹ External Sources").click()
    expect(page.locator("#teardowns")).to_have_count(0)
    expect(page.get_by_text("guardduty-to-remove")).to_have_count(0)

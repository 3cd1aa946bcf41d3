"""Collection health in a real browser: the Health page, a source's health, its GuardDuty coverage
matrix and the canary, and a webhook channel whose secret is shown once (the emulator, with
GuardDuty suspended in one region)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from deployments.services import coverage_refresh
from health.services import health_evaluate
from tests import cloudwatch, guardduty
from tests.conftest import PASSWORD


def test_a_region_with_guardduty_off_is_seen_on_the_health_page_and_the_source_page(
    transactional_db, people, source, aws, browser_page, log_in
):
    page, shot = browser_page
    guardduty.detectors(aws, ["us-east-1", "eu-west-1", "ap-southeast-2"], suspended={"eu-west-1"})
    cloudwatch.create_group("us-east-1")
    coverage_refresh(source=source)
    [change] = health_evaluate()
    assert change.level == "critical"

    log_in("alice", PASSWORD)
    expect(page.locator("tbody tr").filter(has_text=source.hostname).locator(".health")).to_have_text("Critical")
    page.get_by_role("link", name="Health", exact=True).click()
    expect(page.get_by_role("heading", name="Collection health")).to_be_visible()
    rows = page.locator("#health-rows tbody tr")
    expect(rows.first).to_contain_text(source.hostname)
    expect(rows.nth(1)).to_contain_text("eu-west-1")
    expect(rows.nth(1)).to_contain_text("detector is suspended")
    expect(page.locator("#health-changes")).to_contain_text("OK → Critical")
    shot("health page")

    rows.first.get_by_role("link", name=source.hostname).click()
    expect(page.locator("#source-health-badge")).to_have_text("Critical")
    expect(page.locator('[data-coverage="eu-west-1"]')).to_contain_text("Disabled")
    expect(page.locator('[data-coverage="us-east-1"]')).to_contain_text("Enabled")
    shot("coverage matrix")

    page.locator("#sample-region").select_option("us-east-1")
    page.get_by_role("button", name="Send a sample finding").click()
    expect(page.locator('[data-sample-finding="us-east-1"]')).to_contain_text("sent")
    shot("sample finding sent")


def test_a_webhook_channel_shows_its_secret_once(transactional_db, people, browser_page, log_in):
    page, shot = browser_page
    log_in("alice", PASSWORD)
    page.get_by_role("link", name="Notifications").click()
    page.get_by_label("Kind").select_option("webhook")
    page.get_by_label("Name").fill("SOC hook")
    page.get_by_label("Target").fill("https://hooks.example.com/portal")
    page.get_by_role("button", name="Add channel").click()
    secret = page.locator("#new-secret")
    expect(secret).to_have_text(re.compile(r"^\S{40,}$"))
    shot("webhook secret shown once")
    page.goto("/notifications/")
    expect(page.locator("#new-secret")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("SOC hook"))).to_be_visible()

"""The customer's pages in a real browser: log in, the empty state, the Add Log Source wizard,
validation messages, and what a user without Write Log Relays sees."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from log_sources.models import LogSource
from log_sources.regions import REGIONS
from tests.browser.conftest import wait_for_scripts
from tests.conftest import ACCESS_KEY, PASSWORD, SECRET_KEY


def test_a_user_logs_in_and_sees_the_empty_state(transactional_db, people, browser_page, log_in):
    page, shot = browser_page
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    shot("login")

    log_in("alice", "wrong password")
    expect(page.get_by_role("alert")).to_contain_text("didn't match")

    log_in("alice", PASSWORD)
    expect(page).to_have_url(re.compile(r"/sources/$"))
    expect(page.get_by_role("heading", name="External Sources")).to_be_visible()
    expect(page.get_by_role("heading", name="Let's Get Started")).to_be_visible()
    expect(page.get_by_role("link", name="Add Log Source").first).to_be_visible()
    shot("empty state")


def test_the_whole_wizard_with_select_all_regions(transactional_db, people, endpoint, browser_page, log_in):
    page, shot = browser_page
    log_in("alice", PASSWORD)
    page.get_by_role("link", name="Add Log Source").first.click()

    # 1. Endpoint, type, hostname and protocol; the only endpoint is chosen already.
    expect(page.get_by_label("Endpoint")).to_have_value(str(endpoint.pk))
    expect(page.get_by_label("Log Source Type")).to_have_value("guardduty")
    expect(page.get_by_label("Hostname")).not_to_have_value("")
    expect(page.get_by_label("Protocol")).not_to_have_value("")
    shot("wizard 1 endpoint")
    page.get_by_role("button", name="Next").click()

    # 2. Account typed with dashes, and the keys.
    page.get_by_label("AWS Account Number").fill("1234-5678-9012")
    page.get_by_label("AWS Access Key").fill(ACCESS_KEY)
    page.get_by_label("AWS Secret Key").fill(SECRET_KEY)
    shot("wizard 2 account")
    page.get_by_role("button", name="Next").click()

    # 3. Select All Regions, recommended and pre-selected: unticking and ticking it again
    # moves every region with it.
    wait_for_scripts(page, "AWS Regions")
    select_all = page.get_by_label("Select All Regions")
    regions = page.locator('input[name="regions"]')
    expect(regions).to_have_count(len(REGIONS))
    expect(select_all).to_be_checked()
    select_all.uncheck()
    assert not any(box.is_checked() for box in regions.all())
    select_all.check()
    assert all(box.is_checked() for box in regions.all())
    shot("wizard 3 regions")
    page.get_by_role("button", name="Next").click()

    # 4. Deployment: a StackSet for several regions, retention 3 days by default.
    expect(page.locator('input[name="mode"][value="stackset"]')).to_be_checked()
    expect(page.get_by_label("Log Retention In Days")).to_have_value("3")
    shot("wizard 4 deployment")
    page.get_by_role("button", name="Next").click()

    # 5. Review: the account normalised to 12 digits, only the key's last 4, never the secret.
    review = page.locator("dl.review")
    expect(review).to_contain_text("123456789012")
    expect(review).to_contain_text(ACCESS_KEY[-4:])
    assert ACCESS_KEY not in page.content() and SECRET_KEY not in page.content()
    expect(review.locator(".chip")).to_have_count(len(REGIONS))
    shot("wizard 5 review")
    page.get_by_role("button", name="Save Log Source").click()

    expect(page.get_by_role("heading", name=re.compile("guardduty-123456789012"))).to_be_visible()
    source = LogSource.objects.get()
    assert source.aws_account_number == "123456789012"
    assert sorted(source.region_codes) == sorted(r.code for r in REGIONS)
    shot("source saved")

    page.get_by_role("link", name="External Sources").first.click()
    row = page.locator("table.list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("guardduty-123456789012")
    expect(row).to_contain_text("15 regions")
    expect(row).to_contain_text("No events yet")
    shot("external sources list")


def test_validation_messages_name_the_field_and_the_rule(transactional_db, people, endpoint, browser_page, log_in):
    page, shot = browser_page
    log_in("alice", PASSWORD)
    page.get_by_role("link", name="Add Log Source").first.click()
    page.get_by_label("Hostname").fill("not a hostname!")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#hostname-errors")).to_be_visible()
    expect(page.get_by_label("Hostname")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Hostname").fill("guardduty-acme")
    page.get_by_role("button", name="Next").click()

    page.get_by_label("AWS Account Number").fill("1234-5678-901")
    page.get_by_label("AWS Access Key").fill("AKIA-not-a-key")
    page.get_by_label("AWS Secret Key").fill("too-short")
    page.get_by_role("button", name="Next").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("AWS Account Number must have 12 digits once dashes are removed; this one has 11")
    expect(page.locator("#aws_account_number-errors")).to_contain_text("this one has 11")
    expect(page.locator("#aws_access_key_id-errors")).to_contain_text("AWS Access Key")
    expect(page.locator("#aws_secret_access_key-errors")).to_contain_text("40 characters")
    for field in ("AWS Account Number", "AWS Access Key", "AWS Secret Key"):
        expect(page.get_by_label(field)).to_have_attribute("aria-invalid", "true")
    assert "too-short" not in page.content()  # the secret is never echoed back
    shot("validation messages")

    page.get_by_label("AWS Account Number").fill("123456789012")
    page.get_by_label("AWS Access Key").fill(ACCESS_KEY)
    page.get_by_label("AWS Secret Key").fill(SECRET_KEY)
    page.get_by_role("button", name="Next").click()
    wait_for_scripts(page, "AWS Regions")
    page.get_by_label("Select All Regions").uncheck()
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#regions-errors")).to_be_visible()
    shot("no region chosen")
    assert not LogSource.objects.exists()


def test_a_user_without_write_log_relays_sees_no_plus_button(transactional_db, people, source, browser_page, log_in):
    page, shot = browser_page
    log_in("bob", PASSWORD)
    expect(page.get_by_role("heading", name="External Sources")).to_be_visible()
    expect(page.locator("table.list tbody tr")).to_have_count(1)  # he may read the sources
    expect(page.get_by_role("link", name="Add Log Source")).to_have_count(0)
    expect(page.locator("a.plus")).to_have_count(0)
    shot("read only list")

    response = page.goto("/sources/add/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    shot("add refused")


def test_the_main_pages_work_under_the_content_security_policy(
    transactional_db, people, source, endpoint, browser_page, log_in
):
    """No inline script or style anywhere: each page's scripts come from static files and work.

    browser_page fails the test on any violation the console reports; the pages are checked here
    for the header and for what their scripts do.
    """
    page, shot = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in("alice", PASSWORD)

    def visit(url: str):
        response = page.goto(url)
        assert response.ok, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        return response

    # The wizard's steps, and Select All Regions moving every region with it.
    visit("/sources/add/")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("AWS Account Number").fill("1234-5678-9012")
    page.get_by_label("AWS Access Key").fill(ACCESS_KEY)
    page.get_by_label("AWS Secret Key").fill(SECRET_KEY)
    page.get_by_role("button", name="Next").click()
    wait_for_scripts(page, "AWS Regions")
    regions = page.locator('input[name="regions"]')
    page.get_by_label("Select All Regions").uncheck()
    assert not any(box.is_checked() for box in regions.all())
    regions.first.check()
    expect(page.get_by_label("Select All Regions")).not_to_be_checked()
    page.get_by_label("Select All Regions").check()
    assert all(box.is_checked() for box in regions.all())
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("button", name="Save Log Source")).to_be_visible()
    shot("wizard review")

    # The endpoint's page: Copy puts the worker command on the clipboard and says so for a moment.
    visit(f"/endpoints/{endpoint.pk}/")
    copy = page.locator("button.copy")
    copy.click()
    expect(copy).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#worker-command").text_content()
    expect(copy).to_have_text("Copy")
    shot("endpoint")

    # The source's page with its charts, Search, and the pages of the other menus.
    visit(f"/sources/{source.pk}/")
    expect(page.locator("svg.chart")).to_have_count(2)
    assert page.locator("svg.chart").first.bounding_box()["height"] > 0
    shot("source")
    visit("/search/?q=*123456789012*")
    expect(page.locator(".search-form")).to_have_css("display", "grid")  # portal/search.css applies
    shot("search")
    for url in ("/search/findings/", "/search/retention/", "/endpoints/", "/aws/service-account/", "/users/"):
        visit(url)

"""Add AWS Organization in a real browser, Every account mode: one form deploys the StackSets to an
OU with one-time deploy credentials, every account of the OU becomes a source, and a member's
findings show on its row (the emulator and the trust-judging proxy as in tests/test_organizations.py)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from log_sources.models import LogSource
from organizations.models import Organization
from tenants.selectors import tenant_of
from tests.conftest import ACCOUNT, DEPLOY_ACCESS_KEY, DEPLOY_SECRET_KEY, PASSWORD
from tests.test_organizations import ROLE_ARN, EmulatedOrganization, pull_all


def test_one_form_onboards_every_account_of_an_ou(
    transactional_db, people, endpoint, aws, role_trust, browser_page, log_in
):
    page, shot = browser_page
    emulated = EmulatedOrganization(aws, tenant_of(people["alice"]).aws_external_id)
    log_in("alice", PASSWORD)
    page.get_by_role("link", name="Add AWS Organization").first.click()
    page.get_by_label("Name").fill("Acme")
    page.get_by_label("Endpoint").select_option(label=endpoint.name)
    page.locator('input[name="mode"][value="every_account"]').check()
    page.locator("#id_account_number").fill(ACCOUNT)
    page.get_by_label("Role ARN").fill(ROLE_ARN)
    page.get_by_label(re.compile("Organizational units")).fill(emulated.workloads)
    for region in ("us-east-1", "eu-west-1"):
        page.locator(f'input[name="regions"][value="{region}"]').check()
    page.locator("#id_deploy_access_key_id").fill(DEPLOY_ACCESS_KEY)
    page.locator("#id_deploy_secret_access_key").fill(DEPLOY_SECRET_KEY)
    shot("add organization every account")
    page.get_by_role("button", name="Add Organization").click()

    expect(page.get_by_role("heading", name="Acme")).to_be_visible()
    rows = page.locator("#accounts tbody tr")
    for name in ("prod", "dev"):
        row = page.locator(f'tr[data-account="{emulated.members[name]}"]')
        expect(row.locator(".deploy-status")).to_contain_text("Deployed")
        expect(row).to_contain_text(f"guardduty-{emulated.members[name]}")
    expect(page.locator("#count-sources")).to_have_text("2")
    shot("organization accounts deployed")

    emulated.put_findings(emulated.members["prod"], 3)
    source = LogSource.objects.get(aws_account_number=emulated.members["prod"])
    assert pull_all(source) == 3
    page.reload()
    expect(page.locator(f'tr[data-account="{emulated.members["prod"]}"] .last-event')).to_contain_text("UTC")
    shot("organization last event")
    assert rows.count() == Organization.objects.get().accounts.count()
    # The deploy credentials went to AWS in the request and nowhere else.
    assert DEPLOY_SECRET_KEY not in page.content()

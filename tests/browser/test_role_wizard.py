"""The Add Log Source wizard with an IAM role, in a real browser: the role is the recommended
choice, the access-key fields hide, Test connection assumes the role through the proxy that
judges trust policies as IAM does (tests/aws_fault_proxy.py), and the source holds no secret."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from log_sources.models import LogSource
from tenants.selectors import tenant_of
from tests.conftest import ACCOUNT, PASSWORD, PORTAL_PRINCIPAL_ARN, ROLE_ARN, reader_role_create


def test_the_wizard_onboards_a_role_without_any_secret(
    transactional_db, people, endpoint, aws, role_trust, browser_page, log_in
):
    page, shot = browser_page
    alice = people["alice"]
    external_id = tenant_of(alice).aws_external_id
    reader_role_create(aws, external_id=external_id)
    log_in("alice", PASSWORD)
    page.get_by_role("link", name="Add Log Source").first.click()
    page.get_by_role("button", name="Next").click()

    # 2. The role is chosen by default; the access-key fields are out of the way.
    page.get_by_label("AWS Account Number").fill(ACCOUNT)
    expect(page.get_by_label("IAM role (recommended)")).to_be_checked()
    expect(page.get_by_label("AWS Secret Key")).to_be_hidden()
    expect(page.locator("#external-id")).to_have_text(external_id)
    expect(page.locator("#principal-arn")).to_have_text(PORTAL_PRINCIPAL_ARN)
    page.get_by_label("Role ARN").fill(ROLE_ARN)
    page.get_by_role("button", name="Test connection").click()
    result = page.locator("#wizard-verify-result")
    expect(result).to_contain_text(f"acts in account {ACCOUNT}")
    shot("wizard 2 role test connection")

    # Choosing access keys shows AMP's fields; choosing the role again hides them.
    page.get_by_label("Access keys").check()
    expect(page.get_by_label("AWS Secret Key")).to_be_visible()
    expect(page.get_by_label("Role ARN")).to_be_hidden()
    page.get_by_label("IAM role (recommended)").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()  # regions: Select All Regions
    page.get_by_role("button", name="Next").click()  # deployment: StackSet
    expect(page.locator("dl.review")).to_contain_text(ROLE_ARN)
    shot("wizard 5 review role")
    page.get_by_role("button", name="Save Log Source").click()

    expect(page.get_by_role("heading", name=re.compile(f"guardduty-{ACCOUNT}"))).to_be_visible()
    source = LogSource.objects.get()
    assert (source.credential_type, source.role_arn) == ("role", ROLE_ARN)
    assert source.aws_access_key_id == "" and source.aws_secret_access_key == ""
    shot("source page role")
    (call,) = [c for c in role_trust.assume_role_calls() if c.allowed]
    assert call.external_id == external_id and call.caller_arn == PORTAL_PRINCIPAL_ARN

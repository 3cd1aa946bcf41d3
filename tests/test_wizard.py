"""The Add Log Source wizard, walked step by step with the test client.

Each step checks its input with the same rules the API uses (log_sources.validation through
log_source_validate); these tests try every rule with a bad and a good value through the pages.
"""

from __future__ import annotations

import html
import json

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import resolve, reverse

from log_sources.models import LogSource
from log_sources.regions import REGION_CODES
from tests.conftest import ACCESS_KEY, ACCOUNT, SECRET_KEY


class Walk:
    """A logged-in client going through one wizard, remembering every page it was shown."""

    def __init__(self, client):
        self.client = client
        self.bodies: list[str] = []
        response = self.get_raw(reverse("log_sources:add"))
        assert response.status_code == 302
        self.wid = resolve(response.url).kwargs["wid"]

    def url(self, step: int) -> str:
        return reverse("log_sources:wizard", kwargs={"wid": self.wid, "step": step})

    def _keep(self, response):
        self.bodies.append(response.content.decode())
        return response

    def get_raw(self, url):
        return self._keep(self.client.get(url))

    def get(self, step: int):
        response = self.get_raw(self.url(step))
        assert response.status_code == 200, response.status_code
        return response

    def post(self, step: int, data: dict, nav: str = "next"):
        return self._keep(self.client.post(self.url(step), {**data, "nav": nav}))

    def next_ok(self, step: int, data: dict):
        response = self.post(step, data)
        assert response.status_code == 302, _errors(response)
        assert response.url == self.url(step + 1)
        return response

    def text(self, response) -> str:
        return html.unescape(response.content.decode())


def _errors(response) -> str:
    return html.unescape(response.content.decode()) if response.status_code != 302 else ""


def step1(endpoint, **extra):
    return {
        "endpoint": endpoint.pk,
        "source_type": "guardduty",
        "hostname": "guardduty.amazonaws.com",
        "protocol": "AWS CloudWatch Logs (HTTPS)",
        **extra,
    }


def step2(**extra):
    return {
        "aws_account_number": "1234-5678-9012",
        "aws_access_key_id": ACCESS_KEY,
        "aws_secret_access_key": SECRET_KEY,
        **extra,
    }


def step4(**extra):
    return {"mode": "stackset", "stack_name": "", "log_retention_days": "3", "tags": "", "iam_role_arn": "", **extra}


@pytest.fixture
def walk(client_for, alice, endpoint):
    return Walk(client_for(alice))


def walk_to(walk, endpoint, step: int, regions=None):
    """Complete the steps before `step` with good values."""
    if step > 1:
        walk.next_ok(1, step1(endpoint))
    if step > 2:
        walk.next_ok(2, step2())
    if step > 3:
        walk.next_ok(3, {"select_all": "on"} if regions is None else {"regions": regions})
    if step > 4:
        walk.next_ok(4, step4(mode="stack" if regions and len(regions) == 1 else "stackset"))


def test_it_walks_all_five_steps_and_saves_the_source(walk, endpoint):
    page = walk.text(walk.get(1))
    for label in ("Endpoint", "Log Source Type", "Hostname", "Protocol"):
        assert f">{label}</label>" in page
    assert 'value="guardduty.amazonaws.com"' in page
    assert "Relay One" in page
    walk.next_ok(1, step1(endpoint))

    page = walk.text(walk.get(2))
    for label in ("AWS Account Number", "AWS Access Key", "AWS Secret Key"):
        assert f">{label}</label>" in page
    walk.next_ok(2, step2())

    page = walk.text(walk.get(3))
    assert "Select All Regions" in page
    assert 'id="id_select_all" type="checkbox" name="select_all" checked' in page
    assert page.count('type="checkbox" name="regions"') == 15
    assert "Asia Pacific (Sydney)" in page
    walk.next_ok(3, {"select_all": "on"})

    page = walk.text(walk.get(4))
    for label in ("Stack name", "Log Retention In Days", "Tags", "IAM role ARN"):
        assert f">{label}</label>" in page
    assert '<option value="3" selected>' in page
    walk.next_ok(4, step4(tags="team=security"))

    page = walk.text(walk.get(5))
    assert f"guardduty-{ACCOUNT}" in page
    assert ACCOUNT in page
    assert "…MPLE" in page
    assert "Save Log Source" in page

    response = walk.post(5, {}, nav="save")
    source = LogSource.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("log_sources:detail", args=[source.pk])
    assert source.aws_account_number == ACCOUNT
    assert source.hostname == f"guardduty-{ACCOUNT}"
    assert source.endpoint == endpoint
    assert sorted(source.region_codes) == sorted(REGION_CODES)
    assert source.deployment_mode == "stackset"
    assert source.log_retention_days == 3
    assert source.tags == {"team": "security"}
    assert source.aws_secret_access_key == SECRET_KEY
    assert source.aws_access_key_id == ACCESS_KEY

    detail = walk.get_raw(response.url)
    assert "Saved the log source" in detail.content.decode()
    # The wizard is finished: its entries are gone from the session.
    assert walk.client.get(walk.url(5)).status_code == 302


def test_it_never_echoes_the_keys_into_any_page_of_the_walk(walk, endpoint):
    walk.get(1)
    walk.next_ok(1, step1(endpoint))
    # A refused step (bad secret) re-renders without echoing what was typed.
    assert walk.post(2, step2(aws_secret_access_key=SECRET_KEY[:-1])).status_code == 400
    walk.next_ok(2, step2())
    walk.get(2)  # back on the keys step
    walk.next_ok(2, step2(aws_access_key_id="", aws_secret_access_key=""))
    walk.next_ok(3, {"select_all": "on"})
    walk.next_ok(4, step4())
    walk.get(5)
    walk.post(5, {}, nav="save")
    walk.get_raw(reverse("log_sources:detail", args=[LogSource.objects.get().pk]))
    walk.get_raw(reverse("log_sources:list"))
    assert len(walk.bodies) >= 10
    for body in walk.bodies:
        assert SECRET_KEY not in body
        assert SECRET_KEY[:-1] not in body
        assert ACCESS_KEY not in body


def test_it_keeps_the_keys_encrypted_in_the_session_table(walk, endpoint):
    walk_to(walk, endpoint, 3)
    rows = list(Session.objects.values_list("session_data", flat=True))
    assert rows
    for raw in rows:
        assert SECRET_KEY not in raw and ACCESS_KEY not in raw
        decoded = json.dumps(SessionStore().decode(raw))
        assert SECRET_KEY not in decoded and ACCESS_KEY not in decoded
    # And the column read with SQL, to rule out any model-level decoding.
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM django_session")
        raw_rows = [row[0] for row in cursor.fetchall()]
    decoded = json.dumps([SessionStore().decode(raw) for raw in raw_rows])
    assert "enc:fernet:" in decoded
    assert SECRET_KEY not in decoded


def test_it_keeps_entries_when_going_back_and_forward(walk, endpoint):
    walk.next_ok(1, step1(endpoint, hostname="gd.acme.example"))
    walk.next_ok(2, step2())
    walk.next_ok(3, {"regions": ["us-east-1", "eu-west-1"]})
    # Step 4: type something, then go Back without finishing it.
    response = walk.post(4, step4(stack_name="AcmeFindings", tags="team=sec"), nav="back")
    assert response.status_code == 302 and response.url == walk.url(3)

    page = walk.text(walk.get(3))
    assert 'value="us-east-1" checked' in page and 'value="eu-west-1" checked' in page
    assert 'value="us-west-2" checked' not in page
    assert 'name="select_all" checked' not in page
    response = walk.post(3, {"regions": ["us-east-1", "eu-west-1"]}, nav="back")
    assert response.url == walk.url(2)

    page = walk.text(walk.get(2))
    assert f'value="{ACCOUNT}"' in page
    # The keys are never put back into the inputs; a note says they are kept.
    assert 'name="aws_access_key_id" type="text" value=""' in page
    assert 'name="aws_secret_access_key" type="password" value=""' in page
    assert "kept; leave blank to keep it" in page
    assert SECRET_KEY not in page and ACCESS_KEY not in page
    walk.post(2, step2(aws_access_key_id="", aws_secret_access_key=""), nav="back")

    page = walk.text(walk.get(1))
    assert 'value="gd.acme.example"' in page

    # Forward again with blanks for the keys: the kept ones are used.
    walk.next_ok(1, step1(endpoint, hostname="gd.acme.example"))
    walk.next_ok(2, step2(aws_access_key_id="", aws_secret_access_key=""))
    walk.next_ok(3, {"regions": ["us-east-1", "eu-west-1"]})
    page = walk.text(walk.get(4))
    assert 'value="AcmeFindings"' in page
    assert "team=sec" in page
    walk.next_ok(4, step4(stack_name="AcmeFindings", tags="team=sec"))
    assert walk.post(5, {}, nav="save").status_code == 302
    source = LogSource.objects.get()
    assert source.hostname == "gd.acme.example"
    assert sorted(source.region_codes) == ["eu-west-1", "us-east-1"]
    assert source.stack_name == "AcmeFindings"
    assert source.aws_secret_access_key == SECRET_KEY
    assert source.aws_access_key_id == ACCESS_KEY


def test_it_derives_the_hostname_from_the_account_unless_one_was_typed(walk, endpoint):
    walk.next_ok(1, step1(endpoint))
    walk.next_ok(2, step2())
    assert f'value="guardduty-{ACCOUNT}"' in walk.text(walk.get(1))
    # Changing the account moves the derived hostname along with it.
    walk.next_ok(1, step1(endpoint, hostname=f"guardduty-{ACCOUNT}"))
    walk.next_ok(2, step2(aws_account_number="210987654321", aws_access_key_id="", aws_secret_access_key=""))
    assert 'value="guardduty-210987654321"' in walk.text(walk.get(1))
    # A hostname the user typed is theirs.
    walk.next_ok(1, step1(endpoint, hostname="findings.acme.example"))
    walk.next_ok(2, step2(aws_access_key_id="", aws_secret_access_key=""))
    assert 'value="findings.acme.example"' in walk.text(walk.get(1))


def test_it_cannot_skip_ahead_to_a_later_step(walk):
    response = walk.client.get(walk.url(4))
    assert response.status_code == 302 and response.url == walk.url(1)


def test_it_starts_a_fresh_wizard_when_the_id_is_unknown(client_for, alice):
    client = client_for(alice)
    response = client.get(reverse("log_sources:wizard", kwargs={"wid": "not-a-wizard", "step": 1}))
    assert response.status_code == 302 and response.url == reverse("log_sources:add")


def test_it_says_when_there_is_no_endpoint_and_links_to_adding_one(client_for, charlie):
    walk = Walk(client_for(charlie))
    page = walk.text(walk.get(1))
    assert "There are no endpoints yet" in page
    assert reverse("relay:endpoint_add") in page
    response = walk.post(1, {"endpoint": "", "source_type": "guardduty", "hostname": "x.example", "protocol": "p"})
    assert response.status_code == 400
    assert "Endpoint must be one of your log relays" in walk.text(response)


def test_it_refuses_another_tenants_endpoint(client_for, charlie, endpoint):
    walk = Walk(client_for(charlie))
    response = walk.post(1, step1(endpoint))
    assert response.status_code == 400
    assert "Endpoint must be one of your log relays" in walk.text(response)


def test_it_does_not_let_bob_open_the_wizard(client_for, bob):
    response = client_for(bob).get(reverse("log_sources:add"))
    assert response.status_code == 403
    assert "Write Log Relays" in response.content.decode()


# --- Every rule, a bad value then a good one, on the step that asks for it.

RULES = [
    # (step, field, bad value, message, good value)
    (1, "hostname", "bad host!", "Hostname may hold letters, digits, hyphens and dots", "gd.acme.example"),
    (1, "protocol", "", "Protocol is required.", "HTTPS"),
    (1, "source_type", "cloudtrail", "Log Source Type must be one of: guardduty.", "guardduty"),
    (
        2,
        "aws_account_number",
        "1234-5678-901",
        "AWS Account Number must have 12 digits once dashes are removed; this one has 11.",
        "1234 5678 9012",
    ),
    (
        2,
        "aws_account_number",
        "1234-5678-90ab",
        "AWS Account Number may hold only digits 0-9, dashes and spaces.",
        ACCOUNT,
    ),
    (
        2,
        "aws_access_key_id",
        "AKIA123",
        "AWS Access Key must be AKIA or ASIA followed by 16 upper-case letters or digits",
        ACCESS_KEY,
    ),
    (
        2,
        "aws_access_key_id",
        "akiaiosfodnn7example",
        "AWS Access Key must be AKIA or ASIA followed by 16 upper-case letters or digits",
        "ASIAIOSFODNN7EXAMPLE",
    ),
    (
        2,
        "aws_secret_access_key",
        SECRET_KEY[:39],
        "AWS Secret Key must be exactly 40 characters; this one has 39.",
        SECRET_KEY,
    ),
    (
        4,
        "stack_name",
        "1Findings",
        "Stack name must start with a letter and hold only letters, digits and hyphens.",
        "F1",
    ),
    (4, "stack_name", "acme_findings", "Stack name must start with a letter", "acme-findings"),
    (4, "stack_name", "A" * 129, "Stack name must be at most 128 characters; this one has 129.", "A" * 128),
    (4, "log_retention_days", "2", "Log Retention In Days must be one of CloudWatch's values: 1, 3, 5, 7", "3653"),
    (4, "tags", "team security", "Tags line 1 must look like key=value.", "team=security"),
    (4, "tags", "aws:owner=me", "Tag key 'aws:owner' uses the reserved prefix 'aws:'.", "owner=me"),
    (
        4,
        "iam_role_arn",
        "arn:aws:iam::1234:role/Deployer",
        "IAM role ARN must look like arn:aws:iam::123456789012:role/RoleName.",
        "arn:aws:iam::123456789012:role/Deployer",
    ),
]


@pytest.mark.parametrize(("step", "field", "bad", "message", "good"), RULES, ids=[f"{r[1]}-{r[2][:12]}" for r in RULES])
def test_it_applies_each_rule_with_a_bad_and_a_good_value(walk, endpoint, step, field, bad, message, good):
    walk_to(walk, endpoint, step)
    base = {1: step1(endpoint), 2: step2(), 4: step4()}[step]
    response = walk.post(step, {**base, field: bad})
    assert response.status_code == 400
    page = walk.text(response)
    assert message in page
    assert f'id="{field}-errors"' in page  # shown on the named field
    assert LogSource.objects.count() == 0

    walk.next_ok(step, {**base, field: good})


def test_it_normalises_an_account_typed_with_dashes_or_spaces(walk, endpoint):
    walk.next_ok(1, step1(endpoint))
    walk.next_ok(2, step2(aws_account_number=" 1234 5678-9012 "))
    assert f'value="{ACCOUNT}"' in walk.text(walk.get(2))


def test_it_requires_at_least_one_region(walk, endpoint):
    walk_to(walk, endpoint, 3)
    response = walk.post(3, {})
    assert response.status_code == 400
    assert "Select at least one AWS Region (Select All Regions is recommended)." in walk.text(response)
    walk.next_ok(3, {"regions": ["eu-central-1"]})


def test_it_refuses_govcloud_with_the_reason(walk, endpoint):
    walk_to(walk, endpoint, 3)
    response = walk.post(3, {"regions": ["us-east-1", "us-gov-west-1"]})
    assert response.status_code == 400
    assert "us-gov-west-1 is an AWS GovCloud region; GovCloud is not supported" in walk.text(response)
    walk.next_ok(3, {"regions": ["us-east-1"]})


def test_it_refuses_an_unknown_region(walk, endpoint):
    walk_to(walk, endpoint, 3)
    response = walk.post(3, {"regions": ["mars-north-1"]})
    assert response.status_code == 400
    assert "'mars-north-1' is not a supported region" in walk.text(response)
    walk.next_ok(3, {"regions": ["us-west-2"]})


def test_it_selects_every_region_when_select_all_is_checked_without_javascript(walk, endpoint):
    walk_to(walk, endpoint, 3)
    # Without JavaScript the boxes may disagree with Select All Regions: the checkbox wins.
    walk.next_ok(3, {"select_all": "on", "regions": ["us-east-1"]})
    walk.next_ok(4, step4())
    walk.post(5, {}, nav="save")
    assert sorted(LogSource.objects.get().region_codes) == sorted(REGION_CODES)


def test_it_refuses_stack_mode_for_several_regions_and_accepts_it_for_one(walk, endpoint):
    walk_to(walk, endpoint, 4, regions=["us-east-1", "eu-west-1", "ap-southeast-2"])
    response = walk.post(4, step4(mode="stack"))
    assert response.status_code == 400
    assert "A Stack deploys to exactly one region; 3 are selected. Choose StackSet instead." in walk.text(response)
    walk.next_ok(4, step4(mode="stackset"))


def test_it_offers_stack_for_one_region_and_accepts_it(walk, endpoint):
    walk_to(walk, endpoint, 4, regions=["eu-west-1"])
    assert 'value="stack" checked' in walk.text(walk.get(4))
    walk.next_ok(4, step4(mode="stack"))
    walk.post(5, {}, nav="save")
    source = LogSource.objects.get()
    assert source.deployment_mode == "stack" and source.region_codes == ["eu-west-1"]


def test_it_defaults_retention_to_three_days(walk, endpoint):
    walk_to(walk, endpoint, 4)
    walk.next_ok(4, step4(log_retention_days=""))
    walk.post(5, {}, nav="save")
    assert LogSource.objects.get().log_retention_days == 3


def test_it_shows_save_time_problems_on_the_review_and_stores_nothing(walk, endpoint):
    walk_to(walk, endpoint, 5)
    endpoint.delete()  # the relay went away between step 1 and Save
    response = walk.post(5, {}, nav="save")
    assert response.status_code == 400
    page = walk.text(response)
    assert "Endpoint must be one of your log relays" in page
    assert walk.url(1) in page
    assert LogSource.objects.count() == 0

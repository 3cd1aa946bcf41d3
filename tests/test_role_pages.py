"""The pages for role-based credentials: the wizard's credentials step, a source's Credentials
panel (Replace credentials), and the Service Account page's role section (Launch for me,
Regenerate External ID).

AWS is the moto server; `role_trust` puts the test-only proxy in front of it that judges each
AssumeRole against the role's trust policy and External ID as IAM does.
"""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from deployments.models import DeployOperation
from log_sources.forms import SESSION_KEY
from log_sources.models import LogSource
from log_sources.services import log_source_create
from tenants.models import AuditEvent, Tenant
from tests import cloudwatch
from tests.conftest import (
    ACCESS_KEY,
    ACCOUNT,
    DEPLOY_ACCESS_KEY,
    DEPLOY_SECRET_KEY,
    PORTAL_PRINCIPAL_ARN,
    ROLE_ARN,
    SECRET_KEY,
    emulator_iam,
    reader_role_create,
)
from tests.test_deploy import run
from tests.test_wizard import Walk, step1

OTHER_EXTERNAL_ID = "an-external-id-of-someone-else-0123456789"


def text(response) -> str:
    return html.unescape(response.content.decode())


def external_id(user) -> str:
    from tenants.selectors import tenant_of

    return Tenant.objects.get(pk=tenant_of(user).pk).aws_external_id


def role_step2(**extra) -> dict:
    return {
        "aws_account_number": "1234-5678-9012",
        "credential_type": "role",
        "role_arn": ROLE_ARN,
        "aws_access_key_id": "",
        "aws_secret_access_key": "",
        **extra,
    }


def keys_step2(**extra) -> dict:
    return {
        "aws_account_number": "1234-5678-9012",
        "credential_type": "access_key",
        "role_arn": "",
        "aws_access_key_id": ACCESS_KEY,
        "aws_secret_access_key": SECRET_KEY,
        **extra,
    }


def session_secrets(walk: Walk) -> dict:
    return walk.client.session[SESSION_KEY][walk.wid]["secrets"]


def role_source(alice, endpoint, regions=("us-east-1",)) -> LogSource:
    return log_source_create(
        user=alice,
        data={
            "endpoint": endpoint.pk,
            "aws_account_number": ACCOUNT,
            "credential_type": "role",
            "role_arn": ROLE_ARN,
            "regions": list(regions),
            "mode": "stackset",
        },
    )


# --- The wizard's credentials step


def test_the_wizard_creates_a_role_source_end_to_end(role_trust, aws, alice, endpoint, client_for):
    reader_role_create(aws, external_id=external_id(alice))
    cloudwatch.create_group("us-east-1")
    walk = Walk(client_for(alice))
    walk.next_ok(1, step1(endpoint))

    page = walk.text(walk.get(2))
    assert "AWS account and credentials" in page
    assert 'value="role" id="id_credential_type_role" checked' in page  # the default with a principal
    assert "IAM role (recommended)" in page and "Access keys" in page
    assert ">Role ARN</label>" in page
    assert f'<code id="external-id">{external_id(alice)}</code>' in page
    assert 'data-copy="external-id"' in page
    assert PORTAL_PRINCIPAL_ARN in page
    assert reverse("deployments:template_download", args=["role"]) in page
    assert f'href="{reverse("deployments:service_account")}#role" target="_blank"' in page
    # Without JavaScript both sections show: the access keys' fields are there too, as AMP has them.
    assert ">AWS Access Key</label>" in page and ">AWS Secret Key</label>" in page
    assert 'data-credential-section="role"' in page and 'data-credential-section="access_key"' in page
    assert "/static/portal/credential-choice.js" in page

    # Test connection posts the step's own fields: the role is assumed with the tenant's External ID.
    check = walk.client.post(
        reverse("deployments:check"), {**role_step2(), "aws_account_number": ACCOUNT, "regions": ["us-east-1"]}
    )
    assert check.status_code == 200
    assert 'data-ok="1"' in text(check) and "Every check passed" in text(check)
    calls = [c for c in role_trust.assume_role_calls() if c.allowed]
    assert calls and all(c.external_id == external_id(alice) and c.role_arn == ROLE_ARN for c in calls)

    walk.next_ok(2, role_step2())
    walk.next_ok(3, {"regions": ["us-east-1"]})
    walk.next_ok(4, {"mode": "stack", "stack_name": "", "log_retention_days": "3", "tags": "", "iam_role_arn": ""})
    review = walk.text(walk.get(5))
    assert "<dt>Credentials</dt>" in review
    assert f"IAM role <code>{ROLE_ARN}</code>" in review
    assert "Access key" not in review

    response = walk.post(5, {}, nav="save")
    assert response.status_code == 302
    source = LogSource.objects.get()
    assert source.credential_type == "role" and source.role_arn == ROLE_ARN
    assert source.aws_access_key_id == "" and source.aws_secret_access_key == ""
    assert source.hostname == f"guardduty-{ACCOUNT}"

    detail = text(walk.client.get(response.url))
    assert "IAM role (recommended)" in detail and f"<code>{ROLE_ARN}</code>" in detail
    assert f"…{external_id(alice)[-4:]}" in detail
    assert "Replace credentials" in detail
    # A role source's Launch for me offers no "the source's own credentials" (its role cannot deploy).
    assert 'name="credentials" value="source"' not in detail


def test_test_connection_names_the_external_id_and_the_trust_policy_when_the_role_trusts_another(
    role_trust, aws, alice, client_for
):
    reader_role_create(aws, external_id=OTHER_EXTERNAL_ID)
    response = client_for(alice).post(
        reverse("deployments:check"), {**role_step2(), "aws_account_number": ACCOUNT, "regions": ["us-east-1"]}
    )
    assert response.status_code == 200
    page = text(response)
    assert 'data-ok="0"' in page and "✘ AWS account" in page
    assert "External ID" in page and "trust policy" in page
    assert f"…{external_id(alice)[-4:]}" in page
    assert "is not authorized to perform: sts:AssumeRole" in page  # AWS's own reason
    sent = role_trust.assume_role_calls()
    assert sent and sent[-1].external_id == external_id(alice) and sent[-1].allowed is False


def test_switching_to_a_role_in_the_wizard_forgets_the_kept_keys(portal_principal, alice, endpoint, client_for):
    walk = Walk(client_for(alice))
    walk.next_ok(1, step1(endpoint))
    walk.next_ok(2, keys_step2())
    assert set(session_secrets(walk)) == {"aws_access_key_id", "aws_secret_access_key"}
    assert "Access key <code>…MPLE</code>" in walk.text(walk.get(2)) or "…MPLE kept" in walk.text(walk.get(2))

    # Back on step 2, choose the role: both sections posted (no JavaScript), only the role's counts.
    walk.next_ok(2, role_step2(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=""))
    assert session_secrets(walk) == {}
    page = walk.text(walk.get(2))
    assert "kept; leave blank to keep it" not in page
    assert f'value="{ROLE_ARN}"' in page

    walk.next_ok(3, {"regions": ["us-east-1"]})
    walk.next_ok(4, {"mode": "stack", "stack_name": "", "log_retention_days": "3", "tags": "", "iam_role_arn": ""})
    review = walk.text(walk.get(5))
    assert f"IAM role <code>{ROLE_ARN}</code>" in review and "…MPLE" not in review
    assert walk.post(5, {}, nav="save").status_code == 302
    source = LogSource.objects.get()
    assert source.credential_type == "role" and source.aws_secret_access_key == ""


def test_choosing_keys_again_drops_the_role_and_the_review_shows_the_key(portal_principal, alice, endpoint, client_for):
    walk = Walk(client_for(alice))
    walk.next_ok(1, step1(endpoint))
    walk.next_ok(2, role_step2())
    # Keys chosen: the Role ARN still in its input is not checked (it would be refused with keys).
    walk.next_ok(2, keys_step2(role_arn=ROLE_ARN))
    walk.next_ok(3, {"regions": ["us-east-1"]})
    walk.next_ok(4, {"mode": "stack", "stack_name": "", "log_retention_days": "3", "tags": "", "iam_role_arn": ""})
    review = walk.text(walk.get(5))
    assert "Access key <code>…MPLE</code>" in review and "IAM role <code>" not in review
    walk.post(5, {}, nav="save")
    source = LogSource.objects.get()
    assert source.credential_type == "access_key" and source.role_arn == ""
    assert source.aws_secret_access_key == SECRET_KEY


def test_a_bad_role_arn_is_named_on_its_field(portal_principal, alice, endpoint, client_for):
    walk = Walk(client_for(alice))
    walk.next_ok(1, step1(endpoint))
    response = walk.post(2, role_step2(role_arn="arn:aws:iam::210987654321:role/ArmorGuardDutyReader"))
    assert response.status_code == 400
    page = walk.text(response)
    assert 'id="role_arn-errors"' in page and "a role of account 210987654321" in page
    response = walk.post(2, role_step2(role_arn=""))
    assert response.status_code == 400 and "Role ARN is required" in walk.text(response)


def test_without_the_portals_principal_the_role_option_is_disabled_and_refused(alice, endpoint, client_for, settings):
    settings.PORTAL_AWS_PRINCIPAL_ARN = ""
    walk = Walk(client_for(alice))
    walk.next_ok(1, step1(endpoint))
    page = walk.text(walk.get(2))
    assert 'value="role" id="id_credential_type_role" disabled' in page
    assert 'value="access_key" id="id_credential_type_access_key" checked' in page
    assert "PORTAL_AWS_PRINCIPAL_ARN" in page and 'name="role_arn"' not in page
    response = walk.post(2, role_step2())
    assert response.status_code == 400
    assert 'id="credential_type-errors"' in walk.text(response)
    walk.next_ok(2, keys_step2())


# --- A source's page: Replace credentials


def test_the_source_page_replaces_keys_with_a_role_once_the_test_passes(role_trust, aws, alice, source, client_for):
    for region in source.region_codes:
        cloudwatch.create_group(region)
    reader_role_create(aws, external_id=external_id(alice))
    client = client_for(alice)
    detail = text(client.get(reverse("log_sources:detail", args=[source.pk])))
    assert 'id="credentials"' in detail and "Access key <code>…MPLE</code>" in detail
    assert f'action="{reverse("deployments:source_credentials", args=[source.pk])}"' in detail

    response = client.post(
        reverse("deployments:source_credentials", args=[source.pk]),
        {"credential_type": "role", "role_arn": ROLE_ARN, "aws_access_key_id": "", "aws_secret_access_key": ""},
    )
    assert response.status_code == 302
    assert response.url == reverse("log_sources:detail", args=[source.pk]) + "#credentials"
    page = text(client.get(response.url))
    assert "Credentials replaced; collection continues from where it was" in page
    assert f"<code>{ROLE_ARN}</code>" in page
    source.refresh_from_db()
    assert source.credential_type == "role" and source.role_arn == ROLE_ARN
    assert source.aws_secret_access_key == "" and source.aws_access_key_id == ""
    event = AuditEvent.objects.get(action="source.credentials_change")
    assert event.details["verified"] is True and event.details["to"]["role_arn"] == ROLE_ARN


def test_switching_back_to_keys_is_refused_when_the_test_fails_then_saved_with_save_anyway(
    role_trust, aws, alice, endpoint, client_for
):
    source = role_source(alice, endpoint)
    cloudwatch.create_group("us-east-1")
    role_trust.inject("GetCallerIdentity", "InvalidClientTokenId")  # STS refuses the new key
    client = client_for(alice)
    url = reverse("deployments:source_credentials", args=[source.pk])
    keys = {"credential_type": "access_key", "role_arn": ROLE_ARN, "aws_access_key_id": ACCESS_KEY}

    response = client.post(url, {**keys, "aws_secret_access_key": SECRET_KEY})
    assert response.status_code == 409
    page = text(response)
    assert 'class="checklist" data-ok="0"' in page and "✘ AWS account" in page
    assert 'name="save_unverified"' in page and "Save anyway" in page
    assert 'id="save_unverified-errors"' in page and "Test connection failed with the new credentials" in page
    # The keys are never put back into the form.
    assert 'name="aws_access_key_id" type="text" value=""' in page
    assert 'name="aws_secret_access_key" type="password" value=""' in page
    source.refresh_from_db()
    assert source.credential_type == "role" and source.aws_secret_access_key == ""
    assert AuditEvent.objects.filter(action="source.credentials_change_refused").count() == 1

    response = client.post(url, {**keys, "aws_secret_access_key": SECRET_KEY, "save_unverified": "1"})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.credential_type == "access_key" and source.role_arn == ""
    assert source.aws_access_key_id == ACCESS_KEY and source.aws_secret_access_key == SECRET_KEY
    assert AuditEvent.objects.get(action="source.credentials_change").details["verified"] is False


def test_replace_credentials_names_bad_input_and_keeps_its_walls(
    role_trust, aws, alice, bob, charlie, source, client_for
):
    url = reverse("deployments:source_credentials", args=[source.pk])
    client = client_for(alice)
    response = client.post(url, {"credential_type": "role", "role_arn": "arn:aws:iam::1:role/x"})
    assert response.status_code == 400
    assert 'id="role_arn-errors"' in text(response) and "Role ARN must look like" in text(response)
    response = client.post(url, {"credential_type": "access_key", "aws_access_key_id": "AKIA123"})
    assert response.status_code == 400
    page = text(response)
    assert 'id="aws_access_key_id-errors"' in page and 'id="aws_secret_access_key-errors"' in page
    response = client.post(url, {"credential_type": "sideways"})
    assert response.status_code == 400 and 'id="credential_type-errors"' in text(response)
    assert client.get(url).status_code == 200

    assert client_for(bob).post(url, {"credential_type": "role", "role_arn": ROLE_ARN}).status_code == 403
    assert client_for(charlie).post(url, {"credential_type": "role", "role_arn": ROLE_ARN}).status_code == 404
    source.refresh_from_db()
    assert source.credential_type == "access_key" and source.aws_secret_access_key == SECRET_KEY
    assert not AuditEvent.objects.filter(action__startswith="source.credentials_change").exists()
    assert role_trust.assume_role_calls() == []  # nothing reached AWS


# --- The Service Account page


def test_the_service_account_page_shows_the_principal_and_the_external_id(portal_principal, alice, bob, client_for):
    page = text(client_for(alice).get(reverse("deployments:service_account")))
    role_section = page.split('id="role"', 1)[1].split("<h2>Access keys</h2>", 1)[0]
    assert "Recommended: an IAM role (no secret leaves your account)" in role_section
    assert f'<code id="principal-arn">{PORTAL_PRINCIPAL_ARN}</code>' in role_section
    assert f'<code id="external-id">{external_id(alice)}</code>' in role_section
    assert 'data-copy-target="external-id"' in role_section
    assert reverse("deployments:template_download", args=["role"]) in role_section
    assert "console.aws.amazon.com/cloudformation/home" in role_section
    assert "console.amazonaws.cn/cloudformation/home" in role_section
    assert "IAM is global" in role_section
    assert f'action="{reverse("deployments:reader_role_launch")}"' in role_section
    assert 'name="role_name" type="text" value="ArmorGuardDutyReader"' in role_section
    assert f'action="{reverse("deployments:external_id_regenerate")}"' in role_section
    assert "every role that trusts the current External ID stops working until its stack is updated" in role_section
    # The access-key options stay below it.
    assert "Option 1: an existing IAM user" in page and "Option 2: create the user with CloudFormation" in page

    readonly = text(client_for(bob).get(reverse("deployments:service_account")))
    assert PORTAL_PRINCIPAL_ARN in readonly and external_id(alice) in readonly
    assert reverse("deployments:reader_role_launch") not in readonly
    assert reverse("deployments:external_id_regenerate") not in readonly


def test_the_service_account_page_says_when_roles_are_unavailable(alice, client_for, settings):
    settings.PORTAL_AWS_PRINCIPAL_ARN = ""
    page = text(client_for(alice).get(reverse("deployments:service_account")))
    assert 'id="roles-unavailable"' in page and "PORTAL_AWS_PRINCIPAL_ARN" in page
    assert reverse("deployments:reader_role_launch") not in page


def test_regenerating_the_external_id_is_refused_for_bob_and_works_for_alice(alice, bob, client_for):
    url = reverse("deployments:external_id_regenerate")
    old = external_id(alice)
    response = client_for(bob).post(url, {"confirm": "1"})
    assert response.status_code == 403
    assert "Manage Users" in text(response)
    assert external_id(alice) == old

    client = client_for(alice)
    response = client.post(url, {})
    assert response.status_code == 400
    assert 'id="confirm-errors"' in text(response) and external_id(alice) == old
    assert client.get(url).status_code == 405

    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    new = external_id(alice)
    assert new != old and len(new) >= 32
    page = text(client.get(response.url))
    assert f"New External ID: {new}" in page
    assert f'<code id="external-id">{new}</code>' in page and old not in page
    event = AuditEvent.objects.get(action="tenant.external_id_regenerate")
    assert event.actor_id == alice.pk
    assert event.details == {"from": f"…{old[-4:]}", "to": f"…{new[-4:]}"}


def test_launch_for_me_creates_the_role_and_the_operation_page_shows_its_arn(
    portal_principal, aws, alice, bob, client_for
):
    url = reverse("deployments:reader_role_launch")
    client = client_for(alice)
    launch = {
        "aws_account_number": "1234-5678-9012",
        "role_name": "ArmorGuardDutyReader",
        "deploy_access_key_id": DEPLOY_ACCESS_KEY,
        "deploy_secret_access_key": DEPLOY_SECRET_KEY,
        "deploy_session_token": "",
    }
    assert client_for(bob).post(url, launch).status_code == 403
    refused = client.post(url, {**launch, "aws_account_number": "12", "deploy_secret_access_key": "short"})
    assert refused.status_code == 400
    page = text(refused)
    assert 'id="aws_account_number-errors"' in page and 'id="deploy_secret_access_key-errors"' in page
    assert 'name="deploy_access_key_id" type="text" value=""' in page  # keys never rendered back
    assert DeployOperation.objects.count() == 0

    response = client.post(url, launch)
    assert response.status_code == 302
    operation = DeployOperation.objects.get()
    assert response.url == reverse("deployments:operation", args=[operation.pk])
    assert operation.mode == "role" and operation.account_number == ACCOUNT

    operation = run(operation)
    assert operation.status == "succeeded", operation.last_error
    assert operation.secret_access_key == ""  # the one-time deploy credentials are wiped
    page = text(client.get(response.url))
    assert f'<code id="reader-role-arn">{ROLE_ARN}</code>' in page
    assert 'data-copy-target="reader-role-arn"' in page
    assert 'data-operation-status="succeeded"' in page

    role = emulator_iam(aws).get_role(RoleName="ArmorGuardDutyReader")["Role"]
    assert role["Arn"] == ROLE_ARN
    statement = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert statement["Principal"]["AWS"] == PORTAL_PRINCIPAL_ARN
    assert statement["Condition"]["StringEquals"]["sts:ExternalId"] == external_id(alice)


@pytest.mark.parametrize(
    "name", ["deployments:reader_role_launch", "deployments:external_id_regenerate", "deployments:source_credentials"]
)
def test_the_new_pages_need_a_login(db, client, name):
    url = reverse(name, args=[1]) if name == "deployments:source_credentials" else reverse(name)
    response = client.post(url, {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

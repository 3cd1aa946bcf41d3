"""Sources that hold no secret: an IAM role assumed with the tenant's External ID, through the API.

AWS is a moto server run without MOTO_ACCOUNT_ID, so the portal's own principal (an IAM user of
account 210987654321, whose key is the portal's environment) assumes a role into the customer's
account 123456789012 and acts there. moto trusts every AssumeRole; the test-only proxy in front
of it (tests/aws_fault_proxy.py, `role_trust`) judges each one against the role's real trust
policy and External ID, as IAM does, and records what the portal sent.
"""

from __future__ import annotations

import json
import time

import pytest

from collection.choices import CollectionState
from collection.services import log_events_pull
from deployments.models import DeployOperation
from events.models import LogEvent
from log_sources.models import LogSource
from tenants.models import AuditEvent
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
    reader_trust_policy,
)
from tests.states import unit
from tests.test_deploy import run

REGIONS = ["us-east-1", "eu-west-1"]
NEW_ACCESS_KEY = "AKIAJ3EXAMPLEROTATED"
NEW_SECRET_KEY = "Zx9rotatedSecretKeyForTheTestsOnly00000A"


def pull(source, region):
    return log_events_pull(unit_id=unit(source, region).pk, worker="test")


def stored_ids(source) -> list[str]:
    return list(LogEvent.objects.filter(source=source).values_list("event_id", flat=True))


def role_body(endpoint, **extra) -> dict:
    """A role-based source as a script sends it: no key, no hostname, no protocol."""
    return {
        "endpoint": endpoint.pk,
        "aws_account_number": ACCOUNT,
        "credential_type": "role",
        "role_arn": ROLE_ARN,
        "regions": REGIONS,
        **extra,
    }


def _tenant(user):
    from tenants.selectors import tenant_of

    return tenant_of(user)


@pytest.fixture
def role_source(api, alice, endpoint, role_trust, aws):
    external = _tenant(alice).aws_external_id
    reader_role_create(aws, external_id=external)
    response = api.post("/api/v1/log-sources/", role_body(endpoint), format="json")
    assert response.status_code == 201, response.content
    return LogSource.objects.get(pk=response.json()["id"])


def test_a_role_source_is_onboarded_without_any_secret_and_collects_its_accounts_findings(
    api, endpoint, role_trust, aws, alice
):
    tenant = _tenant(alice)
    identity = api.get("/api/v1/aws/identity/").json()
    assert identity["principal_arn"] == PORTAL_PRINCIPAL_ARN
    assert identity["external_id"] == tenant.aws_external_id and len(identity["external_id"]) >= 32
    assert identity["roles_available"] is True
    template = api.get(identity["role_template_url"])
    assert template.status_code == 200 and b"sts:ExternalId" in template.content

    # Launch for me: the deploy workers create the role stack with one-time deploy credentials.
    launched = api.post(
        "/api/v1/aws/reader-role/",
        {
            "aws_account_number": ACCOUNT,
            "deploy_credentials": {"aws_access_key_id": DEPLOY_ACCESS_KEY, "aws_secret_access_key": DEPLOY_SECRET_KEY},
        },
        format="json",
    )
    assert launched.status_code == 202, launched.content
    assert launched.json()["role_arn"] == ROLE_ARN
    operation = run(DeployOperation.objects.get(pk=launched.json()["operation"]))
    assert operation.status == "succeeded", operation.last_error
    assert operation.secret_access_key == ""  # the deploy credentials are wiped
    role = emulator_iam(aws).get_role(RoleName="ArmorGuardDutyReader")["Role"]
    statement = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert statement["Principal"]["AWS"] == PORTAL_PRINCIPAL_ARN
    assert statement["Condition"]["StringEquals"]["sts:ExternalId"] == tenant.aws_external_id

    created = api.post("/api/v1/log-sources/", role_body(endpoint), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["credential_type"] == "role" and body["role_arn"] == ROLE_ARN
    assert body["external_id"] == tenant.aws_external_id
    assert body["hostname"] == f"guardduty-{ACCOUNT}" and body["protocol"] == "AWS CloudWatch Logs (HTTPS)"
    assert body["aws_access_key_id_last4"] == ""
    source = LogSource.objects.get(pk=body["id"])
    assert source.aws_secret_access_key == "" and source.aws_access_key_id == ""

    for region in REGIONS:
        cloudwatch.put(region, cloudwatch.findings(5, region=region, seed=len(region)))
    verified = api.post(f"/api/v1/log-sources/{source.pk}/verify/")
    assert verified.status_code == 200
    check = verified.json()
    assert check["ok"] is True, check
    assert check["account"]["actual"] == ACCOUNT and check["account"]["role_arn"] == ROLE_ARN

    results = [pull(source, region) for region in REGIONS]
    assert [r.state for r in results] == [CollectionState.OK, CollectionState.OK], results
    assert len(set(stored_ids(source))) == 10

    calls = [c for c in role_trust.assume_role_calls() if c.allowed]
    assert calls, "the portal never assumed the role"
    for call in calls:
        assert call.role_arn == ROLE_ARN
        assert call.external_id == tenant.aws_external_id
        assert call.caller_arn == PORTAL_PRINCIPAL_ARN
    pull_calls = [c for c in calls if c.session_name == f"ArmorPortal-source-{source.pk}"]
    assert len(pull_calls) == 2  # Test connection assumed once, the two regions' pulls once together
    assert AuditEvent.objects.filter(action="reader_role.deploy").exists()
    assert AuditEvent.objects.get(action="source.create").details["role_arn"] == ROLE_ARN


def test_a_wrong_external_id_is_explained_then_recovers_by_itself_once_the_trust_policy_is_fixed(
    api, endpoint, role_trust, aws, alice
):
    reader_role_create(aws, external_id="an-external-id-of-someone-else-0123456789")
    source = LogSource.objects.get(pk=api.post("/api/v1/log-sources/", role_body(endpoint), format="json").json()["id"])
    cloudwatch.put("us-east-1", cloudwatch.findings(3, region="us-east-1"))

    check = api.post(f"/api/v1/log-sources/{source.pk}/verify/").json()
    assert check["ok"] is False
    message = check["account"]["message"]
    assert check["account"]["code"] == "AccessDenied"
    assert "External ID" in message and "trust policy" in message and PORTAL_PRINCIPAL_ARN in message
    assert _tenant(alice).aws_external_id[-4:] in message
    assert "is not authorized to perform: sts:AssumeRole" in message  # AWS's own reason

    refused = pull(source, "us-east-1")
    assert refused.state == CollectionState.ROLE_UNAVAILABLE
    assert "is not authorized to perform: sts:AssumeRole" in refused.error
    body = api.get(f"/api/v1/log-sources/{source.pk}/").json()
    states = {r["region"]: r for r in body["region_states"]}
    assert states["us-east-1"]["collection_state"] == "role_unavailable"

    emulator_iam(aws).update_assume_role_policy(
        RoleName="ArmorGuardDutyReader", PolicyDocument=reader_trust_policy(external_id=_tenant(alice).aws_external_id)
    )
    recovered = pull(source, "us-east-1")
    assert recovered.state == CollectionState.OK and recovered.stored == 3


def test_a_role_of_another_account_or_another_principal_is_refused(api, endpoint, role_trust, aws, alice):
    other_account_role = "arn:aws:iam::999988887777:role/ArmorGuardDutyReader"
    refused = api.post("/api/v1/log-sources/", role_body(endpoint, role_arn=other_account_role), format="json")
    assert refused.status_code == 400
    assert "999988887777" in refused.json()["role_arn"][0] and ACCOUNT in refused.json()["role_arn"][0]

    with_keys = api.post(
        "/api/v1/log-sources/",
        role_body(endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY),
        format="json",
    )
    assert with_keys.status_code == 400
    assert set(with_keys.json()) == {"aws_access_key_id", "aws_secret_access_key"}
    assert LogSource.objects.count() == 0

    # A role that trusts some other principal: AssumeRole is refused by the trust policy.
    reader_role_create(
        aws, external_id=_tenant(alice).aws_external_id, principal="arn:aws:iam::111122223333:user/other"
    )
    source = LogSource.objects.get(pk=api.post("/api/v1/log-sources/", role_body(endpoint), format="json").json()["id"])
    check = api.post(f"/api/v1/log-sources/{source.pk}/verify/").json()
    assert check["ok"] is False and "trust policy" in check["account"]["message"]


def test_without_the_portals_principal_roles_are_refused_with_the_reason(api, endpoint, aws, settings):
    settings.PORTAL_AWS_PRINCIPAL_ARN = ""
    assert api.get("/api/v1/aws/identity/").json()["roles_available"] is False
    refused = api.post("/api/v1/log-sources/", role_body(endpoint), format="json")
    assert refused.status_code == 400
    assert "PORTAL_AWS_PRINCIPAL_ARN" in refused.json()["credential_type"][0]


def test_many_pulls_within_the_hour_assume_the_role_once(role_source, role_trust):
    for region in REGIONS:
        cloudwatch.put(region, cloudwatch.findings(2, region=region))
    before = len(role_trust.assume_role_calls())
    for _ in range(5):
        for region in REGIONS:
            assert pull(role_source, region).state == CollectionState.OK
    assert len(role_trust.assume_role_calls()) - before == 1
    assert len(set(stored_ids(role_source))) == 4


def test_credentials_near_their_expiry_are_replaced_and_a_revoked_role_becomes_a_state(
    role_source, role_trust, aws, alice
):
    from log_sources import credentials

    cloudwatch.put("us-east-1", cloudwatch.findings(2, region="us-east-1"))
    # AWS says these credentials expire in 5 min 4 s; the portal renews 5 min before expiry.
    role_trust.session_seconds = 304
    credentials.forget()
    before = len(role_trust.assume_role_calls())
    assert pull(role_source, "us-east-1").state == CollectionState.OK
    assert pull(role_source, "us-east-1").state == CollectionState.OK
    assert len(role_trust.assume_role_calls()) - before == 1  # still fresh
    time.sleep(5)
    assert pull(role_source, "us-east-1").state == CollectionState.OK
    assert len(role_trust.assume_role_calls()) - before == 2  # renewed before they expired

    # The customer revokes the portal's access: the next renewal is refused.
    emulator_iam(aws).update_assume_role_policy(
        RoleName="ArmorGuardDutyReader",
        PolicyDocument=reader_trust_policy(external_id="revoked-external-id-00000000000000000"),
    )
    time.sleep(5)
    revoked = pull(role_source, "us-east-1")
    assert revoked.state == CollectionState.ROLE_UNAVAILABLE
    assert CollectionState(revoked.state).label == "Role cannot be assumed"


def test_keys_rotated_then_switched_to_a_role_in_place_lose_and_duplicate_nothing(api, source, role_trust, aws, alice):
    old_secret = source.aws_secret_access_key
    region = "us-east-1"
    for deployed in source.region_codes:  # Test connection checks every region before the change is saved
        cloudwatch.create_group(deployed)
    cloudwatch.put(region, cloudwatch.findings(4, region=region, seed=1, start_ms=cloudwatch.now_ms() - 90_000))
    assert pull(source, region).stored == 4
    checkpoint = unit(source, region).checkpoint_ms

    rotated = api.patch(
        f"/api/v1/log-sources/{source.pk}/",
        {"aws_access_key_id": NEW_ACCESS_KEY, "aws_secret_access_key": NEW_SECRET_KEY},
        format="json",
    )
    assert rotated.status_code == 200, rotated.content
    assert rotated.json()["aws_access_key_id_last4"] == NEW_ACCESS_KEY[-4:]
    assert rotated.json()["verification"]["ok"] is True
    source.refresh_from_db()
    assert source.aws_secret_access_key == NEW_SECRET_KEY
    assert unit(source, region).checkpoint_ms == checkpoint  # collection goes on from where it was

    cloudwatch.put(region, cloudwatch.findings(3, region=region, seed=2, start_ms=cloudwatch.now_ms() - 60_000))
    assert pull(source, region).stored == 3

    reader_role_create(aws, external_id=_tenant(alice).aws_external_id)
    switched = api.patch(
        f"/api/v1/log-sources/{source.pk}/", {"credential_type": "role", "role_arn": ROLE_ARN}, format="json"
    )
    assert switched.status_code == 200, switched.content
    assert switched.json()["credential_type"] == "role"
    source.refresh_from_db()
    assert source.aws_secret_access_key == "" and source.aws_access_key_id == ""

    cloudwatch.put(region, cloudwatch.findings(2, region=region, seed=3, start_ms=cloudwatch.now_ms() - 30_000))
    assert pull(source, region).stored == 2
    ids = stored_ids(source)
    assert len(ids) == len(set(ids)) == 9

    # Neither secret is anywhere in the database any more: not in the source, not in the audit trail.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT aws_secret_access_key, aws_access_key_id FROM log_sources_logsource")
        assert cursor.fetchall() == [("", "")]
    for event in AuditEvent.objects.filter(action="source.credentials_change"):
        text = json.dumps(event.details)
        assert old_secret not in text and NEW_SECRET_KEY not in text and NEW_ACCESS_KEY not in text
    changes = list(AuditEvent.objects.filter(action="source.credentials_change").order_by("pk"))
    assert [c.details["to"]["credential_type"] for c in changes] == ["access_key", "role"]


def test_a_change_that_fails_its_test_saves_nothing_unless_confirmed(api, source, role_trust, aws, alice):
    reader_role_create(aws, external_id="not-this-tenants-external-id-000000000000")
    refused = api.patch(
        f"/api/v1/log-sources/{source.pk}/", {"credential_type": "role", "role_arn": ROLE_ARN}, format="json"
    )
    assert refused.status_code == 409
    assert refused.json()["verification"]["ok"] is False
    assert "External ID" in refused.json()["verification"]["account"]["message"]
    source.refresh_from_db()
    assert source.credential_type == "access_key" and source.aws_secret_access_key == SECRET_KEY

    mixed = api.patch(
        f"/api/v1/log-sources/{source.pk}/",
        {"credential_type": "role", "role_arn": ROLE_ARN, "hostname": "renamed"},
        format="json",
    )
    assert mixed.status_code == 400 and "hostname" in mixed.json()

    confirmed = api.patch(
        f"/api/v1/log-sources/{source.pk}/",
        {"credential_type": "role", "role_arn": ROLE_ARN, "save_unverified": True},
        format="json",
    )
    assert confirmed.status_code == 200
    source.refresh_from_db()
    assert source.credential_type == "role" and source.aws_secret_access_key == ""
    event = AuditEvent.objects.get(action="source.credentials_change")
    assert event.details["verified"] is False


def test_a_role_source_cannot_deploy_with_its_own_read_only_role(api, role_source):
    refused = api.post(f"/api/v1/log-sources/{role_source.pk}/deploy/", {"use_source_credentials": True}, format="json")
    assert refused.status_code == 400
    assert "one-time deploy credentials" in refused.json()["deploy_credentials"][0]
    launched = api.post(
        f"/api/v1/log-sources/{role_source.pk}/deploy/",
        {"deploy_credentials": {"aws_access_key_id": DEPLOY_ACCESS_KEY, "aws_secret_access_key": DEPLOY_SECRET_KEY}},
        format="json",
    )
    assert launched.status_code == 202
    assert run(DeployOperation.objects.get(pk=launched.json()["operation"])).status == "succeeded"


def test_regenerating_the_external_id_is_for_admins_and_breaks_the_old_trust(
    api, api_for, bob, role_source, role_trust, alice
):
    old = _tenant(alice).aws_external_id
    assert api_for(bob).post("/api/v1/aws/identity/external-id/").status_code == 403
    renewed = api.post("/api/v1/aws/identity/external-id/")
    assert renewed.status_code == 200
    new = renewed.json()["external_id"]
    assert new != old and len(new) >= 32
    assert api.get(f"/api/v1/log-sources/{role_source.pk}/").json()["external_id"] == new
    check = api.post(f"/api/v1/log-sources/{role_source.pk}/verify/").json()
    assert check["ok"] is False and new[-4:] in check["account"]["message"]
    event = AuditEvent.objects.get(action="tenant.external_id_regenerate")
    assert event.details == {"from": f"…{old[-4:]}", "to": f"…{new[-4:]}"}


def test_temporary_role_credentials_are_never_stored(api, role_source, role_trust):
    from tests.sweeps.probes import as_text, decodings, textual_cells

    cloudwatch.put("us-east-1", cloudwatch.findings(2, region="us-east-1"))
    assert api.post(f"/api/v1/log-sources/{role_source.pk}/verify/").status_code == 200
    assert pull(role_source, "us-east-1").state == CollectionState.OK
    issued = role_trust.issued_secrets
    assert len(issued) >= 4  # a secret key and a session token per AssumeRole (Test connection, the pull)
    cells = list(textual_cells())
    assert len(cells) > 100
    stored = [
        (cell.table, cell.column)
        for cell in cells
        for value in cell.texts()
        for text in decodings(as_text(value))
        if any(secret in text for secret in issued)
    ]
    assert stored == []

"""AWS Organizations against the emulator over HTTP: both modes, the sync, the pages and the API.

The emulator's Organizations answers the listing calls only in the management account (a
member account, even a delegated administrator, sees no tree there), so the account the
Organization works from is the management account in these tests; the calls are the ones a
delegated administrator makes. GuardDuty's ListMembers is answered by the test proxy
(`guardduty_members`), because the emulator keeps no members. The emulator accepts a StackSet's
automatic deployment but does not act on it: where a test adds an account to an OU, it creates
the stack instances as AWS's automatic deployment would, and says so.
"""

from __future__ import annotations

import contextlib
import json
from datetime import timedelta
from urllib.parse import parse_qs

import boto3
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from collection import pulls
from collection.models import PullUnit
from collection.services import log_events_pull
from events.models import LogEvent
from events.services import log_events_index_all
from log_sources.models import LogSource
from log_sources.services import log_source_delete
from organizations import aws as organization_aws
from organizations import services, tasks
from organizations.choices import AccountStatus, DeployStatus
from organizations.models import Organization
from tenants.models import AuditEvent
from tenants.selectors import tenant_of
from tests.cloudwatch import findings
from tests.conftest import ACCESS_KEY, ACCOUNT, DEPLOY_ACCESS_KEY, DEPLOY_SECRET_KEY, SECRET_KEY, _in_account

ROLE_NAME = "ArmorGuardDutyOrganizationReader"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/{ROLE_NAME}"
REGIONS = ["us-east-1", "eu-west-1"]
DEPLOY = {"aws_access_key_id": DEPLOY_ACCESS_KEY, "aws_secret_access_key": DEPLOY_SECRET_KEY}
GROUP = "Armor_GuardDuty_Log_Group"


def boto(aws, service: str, account: str = ACCOUNT, region: str = "us-east-1"):
    client = boto3.client(
        service,
        region_name=region,
        endpoint_url=aws.url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    return _in_account(client, account)


class EmulatedOrganization:
    """An Organization in the emulator: the management account, two OUs and four member accounts."""

    def __init__(self, aws, external_id: str, *, with_role: bool = True):
        self.aws = aws
        self.org = boto(aws, "organizations")
        self.org.create_organization(FeatureSet="ALL")
        self.root = self.org.list_roots()["Roots"][0]["Id"]
        self.workloads = self._ou("Workloads")
        self.security = self._ou("Security")
        self.members = {
            "prod": self.add_account("prod", self.workloads),
            "dev": self.add_account("dev", self.workloads),
            "audit": self.add_account("audit", self.security),
            "sandbox": self.add_account("sandbox", self.security),
        }
        if with_role:
            self.create_role(external_id)

    def create_role(self, external_id: str) -> None:
        """The Organization role, from the portal's own template, as the customer creates it."""
        with open("deployments/cloudformation/organization-role.yaml", encoding="utf-8") as template:
            boto(self.aws, "cloudformation").create_stack(
                StackName="Armor-GuardDuty-Organization-Role",
                TemplateBody=template.read(),
                Parameters=[
                    {
                        "ParameterKey": "PortalPrincipalArn",
                        "ParameterValue": "arn:aws:iam::210987654321:user/armor-portal",
                    },
                    {"ParameterKey": "ExternalId", "ParameterValue": external_id},
                ],
                Capabilities=["CAPABILITY_NAMED_IAM"],
            )

    def _ou(self, name: str) -> str:
        return self.org.create_organizational_unit(ParentId=self.root, Name=name)["OrganizationalUnit"]["Id"]

    def add_account(self, name: str, ou: str) -> str:
        status = self.org.create_account(AccountName=name, Email=f"{name}@acme.example")["CreateAccountStatus"]
        account = status["AccountId"]
        self.org.move_account(AccountId=account, SourceParentId=self.root, DestinationParentId=ou)
        return account

    def put_findings(self, account: str, n: int, *, region: str = "us-east-1", into: str | None = None) -> None:
        """`n` GuardDuty findings of `account` into the log group of `into` (the account itself by default)."""
        logs = boto(self.aws, "logs", into or account, region)
        with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
            logs.create_log_group(logGroupName=GROUP)
        stream = f"findings-{account}"
        logs.create_log_stream(logGroupName=GROUP, logStreamName=stream)
        events = [
            {"timestamp": t, "message": m}
            for t, m in findings(n, account=account, region=region, seed=int(account[-4:]))
        ]
        logs.put_log_events(logGroupName=GROUP, logStreamName=stream, logEvents=events)


@pytest.fixture
def emulated(aws, role_trust, alice):
    world = EmulatedOrganization(aws, tenant_of(alice).aws_external_id)
    world.proxy = role_trust
    return world


@pytest.fixture
def api(alice):
    client = APIClient()
    client.force_authenticate(alice)
    return client


def pull_all(source: LogSource) -> int:
    stored = 0
    for unit in PullUnit.objects.filter(source_region__source=source):
        stored += log_events_pull(unit_id=unit.pk, worker="test").stored
    log_events_index_all()
    return stored


def organization_body(endpoint, **overrides) -> dict:
    return {
        "name": "Acme",
        "endpoint": endpoint.pk,
        "account_number": ACCOUNT,
        "role_arn": ROLE_ARN,
        "regions": REGIONS,
        **overrides,
    }


def accounts_of(body: dict) -> dict[str, dict]:
    return {a["account_number"]: a for a in body["accounts"]}


def test_administrator_mode_attributes_every_member_finding_to_its_account(emulated, api, endpoint):
    members = emulated.members
    boto(emulated.aws, "guardduty").create_detector(Enable=True)
    emulated.proxy.guardduty_members = {
        members["prod"]: "Enabled",
        members["dev"]: "Enabled",
        members["audit"]: "Enabled",
    }

    response = api.post(
        "/api/v1/organizations/",
        organization_body(endpoint, mode="administrator", deploy_credentials=DEPLOY),
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mode"] == "administrator" and body["organization_id"].startswith("o-")
    assert body["external_id"] == emulated.proxy.assume_role_calls()[0].external_id
    accounts = accounts_of(body)
    assert set(accounts) == {ACCOUNT, *members.values()}
    assert accounts[ACCOUNT]["guardduty_member"] is True
    assert [accounts[members[m]]["guardduty_member"] for m in ("prod", "dev", "audit")] == [True, True, True]
    # An account of the Organization that GuardDuty does not list as a member is shown as such.
    assert accounts[members["sandbox"]]["guardduty_member"] is False
    assert body["summary"]["not_guardduty_members"] == 1

    # GuardDuty aggregates the members' findings in the administrator: its log group receives them.
    for name, count in (("prod", 3), ("dev", 2), ("audit", 1)):
        emulated.put_findings(members[name], count, into=ACCOUNT)
    organization = Organization.objects.get(pk=body["id"])
    assert pull_all(organization.administrator_source) == 6

    accounts = accounts_of(api.get(f"/api/v1/organizations/{body['id']}/").json())
    assert [accounts[members[m]]["findings"] for m in ("prod", "dev", "audit", "sandbox")] == [3, 2, 1, 0]
    assert accounts[members["prod"]]["last_event_at"] and accounts[members["sandbox"]]["last_event_at"] is None
    assert accounts[members["prod"]]["regions_collecting"] == ["us-east-1"]
    # Search finds each member's findings by its account, attributed to it, not to the administrator.
    for name in ("prod", "dev", "audit"):
        hits = api.get("/api/v1/events/", {"q": f"*{members[name]}*"}).json()["results"]
        assert hits and {hit["account_id"] for hit in hits} == {members[name]}

    page = api.get(f"/organizations/{body['id']}/")
    assert page.status_code == 302  # the pages need a session, not a token
    from django.test import Client

    client = Client()
    client.force_login(organization.created_by)
    html = client.get(f"/organizations/{body['id']}/").content.decode()
    assert f'data-account="{members["sandbox"]}"' in html and "Not a member" in html


def stack_set_calls(proxy, action: str) -> list[dict[str, list[str]]]:
    return [parse_qs(call.body.decode()) for call in proxy.calls(action)]


def test_every_account_mode_deploys_by_ou_adds_new_accounts_and_pauses_removed_ones(emulated, api, endpoint, alice):
    members = emulated.members
    response = api.post(
        "/api/v1/organizations/",
        organization_body(
            endpoint, mode="every_account", organizational_unit_ids=[emulated.workloads], deploy_credentials=DEPLOY
        ),
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()

    # Two service-managed StackSets with automatic deployment, targeting the chosen OU.
    created = {c["StackSetName"][0]: c for c in stack_set_calls(emulated.proxy, "CreateStackSet")}
    assert set(created) == {organization_aws.READER_ROLE_STACK_SET, organization_aws.COLLECTION_STACK_SET}
    for call in created.values():
        assert call["PermissionModel"] == ["SERVICE_MANAGED"]
        assert call["AutoDeployment.Enabled"] == ["true"]
        assert call["AutoDeployment.RetainStacksOnAccountRemoval"] == ["false"]
    instances = {c["StackSetName"][0]: c for c in stack_set_calls(emulated.proxy, "CreateStackInstances")}
    for call in instances.values():
        assert call["DeploymentTargets.OrganizationalUnitIds.member.1"] == [emulated.workloads]
        assert call["OperationPreferences.FailureTolerancePercentage"] == ["10"]
    # IAM is global: the reader role's StackSet deploys to one region, the collection to all.
    assert instances[organization_aws.READER_ROLE_STACK_SET]["Regions.member.1"] == ["us-east-1"]
    assert "Regions.member.2" not in instances[organization_aws.READER_ROLE_STACK_SET]
    assert instances[organization_aws.COLLECTION_STACK_SET]["Regions.member.2"] == ["eu-west-1"]
    cf = boto(emulated.aws, "cloudformation")
    role_regions = {
        (i["Account"], i["Region"])
        for i in cf.list_stack_instances(StackSetName=organization_aws.READER_ROLE_STACK_SET)["Summaries"]
    }
    assert {region for _, region in role_regions} == {"us-east-1"}

    # Each deployed account of the OU is a role-based source of its own; the Security OU is not targeted.
    accounts = accounts_of(body)
    for name in ("prod", "dev"):
        account = accounts[members[name]]
        assert account["deploy_status"] == "deployed" and account["source"], account
        source = LogSource.objects.get(pk=account["source"])
        assert source.hostname == f"guardduty-{members[name]}" and source.uses_role
        assert source.role_arn == f"arn:aws:iam::{members[name]}:role/ArmorGuardDutyReader"
        assert sorted(source.region_codes) == sorted(REGIONS)
    assert members["audit"] not in accounts

    # Findings of each account arrive in its own log group and are collected through its own role.
    emulated.put_findings(members["prod"], 4)
    prod_source = LogSource.objects.get(pk=accounts[members["prod"]]["source"])
    assert pull_all(prod_source) == 4
    assert {c.role_arn for c in emulated.proxy.assume_role_calls() if c.allowed} >= {prod_source.role_arn}

    # An account joins the OU later. AWS's automatic deployment creates its stack instances
    # (the emulator does not act on AutoDeployment, so the test does what AWS would); the
    # hourly sync (beat's task itself) finds it, adds its source, and it is collected.
    newcomer = emulated.add_account("newcomer", emulated.workloads)
    deploy_cf = boto(emulated.aws, "cloudformation")
    for name, regions in (
        (organization_aws.READER_ROLE_STACK_SET, ["us-east-1"]),
        (organization_aws.COLLECTION_STACK_SET, REGIONS),
    ):
        deploy_cf.create_stack_instances(
            StackSetName=name, DeploymentTargets={"OrganizationalUnitIds": [emulated.workloads]}, Regions=regions
        )
    counts = tasks.sync_all()
    assert counts["added"] == 1 and counts["failed"] == 0
    organization = Organization.objects.get(pk=body["id"])
    row = organization.accounts.get(account_number=newcomer)
    assert row.source is not None and row.deploy_status == DeployStatus.DEPLOYED
    emulated.put_findings(newcomer, 2, region="eu-west-1")
    assert pull_all(row.source) == 2
    added = AuditEvent.objects.filter(action="organization.account_added", target_id=str(organization.pk))
    assert newcomer in {event.details["account"] for event in added}

    # A member source a user deletes is not added again by the next sync.
    dev_source = LogSource.objects.get(pk=accounts[members["dev"]]["source"])
    log_source_delete(user=alice, source=dev_source)
    assert services.organization_sync_now(user=alice, organization=organization).sources_added == []
    assert organization.accounts.get(account_number=members["dev"]).source is None

    # An account leaves the Organization: it stops being pulled, keeps its events, and says why.
    emulated.org.remove_account_from_organization(AccountId=members["prod"])
    result = services.organization_sync_now(user=alice, organization=organization)
    assert result.removed == [members["prod"]]
    prod_source.refresh_from_db()
    assert prod_source.paused and members["prod"] in prod_source.paused_reason
    assert LogEvent.objects.filter(source=prod_source).count() == 4
    # Even once its regions' next pulls come due, a paused source is not dispatched.
    prod_units = PullUnit.objects.filter(source_region__source=prod_source)
    prod_units.update(next_pull_at=timezone.now() - timedelta(minutes=5))
    due = {unit_id for unit_id, *_ in pulls.due_units()}
    assert prod_units.exists() and not (due & set(prod_units.values_list("pk", flat=True)))
    newcomer_units = set(PullUnit.objects.filter(source_region__source=row.source).values_list("pk", flat=True))
    PullUnit.objects.filter(pk__in=newcomer_units).update(next_pull_at=timezone.now() - timedelta(minutes=5))
    assert newcomer_units <= {unit_id for unit_id, *_ in pulls.due_units()}
    hits = api.get("/api/v1/events/", {"q": f"*{members['prod']}*"}).json()["results"]
    assert len(hits) == 4
    listed = accounts_of(api.get(f"/api/v1/organizations/{organization.pk}/").json())
    assert listed[members["prod"]]["status"] == AccountStatus.REMOVED
    shown = api.get(f"/api/v1/log-sources/{prod_source.pk}/").json()
    assert shown["status"] == "paused" and shown["organization"] == organization.pk
    assert members["prod"] in shown["paused_reason"]
    assert AuditEvent.objects.filter(action="source.pause", target_id=str(prod_source.pk)).exists()
    refused = api.post(f"/api/v1/log-sources/{prod_source.pk}/pull/")
    assert refused.status_code == 409 and "paused" in refused.json()["detail"]


def test_bad_input_is_refused_field_by_field_and_nothing_is_stored(emulated, api, endpoint):
    response = api.post(
        "/api/v1/organizations/",
        {
            "name": "",
            "endpoint": 999999,
            "mode": "everything",
            "account_number": "12",
            "role_arn": "arn:aws:iam::999999999999:role/x",
            "organizational_unit_ids": ["not-an-ou"],
            "regions": ["mars-1"],
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"name", "endpoint", "mode", "account_number", "organizational_unit_ids", "regions"}
    assert "ou-" in errors["organizational_unit_ids"][0]
    # A role of another account than the one worked from.
    response = api.post(
        "/api/v1/organizations/",
        organization_body(endpoint, mode="administrator", role_arn="arn:aws:iam::999999999999:role/Org"),
        format="json",
    )
    assert response.status_code == 400 and "999999999999" in response.json()["role_arn"][0]
    # A role that does not trust the portal (no such role): named on role_arn, nothing stored.
    response = api.post(
        "/api/v1/organizations/",
        organization_body(endpoint, mode="administrator", role_arn=f"arn:aws:iam::{ACCOUNT}:role/Missing"),
        format="json",
    )
    assert response.status_code == 400 and "Missing" in response.json()["role_arn"][0]
    # StackSets that CloudFormation refuses (deploy keys without the rights): named, nothing stored.
    emulated.proxy.inject("CreateStackSet", "AccessDenied", times=1)
    response = api.post(
        "/api/v1/organizations/",
        organization_body(endpoint, mode="every_account", deploy_credentials=DEPLOY),
        format="json",
    )
    assert response.status_code == 400 and "StackSets" in response.json()["deploy_credentials"][0]
    assert "unknown" in api.post("/api/v1/organizations/", {"nope": 1}, format="json").json()["nope"][0].lower()
    assert not Organization.objects.exists() and not LogSource.objects.exists()


def test_patch_renames_and_refuses_the_rest_and_delete_removes_its_sources(emulated, api, endpoint):
    body = api.post("/api/v1/organizations/", organization_body(endpoint, mode="administrator"), format="json").json()
    url = f"/api/v1/organizations/{body['id']}/"
    assert api.patch(url, {"name": "Acme Prod"}, format="json").json()["name"] == "Acme Prod"
    refused = api.patch(url, {"mode": "every_account"}, format="json")
    assert refused.status_code == 400 and "mode" in refused.json()
    source_id = body["administrator_source"]
    assert api.delete(url).status_code == 204
    assert not LogSource.objects.filter(pk=source_id).exists()
    assert AuditEvent.objects.filter(action="organization.delete").exists()


def test_a_reader_sees_organizations_but_cannot_add_sync_or_deploy_and_other_tenants_see_nothing(
    emulated, api, endpoint, bob, charlie
):
    body = api.post("/api/v1/organizations/", organization_body(endpoint, mode="administrator"), format="json").json()
    reader = APIClient()
    reader.force_authenticate(bob)
    assert reader.get(f"/api/v1/organizations/{body['id']}/").status_code == 200
    assert reader.post(f"/api/v1/organizations/{body['id']}/sync/").status_code == 403
    assert (
        reader.post(
            f"/api/v1/organizations/{body['id']}/deploy/", {"deploy_credentials": DEPLOY}, format="json"
        ).status_code
        == 403
    )
    assert (
        reader.post(
            "/api/v1/organizations/", organization_body(endpoint, mode="administrator"), format="json"
        ).status_code
        == 403
    )
    stranger = APIClient()
    stranger.force_authenticate(charlie)
    assert stranger.get(f"/api/v1/organizations/{body['id']}/").status_code == 404
    assert stranger.get("/api/v1/organizations/").json() == []
    assert stranger.post(f"/api/v1/organizations/{body['id']}/sync/").status_code == 404


def test_a_sync_that_aws_refuses_says_why_and_changes_nothing(emulated, api, endpoint):
    body = api.post("/api/v1/organizations/", organization_body(endpoint, mode="administrator"), format="json").json()
    emulated.proxy.inject("ListAccountsForParent", "AccessDeniedException")
    result = api.post(f"/api/v1/organizations/{body['id']}/sync/").json()
    assert "AccessDenied" in result["error"]
    organization = Organization.objects.get(pk=body["id"])
    assert organization.last_sync_error and organization.accounts.filter(status=AccountStatus.ACTIVE).count() == 5


def test_the_add_page_names_each_field_and_adds_the_organization(emulated, client_for, alice, endpoint):
    client = client_for(alice)
    assert client.get("/organizations/add/").status_code == 200
    refused = client.post("/organizations/add/", {"name": "", "mode": "administrator", "regions": ["us-east-1"]})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Name is required" in html and "Endpoint must be one of your log relays" in html
    added = client.post(
        "/organizations/add/",
        {
            "name": "Acme",
            "endpoint": endpoint.pk,
            "mode": "administrator",
            "account_number": ACCOUNT,
            "role_arn": ROLE_ARN,
            "select_all_regions": "1",
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    organization = Organization.objects.get()
    # Select All Regions: every region of the role's partition (the China regions are another partition).
    assert len(organization.regions) == 14 and "cn-north-1" not in organization.regions
    detail = client.get(added["Location"]).content.decode()
    assert all(f'data-account="{a}"' in detail for a in emulated.members.values())
    synced = client.post(f"/organizations/{organization.pk}/sync/", follow=True).content.decode()
    assert "Synced 5 accounts" in synced
    assert json.dumps(DEPLOY_SECRET_KEY)[1:-1] not in detail


def test_launch_for_me_creates_the_organization_role_that_the_organization_is_then_added_with(
    aws, role_trust, alice, api, endpoint, client_for
):
    from deployments import services as deployment_services

    emulated = EmulatedOrganization(aws, tenant_of(alice).aws_external_id, with_role=False)
    refused = client_for(alice).post("/organizations/role/launch/", {"account_number": "123"})
    assert refused.status_code == 400 and "12 digits" in refused.content.decode()

    launched = api.post(
        "/api/v1/aws/reader-role/",
        {"aws_account_number": ACCOUNT, "kind": "organization-role", "deploy_credentials": DEPLOY},
        format="json",
    )
    assert launched.status_code == 202, launched.content
    operation = launched.json()
    assert operation["mode"] == "organization-role" and operation["role_arn"] == ROLE_ARN
    assert operation["stack_name"] == "Armor-GuardDuty-Organization-Role"
    for _ in range(20):
        if deployment_services.deployment_advance(operation_id=operation["id"]) is None:
            break
    assert api.get(f"/api/v1/operations/{operation['id']}/").json()["status"] == "succeeded"
    # The role the stack made is the Organization role: it lists the accounts, so the Organization is added.
    created = api.post("/api/v1/organizations/", organization_body(endpoint, mode="administrator"), format="json")
    assert created.status_code == 201, created.content
    assert set(accounts_of(created.json())) == {ACCOUNT, *emulated.members.values()}
    page = client_for(alice).get(f"/aws/operations/{operation['id']}/").content.decode()
    assert ROLE_ARN in page and "Add AWS Organization" in page

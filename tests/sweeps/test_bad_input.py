"""Malformed input, swept: every field of every write, pages and API, from tables of bad values.

Each case puts one bad value (tests/sweeps/bad_values.py) into an otherwise valid request. The
API must answer 4xx with a body naming the field; a page must show its form again (200 or
400) with an error pointing at the field. Never a 5xx, and nothing stored or changed: every
table's rows are the same after each case as before it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tenants.models import ApiToken, Membership, Role
from tests.conftest import ACCOUNT, PASSWORD, PORTAL_PRINCIPAL_ARN, ROLE_ARN, forget_rate_limit_counts
from tests.sweeps import bad_values as bad
from tests.sweeps.calls import MISSING
from tests.sweeps.conftest import _zeta_organization, zeta_source
from tests.sweeps.forms import encoded, names_field
from tests.sweeps.probes import report, table_digests

MINIMUM_CASES = 300
DEPLOY_KEYS = {"aws_access_key_id": bad.VALID_KEY_ID, "aws_secret_access_key": bad.VALID_SECRET}
DEPLOY_FORM = {"deploy_access_key_id": bad.VALID_KEY_ID, "deploy_secret_access_key": bad.VALID_SECRET}
ORGANIZATION_ACCOUNT = "111122223333"
VALID_OU = "ou-ab12-cd34ef56"
ORGANIZATION_NAMES = [
    "",
    "   ",
    "x" * 129,
    bad.RTL_OVERRIDE + "Acme",
    "Acme\nCorp",
    *bad.NOT_TEXT,
    *bad.UNSTORABLE,
]
OU_LISTS = [
    ["ou-x"],
    ["OU-AB12-CD34EF56"],
    ["r-"],
    [bad.MARKUP],
    [f"ou-ab12-{n:08d}" for n in range(101)],
    "ou-ab12",
    [5],
    {"ou": VALID_OU},
    True,
    bad.DEEP,
    [bad.NUL],
]


def role_source_body(ids: dict[str, int]) -> dict:
    """A role-based source as a client sends it (no keys, no hostname, no protocol)."""
    return {
        "endpoint": ids["endpoint"],
        "aws_account_number": ACCOUNT,
        "credential_type": "role",
        "role_arn": ROLE_ARN,
        "regions": ["us-east-1"],
    }


@dataclass
class Case:
    surface: str  # "API POST /api/v1/log-sources/", "page wizard step 2", ...
    field: str  # where the bad value went, e.g. "deployment.mode"
    value: Any
    names: frozenset[str]  # any of these names in the refusal points at the field
    send: Callable[[], Any]
    page: bool = False
    # Tables a refusal may write to on this surface (a failed login is counted and audited).
    may_touch: frozenset[str] = frozenset()
    label: str = ""  # names a value that depends on the data (an id)


@dataclass
class Bench:
    alice: Any
    pages: Client
    api: APIClient
    ids: dict[str, int]

    def fresh_rate_limits(self) -> None:
        forget_rate_limit_counts()


@pytest.fixture
def bench(people, settings) -> Bench:
    """alice's tenant with an endpoint, a source (no deployment yet), a spare role and bob; the
    portal has its own AWS principal, so role-based input is judged by its own rules."""
    from relay.services import endpoint_create

    settings.PORTAL_AWS_PRINCIPAL_ARN = PORTAL_PRINCIPAL_ARN

    alice, charlie = people["alice"], people["charlie"]
    endpoint, source = zeta_source(
        alice, key_id=bad.VALID_KEY_ID, secret=bad.VALID_SECRET, regions=["us-east-1", "eu-west-1"]
    )
    spare_role = Role.objects.create(tenant=people["acme"], name="Zeta Spare Role", permissions=["read_log_relays"])
    pages = Client(raise_request_exception=False)
    pages.force_login(alice)
    api = APIClient(raise_request_exception=False)
    api.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(alice)[1]}")
    globex_endpoint = endpoint_create(user=charlie, name="Globex Relay", hostname="relay.globex.example")
    organization = _zeta_organization(people["acme"], endpoint, source)
    return Bench(
        alice=alice,
        pages=pages,
        api=api,
        ids={
            "endpoint": endpoint.pk,
            "source": source.pk,
            "spare_role": spare_role.pk,
            "read_only": Role.objects.get(tenant=people["acme"], builtin="read_only").pk,
            "bob": Membership.objects.get(user=people["bob"]).pk,
            "globex_endpoint": globex_endpoint.pk,
            "globex_role": Role.objects.get(tenant=people["globex"], builtin="admin").pk,
            "organization": organization.pk,
        },
    )


# --- The API


def _api_cases(bench: Bench) -> list[Case]:
    ids, api = bench.ids, bench.api
    cases: list[Case] = []

    def add(method: str, path: str, base: dict, field: str, values: list, *, names=(), may_touch=()):
        for value in values:
            body = json.loads(json.dumps(base))
            if "." in field:
                outer, inner = field.split(".")
                body.setdefault(outer, {})[inner] = value
            else:
                body[field] = value
            text = bad.json_text(body)
            cases.append(
                Case(
                    surface=f"API {method} {path}",
                    field=field,
                    value=value,
                    names=frozenset({*field.split("."), *names}),
                    send=lambda m=method, p=path, t=text: getattr(api, m.lower())(
                        p, t, content_type="application/json"
                    ),
                    may_touch=frozenset(may_touch),
                )
            )

    add("POST", "/api/v1/log-sources/", role_source_body(ids), "role_arn", ["", *bad.ROLE_ARNS])
    add("POST", "/api/v1/log-sources/", role_source_body(ids), "credential_type", ["roles", bad.MARKUP, *bad.NOT_TEXT])
    add("POST", "/api/v1/log-sources/", role_source_body(ids), "aws_access_key_id", [bad.VALID_KEY_ID])

    sources = "/api/v1/log-sources/"
    source = {
        "endpoint": ids["endpoint"],
        "hostname": "new-source.example",
        "protocol": "AWS CloudWatch Logs (HTTPS)",
        "aws_account_number": ACCOUNT,
        "aws_access_key_id": bad.VALID_KEY_ID,
        "aws_secret_access_key": bad.VALID_SECRET,
        "regions": ["us-east-1", "eu-west-1"],
        "deployment": {"mode": "stackset", "log_retention_days": 3},
    }
    add(
        "POST",
        sources,
        source,
        "endpoint",
        [*bad.IDS, MISSING, ids["globex_endpoint"], bad.arabic_indic(ids["endpoint"])],
    )
    add("POST", sources, source, "source_type", ["", "aws", "GuardDuty", bad.MARKUP, "ɡuardduty", *bad.NOT_TEXT])
    add("POST", sources, source, "hostname", bad.HOSTNAMES)
    add("POST", sources, source, "protocol", bad.PROTOCOLS)
    add("POST", sources, source, "aws_account_number", bad.ACCOUNTS)
    add("POST", sources, source, "aws_access_key_id", bad.KEY_IDS)
    add("POST", sources, source, "aws_secret_access_key", bad.SECRET_VALUES)
    add("POST", sources, source, "regions", bad.REGIONS)
    add("POST", sources, source, "deployment.mode", bad.MODES)
    add("POST", sources, {**source, "regions": ["us-east-1", "eu-west-1"]}, "deployment.mode", ["stack"])
    add("POST", sources, source, "deployment.stack_name", bad.STACK_NAMES)
    add("POST", sources, source, "deployment.log_retention_days", bad.RETENTIONS)
    add("POST", sources, source, "deployment.tags", bad.TAGS)
    add("POST", sources, source, "deployment.iam_role_arn", bad.ROLE_ARNS)
    add("POST", sources, source, "deployment", ["stackset", ["stack"], True, 5, {"bogus": 1}, bad.DEEP])
    add("POST", sources, source, "log_retention_days", [2, "three", bad.Raw("1e999")])
    add("POST", sources, source, "bogus_field", [1], names={"bogus_field"})

    detail = f"/api/v1/log-sources/{ids['source']}/"
    add("PATCH", detail, {}, "regions", [*bad.REGION_LISTS, "", True, bad.DEEP])
    add("PATCH", detail, {}, "hostname", ["", "-bad.example", "a" * 254, bad.MARKUP, *bad.NOT_TEXT, *bad.UNSTORABLE])
    add("PATCH", detail, {}, "protocol", ["", "x" * 65, ["x"], bad.LONE_SURROGATE])
    add("PATCH", detail, {}, "deployment.log_retention_days", [2, "three", bad.Raw("1e999"), 2**64, [], True])
    add("PATCH", detail, {}, "deployment.tags", ["novalue", {"aws:x": "1"}, {"k": "v" * 257}, ["a=b"], True])
    add("PATCH", detail, {}, "aws_account_number", ["210987654321"])
    add("PATCH", detail, {}, "deploy_credentials", ["keys", [], 5, {"aws_access_key_id": 5}])
    # Credentials replaced in place: every refusal comes before AWS is asked.
    add("PATCH", detail, {}, "credential_type", ["roles", "keys", bad.MARKUP, *bad.NOT_TEXT, *bad.UNSTORABLE])
    as_role = {"credential_type": "role"}
    add("PATCH", detail, as_role, "role_arn", ["", *bad.ROLE_ARNS, "arn:aws:iam::210987654321:role/Other"])
    add("PATCH", detail, {**as_role, "role_arn": ROLE_ARN}, "aws_secret_access_key", [bad.VALID_SECRET])
    as_keys = {"credential_type": "access_key", "aws_secret_access_key": bad.VALID_SECRET}
    add("PATCH", detail, as_keys, "aws_access_key_id", bad.KEY_IDS)
    add("PATCH", detail, {**as_keys, "aws_access_key_id": bad.VALID_KEY_ID}, "role_arn", [ROLE_ARN])
    add("PATCH", detail, {**as_role, "role_arn": ROLE_ARN}, "save_unverified", bad.BOOLEANS)
    add("PATCH", detail, {**as_role, "role_arn": ROLE_ARN}, "hostname", ["new-name.example"])

    reader_role = "/api/v1/aws/reader-role/"
    launch = {"aws_account_number": ACCOUNT, "deploy_credentials": DEPLOY_KEYS}
    add("POST", reader_role, launch, "aws_account_number", bad.ACCOUNTS)
    add("POST", reader_role, launch, "role_name", ["", "x" * 65, "has space", "ünïcode", bad.MARKUP, *bad.NOT_TEXT])
    add("POST", reader_role, launch, "region", ["mars-north-1", "us-gov-west-1", *bad.NOT_TEXT, *bad.UNSTORABLE])
    add("POST", reader_role, launch, "kind", ["stack", "organization", "", bad.MARKUP, *bad.NOT_TEXT, *bad.UNSTORABLE])
    add("POST", reader_role, launch, "deploy_credentials", ["keys", [], 5, {}, {**DEPLOY_KEYS, "aws_access_key_id": 5}])

    deploy = f"/api/v1/log-sources/{ids['source']}/deploy/"
    add("POST", deploy, {}, "use_source_credentials", bad.BOOLEANS)
    valid_keys = {"aws_access_key_id": bad.VALID_KEY_ID, "aws_secret_access_key": bad.VALID_SECRET}
    add(
        "POST",
        deploy,
        {},
        "deploy_credentials",
        [
            "keys",
            [],
            5,
            True,
            {},
            {**valid_keys, "aws_access_key_id": 5},
            {**valid_keys, "aws_access_key_id": "AKIA123"},
            {**valid_keys, "aws_secret_access_key": "short"},
            {**valid_keys, "aws_secret_access_key": bad.LONE_SURROGATE * 40},
            bad.DEEP,
        ],
    )
    add("POST", deploy, {"use_source_credentials": True}, "deploy_credentials", [valid_keys])

    organizations = "/api/v1/organizations/"
    organization = {
        "name": "Acme Organization",
        "endpoint": ids["endpoint"],
        "mode": "every_account",
        "account_number": ORGANIZATION_ACCOUNT,
        "role_arn": f"arn:aws:iam::{ORGANIZATION_ACCOUNT}:role/ArmorGuardDutyOrganizationReader",
        "regions": ["us-east-1", "eu-west-1"],
    }
    add("POST", organizations, organization, "name", ORGANIZATION_NAMES)
    add("POST", organizations, organization, "endpoint", [*bad.IDS, MISSING, ids["globex_endpoint"]])
    add("POST", organizations, organization, "mode", ["admin", "every-account", *bad.MODES])
    add("POST", organizations, organization, "account_number", bad.ACCOUNTS)
    add("POST", organizations, organization, "credential_type", ["access_key", "roles", *bad.NOT_TEXT])
    add("POST", organizations, organization, "role_arn", ["", *bad.ROLE_ARNS])
    add("POST", organizations, organization, "organizational_unit_ids", OU_LISTS)
    add("POST", organizations, organization, "regions", bad.REGIONS)
    add("POST", organizations, {**organization, "mode": "administrator"}, "organizational_unit_ids", [[VALID_OU]])
    add(
        "POST",
        organizations,
        organization,
        "deploy_credentials",
        ["keys", [], 5, {**DEPLOY_KEYS, "aws_access_key_id": 5}],
    )
    add("POST", organizations, organization, "bogus_field", [1], names={"bogus_field"})
    existing = f"/api/v1/organizations/{ids['organization']}/"
    add("PATCH", existing, {}, "name", ORGANIZATION_NAMES)
    add("PATCH", existing, {}, "organizational_unit_ids", OU_LISTS)
    add("PATCH", existing, {}, "mode", ["every_account"])
    add("PATCH", existing, {}, "regions", [["us-east-1"]])
    add(
        "POST",
        f"{existing}deploy/",
        {},
        "deploy_credentials",
        [None, "keys", [], 5, {}, {**DEPLOY_KEYS, "aws_access_key_id": "AKIA1"}],
    )

    add("POST", "/api/v1/endpoints/", {"hostname": "new-relay.example"}, "name", [*bad.NAMES, "zeta relay"])
    add("POST", "/api/v1/endpoints/", {"name": "New Relay"}, "hostname", bad.HOSTNAMES)

    add("POST", "/api/v1/roles/", {"permissions": ["Read Log Relays"]}, "name", [*bad.NAMES, "Admin"])
    add("POST", "/api/v1/roles/", {"name": "New Role"}, "permissions", bad.PERMISSION_LISTS)
    role = f"/api/v1/roles/{ids['spare_role']}/"
    add("PATCH", role, {}, "name", ["", "x" * 101, ["n"], True, bad.LONE_SURROGATE, "Admin"])
    add("PATCH", role, {}, "permissions", bad.PERMISSION_LISTS)

    member = {"username": "new-member", "password": PASSWORD, "role": ids["read_only"]}
    add("POST", "/api/v1/members/", member, "username", [*bad.USERNAMES, "bob"])
    add("POST", "/api/v1/members/", member, "password", bad.PASSWORDS)
    add("POST", "/api/v1/members/", member, "email", bad.EMAILS)
    roles = [*bad.IDS, MISSING, ids["globex_role"], bad.arabic_indic(ids["read_only"])]
    add("POST", "/api/v1/members/", member, "role", roles)
    add("PATCH", f"/api/v1/members/{ids['bob']}/", {}, "role", roles)

    token = {"username": "alice", "password": PASSWORD}
    add("POST", "/api/v1/auth/token/", token, "name", bad.TOKEN_NAMES)
    add("POST", "/api/v1/auth/token/", token, "expires_in_days", bad.TOKEN_DAYS)
    login = frozenset({"axes_accessattempt", "axes_accessfailurelog", "tenants_auditevent"})
    add("POST", "/api/v1/auth/token/", token, "username", ["", *bad.NOT_TEXT], may_touch=login)
    add("POST", "/api/v1/auth/token/", token, "password", ["", *bad.NOT_TEXT], may_touch=login)

    change = {"old_password": PASSWORD, "new_password": "a-Fresh-passw0rd!"}
    add("POST", "/api/v1/me/password/", change, "new_password", bad.PASSWORDS)
    add("POST", "/api/v1/me/password/", change, "old_password", ["", "not-the-password", *bad.NOT_TEXT])

    # A write's query parameters.
    for value in ("maybe", "2", "yes please", bad.NUL):
        query = encoded({"keep_aws_resources": value})
        cases.append(
            Case(
                surface=f"API DELETE {detail}",
                field="keep_aws_resources",
                value=value,
                names=frozenset({"keep_aws_resources", "query"}),
                send=lambda q=query: api.delete(f"{detail}?{q}"),
            )
        )

    # Whole bodies no field can be read from.
    for text in ("[]", '"text"', "5", "null", "{", '{"name": }', "[" * 100_000 + "]" * 100_000):
        cases.append(
            Case(
                surface="API POST /api/v1/roles/",
                field="(the body)",
                value=bad.Raw(text),
                names=frozenset({"non_field_errors", "detail"}),
                send=lambda t=text: api.post("/api/v1/roles/", t, content_type="application/json"),
            )
        )

    # Search filters of the events API (a query string, not a body).
    for field, values in {
        "q": ["x" * 1001, " ".join(f"t{i}" for i in range(21))],
        "source": ["abc", "1e999", "-1", bad.arabic_indic(ids["source"]), "1.5"],
        "severity": ["extreme", "HIGH", bad.MARKUP],
        "severity_min": ["abc", "nan", "inf", "1e999"],
        "since": ["yesterday", "2026-13-45", "0000-00-00T00:00"],
        "until": ["x", "2026-02-30"],
        "range": ["2y", "1H"],
        "page_size": ["0", "201", "abc", "-1", "1e3"],
        "cursor": ["garbage", "%%%", "eHx5"],
    }.items():
        for value in values:
            query = encoded({field: value})
            cases.append(
                Case(
                    surface="API GET /api/v1/events/",
                    field=field,
                    value=value,
                    names=frozenset({field}),
                    send=lambda q=query: api.get(f"/api/v1/events/?{q}"),
                )
            )
    return cases


# --- The pages


def _wizard_at(pages: Client, ids: dict[str, int], step: int) -> tuple[str, dict]:
    """A new Add Log Source wizard with the steps before `step` done: its step URL, and valid input for it."""
    wizard = pages.get("/sources/add/").url
    wid = wizard.split("/add/")[1].split("/")[0]
    valid = {
        1: {
            "endpoint": ids["endpoint"],
            "source_type": "guardduty",
            "hostname": "wizard.example",
            "protocol": "AWS CloudWatch Logs (HTTPS)",
        },
        2: {
            "aws_account_number": ACCOUNT,
            "aws_access_key_id": bad.VALID_KEY_ID,
            "aws_secret_access_key": bad.VALID_SECRET,
        },
        3: {"regions": ["us-east-1", "eu-west-1"]},
    }
    for done in range(1, step):
        response = pages.post(f"/sources/add/{wid}/step/{done}/", {**valid[done], "nav": "next"})
        assert response.status_code == 302, (done, response.content[:500])
    return f"/sources/add/{wid}/step/{step}/", valid.get(step, {})


def _page_cases(bench: Bench) -> list[Case]:
    ids, pages = bench.ids, bench.pages
    cases: list[Case] = []

    def add(surface: str, path: str, base: dict, field: str, values: list, *, method: str = "POST", label=""):
        for value in values:
            data = {**base, field: value}
            body = encoded(data)
            if method == "GET":
                send = lambda p=path, b=body: pages.get(f"{p}?{b}")  # noqa: E731
            else:
                send = lambda p=path, b=body: pages.post(  # noqa: E731
                    p, b, content_type="application/x-www-form-urlencoded"
                )
            cases.append(Case(f"page {surface}", field, value, frozenset({field}), send, page=True, label=label))

    strings = [v for v in bad.HOSTNAMES if isinstance(v, str)]
    step1, base1 = _wizard_at(pages, ids, 1)
    base1 = {**base1, "nav": "next"}
    endpoints = ["", "abc", MISSING, ids["globex_endpoint"], bad.arabic_indic(ids["endpoint"]), "-1", "1e999"]
    add("wizard step 1", step1, base1, "endpoint", endpoints)
    add("wizard step 1", step1, base1, "source_type", ["", "aws", bad.MARKUP, bad.NUL, bad.LONE_SURROGATE])
    add("wizard step 1", step1, base1, "hostname", strings)
    add("wizard step 1", step1, base1, "protocol", ["", "x" * 65, bad.NUL])

    step2, base2 = _wizard_at(pages, ids, 2)
    base2 = {**base2, "nav": "next"}
    add("wizard step 2", step2, base2, "aws_account_number", [*bad.ACCOUNTS_AS_TEXT[2:], *bad.UNSTORABLE])
    add("wizard step 2", step2, base2, "aws_access_key_id", [*bad.KEY_IDS_AS_TEXT[1:], *bad.UNSTORABLE])
    add("wizard step 2", step2, base2, "aws_secret_access_key", [*bad.SECRETS_AS_TEXT[1:], bad.LONE_SURROGATE * 40])

    step3, _ = _wizard_at(pages, ids, 3)
    add("wizard step 3", step3, {"nav": "next"}, "regions", [r for r in bad.REGION_LISTS if len(r) < 3])

    step4, _ = _wizard_at(pages, ids, 4)
    base4 = {"mode": "stackset", "stack_name": "", "log_retention_days": "3", "tags": "", "nav": "next"}
    add("wizard step 4", step4, base4, "mode", ["stacks", "stack", bad.MARKUP, bad.LONE_SURROGATE])
    add("wizard step 4", step4, base4, "stack_name", bad.STACK_NAMES_AS_TEXT)
    add("wizard step 4", step4, base4, "log_retention_days", bad.RETENTIONS_AS_TEXT)
    add("wizard step 4", step4, base4, "tags", bad.TAG_TEXTS)
    add("wizard step 4", step4, base4, "iam_role_arn", bad.ROLE_ARNS_AS_TEXT)

    add_organization = {
        "name": "Acme Organization",
        "endpoint": ids["endpoint"],
        "mode": "every_account",
        "account_number": ORGANIZATION_ACCOUNT,
        "role_arn": f"arn:aws:iam::{ORGANIZATION_ACCOUNT}:role/ArmorGuardDutyOrganizationReader",
        "regions": ["us-east-1"],
    }
    page = "/organizations/add/"
    add("add organization", page, add_organization, "name", [v for v in ORGANIZATION_NAMES if isinstance(v, str)])
    add("add organization", page, add_organization, "endpoint", ["", "abc", MISSING, ids["globex_endpoint"], "-1"])
    add("add organization", page, add_organization, "mode", ["admin", bad.MARKUP, bad.NUL])
    add("add organization", page, add_organization, "account_number", ["123", bad.ARABIC_INDIC_12, bad.NUL])
    add("add organization", page, add_organization, "role_arn", [*bad.ROLE_ARNS_AS_TEXT, bad.NUL])
    add(
        "add organization",
        page,
        add_organization,
        "organizational_unit_ids",
        ["ou-x", "r-", bad.NUL, "ou-ab12-cd34ef56 " * 101],
    )
    add("add organization", page, add_organization, "regions", [["mars-north-1"], ["us-gov-west-1"], [bad.MARKUP]])
    add("add organization", page, add_organization, "deploy_access_key_id", ["AKIA123", bad.NUL])
    role_launch = "/organizations/role/launch/"
    add("organization role launch", role_launch, {**DEPLOY_FORM}, "account_number", ["123", bad.NUL, bad.MARKUP])
    add("organization role launch", role_launch, {"account_number": ACCOUNT}, "deploy_access_key_id", ["", "AKIA1"])
    deploy_page = f"/organizations/{ids['organization']}/deploy/"
    add("organization deploy", deploy_page, DEPLOY_FORM, "deploy_access_key_id", ["", "AKIA123", bad.NUL])
    add("organization deploy", deploy_page, DEPLOY_FORM, "deploy_secret_access_key", ["short", bad.NUL])

    add(
        "endpoint add", "/endpoints/add/", {"hostname": "new-relay.example"}, "name", [*bad.NAMES_AS_TEXT, "zeta relay"]
    )
    add("endpoint add", "/endpoints/add/", {"name": "New Relay"}, "hostname", strings)

    add("role add", "/users/roles/add/", {"permissions": ["read_log_relays"]}, "name", [*bad.NAMES_AS_TEXT, "Admin"])
    add("role add", "/users/roles/add/", {"name": "New Role"}, "permissions", [["bogus"], [bad.NUL], [bad.MARKUP]])
    role = f"/users/roles/{ids['spare_role']}/"
    add("role edit", role, {"permissions": ["read_log_relays"]}, "name", ["", "x" * 101, bad.NUL, "Admin"])
    add("role edit", role, {"name": "Zeta Spare Role"}, "permissions", [["bogus"], [bad.LONE_SURROGATE]])

    member = {"username": "new-member", "password": PASSWORD, "role": ids["read_only"]}
    usernames = [v for v in bad.USERNAMES if isinstance(v, str)] + ["bob"]
    add("member add", "/users/members/add/", member, "username", usernames)
    add("member add", "/users/members/add/", member, "password", ["", "short", "12345678", "password"])
    add("member add", "/users/members/add/", member, "role", ["", "abc", MISSING, ids["globex_role"], "-1"])
    in_arabic_indic = [bad.arabic_indic(ids["read_only"])]
    add(
        "member add", "/users/members/add/", member, "role", in_arabic_indic, label="a role's id in Arabic-Indic digits"
    )

    for field, values in {
        "q": ["x" * 1001, " ".join(f"t{i}" for i in range(21)), bad.NUL],
        "source": ["abc", MISSING, "-1", bad.arabic_indic(ids["source"])],
        "region": ["mars-north-1", "us-gov-west-1", bad.MARKUP],
        "severity": ["extreme", bad.MARKUP],
        "severity_min": ["abc", "nan", "inf", "1e999"],
        "finding_type": ["x" * 257],
        "range": ["2y", "1H"],
        "since": ["yesterday", "2026-13-45"],
        "until": ["x", "2026-02-30"],
        "cursor": ["garbage", "%%%"],
    }.items():
        add("search", "/search/", {}, field, values, method="GET")

    add("retention", "/search/retention/", {}, "log_retention_days", ["0", "-1", "abc", "3651", "1e999", "", "2.5"])

    edit = f"/aws/sources/{ids['source']}/edit/"
    base_edit = {"regions": ["us-east-1"], "log_retention_days": "3", "tags": "", "credentials": "source"}
    add("source edit", edit, base_edit, "regions", [["mars-north-1"], ["us-gov-west-1"], [bad.MARKUP]])
    add("source edit", edit, base_edit, "log_retention_days", ["2", "abc", "1e999", ""])
    add("source edit", edit, base_edit, "tags", ["novalue", "aws:x=1", "k=" + "v" * 257])

    credentials = f"/aws/sources/{ids['source']}/credentials/"
    role = {"credential_type": "role", "role_arn": ROLE_ARN}
    add("replace credentials", credentials, role, "role_arn", [*bad.ROLE_ARNS_AS_TEXT, bad.NUL])
    add("replace credentials", credentials, role, "credential_type", ["roles", bad.MARKUP, bad.LONE_SURROGATE])
    keys = {"credential_type": "access_key", "aws_secret_access_key": bad.VALID_SECRET}
    add("replace credentials", credentials, keys, "aws_access_key_id", [*bad.KEY_IDS_AS_TEXT, bad.NUL])

    launch = {
        "aws_account_number": ACCOUNT,
        "deploy_access_key_id": DEPLOY_KEYS["aws_access_key_id"],
        "deploy_secret_access_key": DEPLOY_KEYS["aws_secret_access_key"],
    }
    add("reader role launch", "/aws/reader-role/launch/", launch, "aws_account_number", ["123", bad.NUL])
    add("reader role launch", "/aws/reader-role/launch/", launch, "role_name", ["x" * 65, "has space", bad.NUL])
    add("reader role launch", "/aws/reader-role/launch/", launch, "deploy_access_key_id", ["AKIA123", bad.NUL])
    add("External ID", "/aws/external-id/regenerate/", {}, "confirm", ["", bad.NUL])

    check = {"aws_account_number": ACCOUNT, "aws_access_key_id": bad.VALID_KEY_ID, "aws_secret_access_key": "z" * 40}
    add("Test connection (wizard)", "/aws/check/", check, "aws_account_number", ["12345678901", bad.ARABIC_INDIC_12])
    add("Test connection (wizard)", "/aws/check/", check, "aws_access_key_id", ["AKIA123", bad.MARKUP])
    add("Test connection (wizard)", "/aws/check/", check, "aws_secret_access_key", ["short"])
    add("Test connection (wizard)", "/aws/check/", check, "regions", [["us-gov-west-1"], ["mars-north-1"]])

    add("API tokens", "/accounts/tokens/", {"expires_in_days": "30"}, "name", ["x" * 101, "bell\x07", bad.NUL])
    add("API tokens", "/accounts/tokens/", {"name": "ci"}, "expires_in_days", ["0", "366", "abc", "-1", "1e999"])
    return cases


# --- The sweep


def _judge(case: Case, response) -> str:
    status = response.status_code
    if status >= 500:
        return f"{status}"
    if case.page:
        if status not in (200, 400):
            return f"{status}: expected the form again (200 or 400)"
        html = response.content.decode("utf-8", errors="replace")
        return "" if names_field(html, case.field) else f"{status}: no error points at {case.field}"
    if not 400 <= status < 500:
        return f"{status}: expected a 4xx refusal"
    try:
        body = response.json()
    except ValueError:
        return f"{status} without a JSON body"
    named = set(body) if isinstance(body, dict) else set()
    if isinstance(body, dict) and body.get("field"):
        named.add(body["field"])
    return "" if named & case.names else f"{status} {str(body)[:200]} does not name {sorted(case.names)}"


def _problem(case: Case, before: dict) -> tuple[str, dict]:
    """What is wrong with the answer to `case` ('' when refused as it should be), and the tables after it."""
    response = case.send()
    problem = _judge(case, response)
    after = table_digests()
    changed = sorted(t for t in after if after[t] != before.get(t) and t not in case.may_touch)
    if changed:
        problem = (problem + "; " if problem else "") + f"changed {changed}"
    return problem, after, response.status_code


def test_malformed_input_is_refused_naming_the_field_and_nothing_is_stored(aws, bench):
    cases = _api_cases(bench) + _page_cases(bench)
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    before = table_digests()
    for case in cases:
        bench.fresh_rate_limits()
        problem, before, status = _problem(case, before)
        statuses[status] += 1
        if problem:
            failures.append(f"{case.surface} {case.field}={case.value!r:.80}: {problem}")
    assert not failures, f"{len(failures)} of {len(cases)} cases:\n" + "\n".join(failures)
    surfaces = Counter(case.surface.split(" ", 1)[0] for case in cases)
    figures = report(
        "bad input",
        cases=len(cases),
        api_cases=surfaces["API"],
        page_cases=surfaces["page"],
        fields=len({(case.surface, case.field) for case in cases}),
        server_errors=sum(n for status, n in statuses.items() if status >= 500),
    )
    assert figures["cases"] >= MINIMUM_CASES and figures["server_errors"] == 0

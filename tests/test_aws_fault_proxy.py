"""The test-only fault proxy must pass calls through untouched and inject exactly what it is told."""

import json
from datetime import UTC, datetime

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.conftest import ACCESS_KEY, SECRET_KEY

NO_RETRY = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def _logs(url, region="us-east-1"):
    return boto3.client(
        "logs",
        region_name=region,
        endpoint_url=url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=NO_RETRY,
    )


def test_it_passes_calls_through_and_injects_errors_by_action_and_region(aws_faults):
    _logs(aws_faults.url).create_log_group(logGroupName="g")
    _logs(aws_faults.url, "eu-west-1").create_log_group(logGroupName="g")
    aws_faults.inject("FilterLogEvents", "AccessDeniedException", region="eu-west-1")
    aws_faults.inject("FilterLogEvents", "ThrottlingException", region="us-east-1", times=1)

    with pytest.raises(ClientError) as throttled:
        _logs(aws_faults.url).filter_log_events(logGroupName="g")
    assert throttled.value.response["Error"]["Code"] == "ThrottlingException"
    assert _logs(aws_faults.url).filter_log_events(logGroupName="g")["events"] == []  # `times=1` is spent
    with pytest.raises(ClientError) as denied:
        _logs(aws_faults.url, "eu-west-1").filter_log_events(logGroupName="g")
    assert denied.value.response["Error"]["Code"] == "AccessDeniedException"
    assert aws_faults.injected("FilterLogEvents") == 2


def test_it_injects_query_protocol_errors_for_cloudformation(aws_faults):
    aws_faults.inject("DescribeStacks", "Throttling", times=1)
    cfn = boto3.client(
        "cloudformation",
        region_name="us-east-1",
        endpoint_url=aws_faults.url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=NO_RETRY,
    )
    with pytest.raises(ClientError) as throttled:
        cfn.describe_stacks()
    assert throttled.value.response["Error"]["Code"] == "Throttling"
    assert cfn.describe_stacks()["Stacks"] == []


# --- the trust layer: AssumeRole judged as IAM does (moto trusts anyone) -------------------------

PORTAL_ACCOUNT = "210987654321"
PORTAL_ARN = f"arn:aws:iam::{PORTAL_ACCOUNT}:user/armor-portal"
CUSTOMER_ACCOUNT = "123456789012"  # where moto puts unknown keys (no MOTO_ACCOUNT_ID)
EXTERNAL_ID = "armor-external-id-0123456789abcdef0123456789"


def _client(service, url, key=ACCESS_KEY, secret=SECRET_KEY, token=None, account=None):
    client = boto3.client(
        service,
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=token,
        config=NO_RETRY,
    )
    if account:  # moto selects the account from this header
        client.meta.events.register(
            "before-sign.*", lambda request, **_: request.headers.__setitem__("x-moto-account-id", account)
        )
    return client


def _user_in(url, account, name):
    """A real IAM user in `account` and its access key: moto maps the key to that account."""
    iam = _client("iam", url, account=account)
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def _trust(principal, *, external_id=EXTERNAL_ID, action="sts:AssumeRole"):
    statement = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": action}
    if external_id is not None:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _role(url, name="ArmorGuardDutyReader", **trust):
    iam = _client("iam", url)
    return iam.create_role(RoleName=name, AssumeRolePolicyDocument=_trust(PORTAL_ARN, **trust))["Role"]["Arn"]


@pytest.fixture
def portal_sts(aws_faults):
    return _client("sts", aws_faults.url, *_user_in(aws_faults.url, PORTAL_ACCOUNT, "armor-portal"))


def _denied(call) -> ClientError:
    with pytest.raises(ClientError) as denied:
        call()
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
    assert denied.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    return denied.value


def test_the_trusted_principal_with_the_external_id_assumes_the_role_into_the_roles_account(aws_faults, portal_sts):
    aws_faults.enforce_role_trust()
    role_arn = _role(aws_faults.url)
    assert portal_sts.get_caller_identity()["Arn"] == PORTAL_ARN

    credentials = portal_sts.assume_role(
        RoleArn=role_arn, RoleSessionName="armor-portal-src-7", ExternalId=EXTERNAL_ID
    )["Credentials"]

    assumed = _client(
        "sts", aws_faults.url, credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]
    )
    identity = assumed.get_caller_identity()
    assert identity["Account"] == CUSTOMER_ACCOUNT
    assert identity["Arn"] == f"arn:aws:sts::{CUSTOMER_ACCOUNT}:assumed-role/ArmorGuardDutyReader/armor-portal-src-7"
    [call] = aws_faults.assume_role_calls()
    assert call.role_arn == role_arn
    assert call.external_id == EXTERNAL_ID
    assert call.session_name == "armor-portal-src-7"
    assert call.caller_arn == PORTAL_ARN
    assert call.allowed is True
    assert call.duration_seconds is None
    assert aws_faults.issued_secrets == [credentials["SecretAccessKey"], credentials["SessionToken"]]


def test_a_wrong_or_missing_external_id_is_refused_as_aws_refuses_it(aws_faults, portal_sts):
    aws_faults.enforce_role_trust()
    role_arn = _role(aws_faults.url)
    expected = f"User: {PORTAL_ARN} is not authorized to perform: sts:AssumeRole on resource: {role_arn}"

    wrong = _denied(lambda: portal_sts.assume_role(RoleArn=role_arn, RoleSessionName="s1", ExternalId="not-it"))
    assert wrong.response["Error"]["Message"] == expected
    assert wrong.response["Error"]["Type"] == "Sender"
    missing = _denied(lambda: portal_sts.assume_role(RoleArn=role_arn, RoleSessionName="s2"))
    assert missing.response["Error"]["Message"] == expected

    assert [(c.external_id, c.allowed) for c in aws_faults.assume_role_calls()] == [("not-it", False), (None, False)]
    assert aws_faults.issued_secrets == []


def test_another_principal_or_a_role_that_does_not_exist_is_refused(aws_faults, portal_sts):
    aws_faults.enforce_role_trust()
    role_arn = _role(aws_faults.url)
    stranger = _client("sts", aws_faults.url, *_user_in(aws_faults.url, "555555555555", "armor-portal"))
    stranger_arn = "arn:aws:iam::555555555555:user/armor-portal"

    refused = _denied(lambda: stranger.assume_role(RoleArn=role_arn, RoleSessionName="s1", ExternalId=EXTERNAL_ID))
    assert refused.response["Error"]["Message"].startswith(f"User: {stranger_arn} is not authorized")
    # the default key of the emulator (account 123456789012, the role's own account) is no principal of it either
    _denied(
        lambda: _client("sts", aws_faults.url).assume_role(
            RoleArn=role_arn, RoleSessionName="s2", ExternalId=EXTERNAL_ID
        )
    )
    missing_role = f"arn:aws:iam::{CUSTOMER_ACCOUNT}:role/NoSuchRole"
    _denied(lambda: portal_sts.assume_role(RoleArn=missing_role, RoleSessionName="s3", ExternalId=EXTERNAL_ID))
    # a role of that name in another account is not this one
    other_account_role = f"arn:aws:iam::{PORTAL_ACCOUNT}:role/ArmorGuardDutyReader"
    _denied(lambda: portal_sts.assume_role(RoleArn=other_account_role, RoleSessionName="s4", ExternalId=EXTERNAL_ID))

    calls = aws_faults.assume_role_calls()
    assert [c.caller_arn for c in calls][0] == stranger_arn
    assert [c.allowed for c in calls] == [False, False, False, False]


@pytest.mark.parametrize(
    "principal,action",
    [
        (f"arn:aws:iam::{PORTAL_ACCOUNT}:root", "sts:AssumeRole"),
        (PORTAL_ACCOUNT, ["sts:TagSession", "sts:AssumeRole"]),
        (["arn:aws:iam::999999999999:root", PORTAL_ARN], "sts:*"),
        (PORTAL_ARN, "*"),
    ],
)
def test_the_forms_iam_accepts_for_principal_and_action(aws_faults, portal_sts, principal, action):
    aws_faults.enforce_role_trust()
    iam = _client("iam", aws_faults.url)
    document = _trust(principal, action=action, external_id=[EXTERNAL_ID, "old-external-id"])
    role_arn = iam.create_role(RoleName="r", AssumeRolePolicyDocument=document)["Role"]["Arn"]

    assert portal_sts.assume_role(RoleArn=role_arn, RoleSessionName="ss", ExternalId="old-external-id")["Credentials"]
    _denied(lambda: portal_sts.assume_role(RoleArn=role_arn, RoleSessionName="ss", ExternalId="other"))


def test_conditions_it_does_not_understand_and_explicit_denies_refuse(aws_faults, portal_sts):
    aws_faults.enforce_role_trust()
    iam = _client("iam", aws_faults.url)
    allow = json.loads(_trust(PORTAL_ARN))["Statement"][0]
    unknown = {**allow, "Condition": {"StringEquals": {"sts:ExternalId": EXTERNAL_ID, "aws:PrincipalTag/team": "x"}}}
    deny = {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
    for name, statements in (("unknown", [unknown]), ("denied", [allow, deny])):
        document = json.dumps({"Version": "2012-10-17", "Statement": statements})
        role_arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=document)["Role"]["Arn"]
        _denied(lambda arn=role_arn: portal_sts.assume_role(RoleArn=arn, RoleSessionName="ss", ExternalId=EXTERNAL_ID))


def test_session_seconds_shortens_the_expiration_the_caller_sees(aws_faults, portal_sts):
    aws_faults.enforce_role_trust()
    aws_faults.session_seconds = 60
    role_arn = _role(aws_faults.url)

    expiration = portal_sts.assume_role(
        RoleArn=role_arn, RoleSessionName="short", ExternalId=EXTERNAL_ID, DurationSeconds=900
    )["Credentials"]["Expiration"]

    remaining = (expiration - datetime.now(UTC)).total_seconds()
    assert 55 <= remaining <= 61
    assert aws_faults.assume_role_calls()[0].duration_seconds == 900


def test_without_enforcement_it_is_motos_behaviour_any_role_is_assumed(aws_faults):
    sts = _client("sts", aws_faults.url)
    credentials = sts.assume_role(RoleArn="arn:aws:iam::333333333333:role/Anything", RoleSessionName="free")[
        "Credentials"
    ]

    identity = _client(
        "sts", aws_faults.url, credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]
    ).get_caller_identity()
    assert identity["Account"] == "333333333333"
    [call] = aws_faults.assume_role_calls()
    assert (call.allowed, call.external_id, call.caller_arn) == (
        None,
        None,
        f"arn:aws:sts::{CUSTOMER_ACCOUNT}:user/moto",
    )
    assert aws_faults.issued_secrets == [credentials["SecretAccessKey"], credentials["SessionToken"]]

    aws_faults.enforce_role_trust()
    aws_faults.enforce_role_trust(False)
    assert sts.assume_role(RoleArn="arn:aws:iam::333333333333:role/Other", RoleSessionName="free")["Credentials"]


def test_an_injected_assume_role_error_wins_without_judging(aws_faults, portal_sts):
    aws_faults.enforce_role_trust()
    role_arn = _role(aws_faults.url)
    aws_faults.inject("AssumeRole", "Throttling", times=1)

    with pytest.raises(ClientError) as throttled:
        portal_sts.assume_role(RoleArn=role_arn, RoleSessionName="s1", ExternalId=EXTERNAL_ID)
    assert throttled.value.response["Error"]["Code"] == "Throttling"
    assert portal_sts.assume_role(RoleArn=role_arn, RoleSessionName="s2", ExternalId=EXTERNAL_ID)["Credentials"]
    assert [(c.session_name, c.allowed) for c in aws_faults.assume_role_calls()] == [("s1", None), ("s2", True)]

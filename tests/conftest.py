"""The shared test base.

Three people, as in every spec here: alice (Acme's tenant admin), bob (an Acme member with a
narrow role: he may read log sources and endpoints, nothing else) and charlie (admin of
another tenant, Globex). AWS is a real moto server on 127.0.0.1, reached over HTTP through
AWS_ENDPOINT_URL exactly as the portal reaches AWS in production.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.handlers.base import BaseHandler

from tenants.models import Role
from tenants.permissions import Permission

PASSWORD = "correct-horse-battery-staple"
ACCOUNT = "123456789012"  # the emulator's default account
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
# A second credential pair, used as one-time deploy credentials.
DEPLOY_ACCESS_KEY = "AKIAI44QH8DHBEXAMPLE"
DEPLOY_SECRET_KEY = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
SECRETS = (SECRET_KEY, ACCESS_KEY, DEPLOY_SECRET_KEY, DEPLOY_ACCESS_KEY)
# The portal's own AWS account and principal in the emulator (role-based sources trust it).
PORTAL_ACCOUNT = "210987654321"
PORTAL_USER = "armor-portal"
PORTAL_PRINCIPAL_ARN = f"arn:aws:iam::{PORTAL_ACCOUNT}:user/{PORTAL_USER}"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/ArmorGuardDutyReader"
# Secrets born during a test (the portal's own key, temporary role credentials): watched too.
RUNTIME_SECRETS: list[str] = []


def leaked_secrets(body: bytes) -> list[str]:
    text = body.decode("utf-8", errors="replace")
    return [secret for secret in (*SECRETS, *RUNTIME_SECRETS) if secret and secret in text]


@pytest.fixture(autouse=True)
def no_secret_in_any_response(monkeypatch, caplog):
    """The secret watch, over every test: no response body and no log line holds a credential.

    Every response the portal gives (test client, live server, browser and API fuzzing alike)
    passes through Django's request handler; this records each body there and fails the test
    if one holds a secret key or a full access key id.
    """
    original = BaseHandler.get_response
    recorded: list[tuple[str, bytes]] = []

    def get_response(self, request):
        response = original(self, request)
        if not getattr(response, "streaming", False):
            recorded.append((f"{request.method} {request.get_full_path()}", bytes(response.content)))
        return response

    monkeypatch.setattr(BaseHandler, "get_response", get_response)
    yield recorded
    leaks = [(where, leaked_secrets(body)) for where, body in recorded if leaked_secrets(body)]
    assert not leaks, f"responses leaked credentials: {leaks}"
    assert not [s for s in (*SECRETS, *RUNTIME_SECRETS) if s and s in caplog.text], "a log line holds a credential"
    RUNTIME_SECRETS.clear()


def forget_rate_limit_counts() -> None:
    """Drop every rate-limit count (DRF throttles) from the shared cache.

    No test transaction rolls the cache back, and ids repeat between runs (and, on SQLite,
    between tests), so one test's requests would otherwise count against another's user.
    """
    from django.core.cache import cache

    client = getattr(cache, "_cache", None)
    if hasattr(client, "get_client"):  # Redis
        redis = client.get_client(write=True)
        keys = list(redis.scan_iter(match=f"{cache.make_key('throttle_')}*", count=1000))
        if keys:
            redis.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    forget_rate_limit_counts()
    yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The default hasher is slow by design; the tests create many users and log in often."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class MotoServer:
    """A moto server process; `reset()` empties it between tests."""

    def __init__(self, port: int, process: subprocess.Popen):
        self.port = port
        self.process = process
        self.url = f"http://127.0.0.1:{port}"

    def _post(self, path: str, body: bytes = b"") -> None:
        request = urllib.request.Request(
            self.url + path, data=body, method="POST", headers={"Content-Type": "text/plain"}
        )
        urllib.request.urlopen(request, timeout=10).read()

    def reset(self) -> None:
        self._post("/moto-api/reset")

    def enforce_iam(self, enforce: bool = True) -> None:
        """Turn the emulator's IAM checks on (unknown keys, bad secrets, missing permissions fail).

        moto reads the body as the number of calls to let through before enforcing.
        """
        self._post("/moto-api/reset-auth", b"0" if enforce else b"inf")


@pytest.fixture(scope="session")
def moto_server():
    port = _free_port()
    executable = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or "moto_server"
    # No MOTO_ACCOUNT_ID: it would force every request into one account, and role-based sources
    # need AssumeRole into the customer's account to act there. Unknown keys land in the
    # emulator's default account, which is ACCOUNT.
    env = {k: v for k, v in os.environ.items() if k != "MOTO_ACCOUNT_ID"}
    process = subprocess.Popen(
        [executable, "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = MotoServer(port, process)
    try:
        _wait_for_http(server.url + "/moto-api/data.json")
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def aws(moto_server, monkeypatch):
    """A clean emulator for one test, with the portal's boto3 clients pointed at it."""
    moto_server.reset()
    moto_server.enforce_iam(False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.url)
    # Keep boto3 away from any profile or instance metadata on the machine.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    yield moto_server


def _in_account(client, account: str):
    """Send every call of a boto3 client to one emulator account (moto's x-moto-account-id)."""

    def add_header(request, **kwargs):
        request.headers["x-moto-account-id"] = account

    client.meta.events.register("before-send.*", add_header)
    return client


def emulator_iam(aws, account: str = ACCOUNT):
    """IAM of one emulator account (the portal's own, or the customer's)."""
    import boto3

    client = boto3.client(
        "iam",
        region_name="us-east-1",
        endpoint_url=aws.url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    return _in_account(client, account)


@pytest.fixture
def portal_principal(aws, monkeypatch, settings):
    """The portal's own AWS identity: an IAM user of its own account in the emulator, whose key is
    what the standard credential chain (the environment) gives the portal's processes."""
    from log_sources import credentials

    iam = emulator_iam(aws, PORTAL_ACCOUNT)
    iam.create_user(UserName=PORTAL_USER)
    key = iam.create_access_key(UserName=PORTAL_USER)["AccessKey"]
    RUNTIME_SECRETS.extend([key["SecretAccessKey"], key["AccessKeyId"]])
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
    settings.PORTAL_AWS_PRINCIPAL_ARN = PORTAL_PRINCIPAL_ARN
    credentials.forget()  # no role credentials of an earlier test's emulator
    yield PORTAL_PRINCIPAL_ARN
    credentials.forget()


@pytest.fixture
def role_trust(aws_faults, portal_principal):
    """The emulator behind the proxy that judges AssumeRole as IAM does (trust policy and External ID)."""
    aws_faults.enforce_role_trust()
    yield aws_faults
    RUNTIME_SECRETS.extend(aws_faults.issued_secrets)


@pytest.fixture
def people(db):
    """alice (Acme admin), bob (Acme, narrow role), charlie (Globex admin)."""
    from tenants.services import member_create, tenant_create

    acme = tenant_create(name="Acme", admin_username="alice", admin_password=PASSWORD)
    globex = tenant_create(name="Globex", admin_username="charlie", admin_password=PASSWORD)
    viewer = Role.objects.create(
        tenant=acme,
        name="Source Viewer",
        permissions=[Permission.READ_LOG_RELAYS.value, Permission.READ_LOG_ENDPOINTS.value],
    )
    bob = member_create(actor=None, tenant=acme, username="bob", password=PASSWORD, role=viewer).user
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    return {
        "acme": acme,
        "globex": globex,
        "alice": users.get(username="alice"),
        "bob": bob,
        "charlie": users.get(username="charlie"),
        "viewer_role": viewer,
    }


@pytest.fixture
def alice(people):
    return people["alice"]


@pytest.fixture
def bob(people):
    return people["bob"]


@pytest.fixture
def charlie(people):
    return people["charlie"]


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def endpoint(alice):
    from relay.services import endpoint_create

    return endpoint_create(user=alice, name="Relay One", hostname="relay-1.acme.example")


@pytest.fixture
def source_data(endpoint):
    """Valid log source input in the API's field names (account typed with dashes)."""
    return {
        "endpoint": endpoint.pk,
        "source_type": "guardduty",
        "hostname": f"guardduty-{ACCOUNT}",
        "protocol": "AWS CloudWatch Logs (HTTPS)",
        "aws_account_number": "1234-5678-9012",
        "aws_access_key_id": ACCESS_KEY,
        "aws_secret_access_key": SECRET_KEY,
        "regions": ["us-east-1", "eu-west-1", "ap-southeast-2"],
        "mode": "stackset",
        "stack_name": "",
        "log_retention_days": 3,
        "tags": {},
        "iam_role_arn": "",
    }


@pytest.fixture
def source(alice, source_data):
    from log_sources.services import log_source_create

    return log_source_create(user=alice, data=source_data)


@pytest.fixture
def other_source(charlie, source):
    """Globex's source with the same AWS account (another tenant must still see nothing of Acme's)."""
    from log_sources.services import log_source_create
    from relay.services import endpoint_create

    endpoint = endpoint_create(user=charlie, name="Globex relay", hostname="relay.globex.example")
    return log_source_create(
        user=charlie,
        data={
            "endpoint": endpoint.pk,
            "hostname": "globex-gd",
            "protocol": "AWS CloudWatch Logs (HTTPS)",
            "aws_account_number": "123456789012",
            "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
            "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "regions": ["us-east-1"],
            "mode": "manual",
        },
    )


@pytest.fixture
def aws_faults(aws, monkeypatch):
    """The emulator behind a fault-injecting proxy (see tests/aws_fault_proxy.py)."""
    from tests.aws_fault_proxy import FaultProxy

    proxy = FaultProxy(aws.port)
    monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)
    yield proxy
    proxy.close()


def reader_trust_policy(*, external_id: str, principal: str = PORTAL_PRINCIPAL_ARN) -> str:
    """The trust policy the role template writes: the principal, only with the External ID."""
    import json

    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": principal},
                    "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"sts:ExternalId": external_id}},
                }
            ],
        }
    )


def reader_role_create(aws, *, external_id: str, principal: str = PORTAL_PRINCIPAL_ARN, account: str = ACCOUNT) -> str:
    """Create, in the customer's emulator account, the role the role template creates (same trust
    policy); returns its ARN. Tests that are not about the template itself use this."""
    role = emulator_iam(aws, account).create_role(
        RoleName="ArmorGuardDutyReader",
        AssumeRolePolicyDocument=reader_trust_policy(external_id=external_id, principal=principal),
    )
    return role["Role"]["Arn"]


@pytest.fixture
def receiver():
    """Make webhook receivers on 127.0.0.1 (tests/webhooks.py), closed after the test."""
    from tests.webhooks import Receiver

    made: list[Receiver] = []

    def make(statuses=(200,)) -> Receiver:
        made.append(Receiver(statuses))
        return made[-1]

    yield make
    for r in made:
        r.close()


@pytest.fixture
def private_ok(settings):
    """Webhooks may reach 127.0.0.1 over http (NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS), as the receivers are."""
    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = True
    return settings

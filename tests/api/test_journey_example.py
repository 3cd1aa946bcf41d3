"""The README's Python example (examples/journey.py) against a live portal and the emulator.

The script is run as a customer would run it: a separate process that knows only the URL,
a username and password, and the AWS account's keys. The portal runs as a live server; its
Celery tasks run eagerly in the server's own threads (the deploy steps and the relay's
pulls are the real ones), and AWS is the moto server. Once the StackSet is deployed, the
test plays GuardDuty: it publishes findings to EventBridge in each region, which routes them
into the log group the template created, exactly as in a customer's account.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import boto3

from demo import findings
from deployments.choices import DeployState
from deployments.models import RegionDeployment
from tests.conftest import ACCESS_KEY, ACCOUNT, PASSWORD, SECRET_KEY, leaked_secrets

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "journey.py"
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]


def publish_findings(aws, region: str, count: int) -> None:
    events = boto3.client(
        "events",
        region_name=region,
        endpoint_url=aws.url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    rng = random.Random(region)
    entries = [
        {
            "Source": "aws.guardduty",
            "DetailType": "GuardDuty Finding",
            "Detail": json.dumps(findings.finding(account=ACCOUNT, region=region, rng=rng)["detail"]),
        }
        for _ in range(count)
    ]
    assert events.put_events(Entries=entries)["FailedEntryCount"] == 0


def test_the_readme_python_example_scripts_the_whole_journey(live_server, aws, alice, no_secret_in_any_response):
    from portal.celery import app

    app.conf.task_always_eager = True
    env = {
        **os.environ,
        "PORTAL_URL": live_server.url,
        "PORTAL_USERNAME": "alice",
        "PORTAL_PASSWORD": PASSWORD,
        "AWS_ACCOUNT_NUMBER": ACCOUNT,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "REGIONS": ",".join(REGIONS),
        "TIMEOUT_SECONDS": "120",
    }
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 120
        deployed = RegionDeployment.objects.filter(source_region__region__in=REGIONS, state=DeployState.COMPLETE)
        while deployed.count() < 3:
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "the StackSet was not deployed in time"
            time.sleep(0.5)
        for region in REGIONS:
            publish_findings(aws, region, 3)
        output, _ = process.communicate(timeout=150)
    finally:
        app.conf.task_always_eager = False
        if process.poll() is None:
            process.kill()

    assert process.returncode == 0, output
    assert "==> 6. Pull now and search *123456789012*" in output
    assert "events on the first page" in output
    assert output.count("ok ") >= 6  # two checks in each of the three regions
    assert not leaked_secrets(output.encode())
    paths = [where for where, _ in no_secret_in_any_response]
    for path in ("POST /api/v1/auth/token/", "POST /api/v1/endpoints/", "POST /api/v1/log-sources/"):
        assert path in paths
    assert any(p.startswith("GET /api/v1/events/?q=") for p in paths)

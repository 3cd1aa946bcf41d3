"""Freshness: from put_log_events of a finding to its appearance in Search, default settings.

    DATABASE_URL=postgres://.../scratch [REDIS_URL=redis://...] .venv/bin/python benchmarks/freshness.py [--samples 3]

Starts a moto server, a Celery beat and a relay worker (real processes, default settings:
dispatch every 5 s, pull interval 60 s), adds a log source, then puts findings at random
moments and polls the Search selector with the finding's id until it shows up.
Target: at most 90 s (peers recommend waiting 30 minutes).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from _common import ACCOUNT, machine, say, start_moto
from django.conf import settings
from django.contrib.auth import get_user_model
from pull import GROUP

from collection.models import PullUnit
from core import aws
from demo import findings
from events.selectors import event_search

ROOT = Path(__file__).resolve().parent.parent


def celery(*args: str) -> subprocess.Popen:
    log = open(settings.LOCAL_DIR / f"freshness-{args[0]}.log", "wb")  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", *args, "--loglevel", "WARNING"],
        cwd=ROOT,
        env={**os.environ},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=3)
    args = parser.parse_args()
    say("machine:", machine())
    say(
        f"defaults: pull interval {settings.RELAY_PULL_INTERVAL_SECONDS} s, dispatch every {settings.RELAY_DISPATCH_SECONDS} s"
    )
    moto, url = start_moto(account=ACCOUNT)
    os.environ["AWS_ENDPOINT_URL"] = url
    (settings.BROKER_DIR / "processed").mkdir(parents=True, exist_ok=True)
    from log_sources.services import log_source_create
    from relay.services import endpoint_create
    from tenants.services import tenant_create

    name = f"freshness-{uuid.uuid4().hex[:6]}"
    tenant_create(name=name, admin_username=name, admin_password=uuid.uuid4().hex)
    user = get_user_model().objects.get(username=name)
    endpoint = endpoint_create(user=user, name="Relay", hostname=f"{name}.relay.local")
    client = aws.client("logs", region="us-east-1", credentials=aws.AwsCredentials("AKIAIOSFODNN7EXAMPLE", "x" * 40))
    client.create_log_group(logGroupName=GROUP)
    client.create_log_stream(logGroupName=GROUP, logStreamName="findings")
    source = log_source_create(
        user=user,
        data={
            "endpoint": endpoint.pk,
            "hostname": name,
            "protocol": "AWS CloudWatch Logs (HTTPS)",
            "aws_account_number": ACCOUNT,
            "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
            "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "regions": ["us-east-1"],
            "mode": "manual",
        },
    )
    beat = celery("beat", "--schedule", str(settings.LOCAL_DIR / f"freshness-beat-{name}"))
    worker = celery(
        "worker", "--queues", f"portal,{endpoint.queue}", "--concurrency", "2", "--without-gossip", "--without-mingle"
    )
    latencies = []
    try:
        say("waiting for the first pull ...")
        deadline = time.monotonic() + 120
        while PullUnit.objects.get(source_region__source=source).last_pull_at is None:
            if time.monotonic() > deadline:
                sys.exit("no pull within 120 s: see .local/freshness-*.log")
            time.sleep(1)
        for n in range(args.samples):
            time.sleep(random.uniform(0, 30))  # a random moment within the pull cycle
            envelope = findings.finding(rng=random.Random(n))
            finding_id = envelope["detail"]["id"]
            put_at = time.time()
            client.put_log_events(
                logGroupName=GROUP,
                logStreamName="findings",
                logEvents=[{"timestamp": int(put_at * 1000), "message": findings.message(envelope)}],
            )
            while not event_search(user=user, q=finding_id).exists():
                time.sleep(0.5)
            latencies.append(time.time() - put_at)
            say(f"  finding {n + 1}: visible in Search after {latencies[-1]:.1f} s")
    finally:
        for proc in (beat, worker):
            proc.terminate()
        for proc in (beat, worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        moto.terminate()
    say("")
    say(
        f"freshness over {len(latencies)} findings: max {max(latencies):.1f} s, mean {sum(latencies) / len(latencies):.1f} s   (target <= 90 s)"
    )
    say(f"(measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC)")


if __name__ == "__main__":
    main()

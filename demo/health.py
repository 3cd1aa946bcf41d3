"""What `make run` adds so collection health has something to show.

- GuardDuty switched off in one region: the demo customer's account (123456789012, the one
  the Add Log Source wizard onboards) has a detector in every region, suspended in
  `DETECTOR_OFF_REGION`. A source that selects that region shows it Critical, and the coverage
  matrix shows the region off.
- A source that stopped receiving findings: a role-based source for a second account
  (`QUIET_ACCOUNT`), whose findings stopped `QUIET_FOR_HOURS` hours ago. A day of silence is
  no demo, so its last findings are written with timestamps in the past (CloudWatch Logs
  accepts events up to 14 days old); the evaluator finds it Warning within a minute of the
  start and announces it.
- A notification channel: email to `CHANNEL_TARGET`, which the console email backend of
  `make run` prints into the worker's log (.local/logs/worker.log).

The emulator starts empty, so the AWS side is made afresh on every start; the portal's rows
are made once and kept.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from deployments import templates
from log_sources.models import LogSource
from log_sources.regions import REGION_CODES
from log_sources.services import log_source_create
from notifications.models import NotificationChannel
from notifications.services import channel_create
from tenants.selectors import tenant_of

from .findings import stream
from .simulator import LOG_GROUP, emulator_client

DEMO_ACCOUNT = "123456789012"
DETECTOR_OFF_REGION = "us-west-2"
QUIET_ACCOUNT = "444455556666"
QUIET_REGIONS = ["us-east-1", "eu-west-1"]
QUIET_FOR_HOURS = 26
QUIET_FINDINGS = 8
CHANNEL_NAME = "Demo SOC (console email)"
CHANNEL_TARGET = "soc@demo.example"


def _detectors(account: str, regions: list[str], *, off: str = "") -> None:
    """A GuardDuty detector in each region, suspended in `off`."""
    for region in regions:
        guardduty = emulator_client("guardduty", region=region, account=account)
        if not guardduty.list_detectors()["DetectorIds"]:
            guardduty.create_detector(Enable=region != off)


def _quiet_account(out: Callable[[str], None]) -> None:
    """The quiet account's collection template, detectors, and findings that stopped hours ago."""
    _detectors(QUIET_ACCOUNT, QUIET_REGIONS)
    stopped = datetime.now(UTC) - timedelta(hours=QUIET_FOR_HOURS)
    for region in QUIET_REGIONS:
        with contextlib.suppress(Exception):  # already there from an earlier start of this emulator
            emulator_client("cloudformation", region=region, account=QUIET_ACCOUNT).create_stack(
                StackName="Armor-GuardDuty-Collection", TemplateBody=templates.template_text("stack")
            )
        logs = emulator_client("logs", region=region, account=QUIET_ACCOUNT)
        with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
            logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName="demo-quiet")
        events = [
            {"timestamp": int(when.timestamp() * 1000), "message": text}
            for when, text in stream(
                QUIET_FINDINGS,
                account=QUIET_ACCOUNT,
                region=region,
                seed=region,
                start=stopped - timedelta(hours=1),
                step=timedelta(minutes=5),
            )
        ]
        logs.put_log_events(logGroupName=LOG_GROUP, logStreamName="demo-quiet", logEvents=events)
    out(f"account {QUIET_ACCOUNT}: findings in {', '.join(QUIET_REGIONS)} that stopped {QUIET_FOR_HOURS} h ago")


def create_demo_health(*, user, endpoint, out: Callable[[str], None] = print) -> None:
    tenant = tenant_of(user)
    _detectors(DEMO_ACCOUNT, list(REGION_CODES), off=DETECTOR_OFF_REGION)
    out(f"account {DEMO_ACCOUNT}: GuardDuty on in every region but {DETECTOR_OFF_REGION}")
    _quiet_account(out)
    hostname = f"guardduty-{QUIET_ACCOUNT}-quiet"
    if not LogSource.objects.filter(tenant=tenant, hostname=hostname).exists():
        log_source_create(
            user=user,
            data={
                "endpoint": endpoint.pk,
                "hostname": hostname,
                "aws_account_number": QUIET_ACCOUNT,
                "credential_type": "role",
                "role_arn": f"arn:aws:iam::{QUIET_ACCOUNT}:role/{templates.READER_ROLE_NAME}",
                "regions": QUIET_REGIONS,
                "mode": "manual",
            },
        )
        out(f"source {hostname}: collects the quiet account (Health turns Warning within a minute)")
    if not NotificationChannel.objects.filter(tenant=tenant, name=CHANNEL_NAME).exists():
        channel_create(user=user, kind="email", name=CHANNEL_NAME, target=CHANNEL_TARGET)
        out(f"notification channel: email to {CHANNEL_TARGET}, printed in .local/logs/worker.log")

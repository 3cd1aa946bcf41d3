"""A GuardDuty finding simulator for the local AWS emulator (the demo's source of findings).

GuardDuty's own findings APIs are missing from the emulator, and its EventBridge delivers
only a slow trickle, so the simulator writes what the collection template's rule would
write: EventBridge envelopes with a GuardDuty finding in `detail` (from demo.findings: varied
types, severities, attackers and resources, and repeats with a rising `service.count`), put
straight into each region's `Armor_GuardDuty_Log_Group` once the template has created it there.

It refuses to run without AWS_ENDPOINT_URL: simulated findings must never reach a real
AWS account.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable
from datetime import datetime

from core import aws
from log_sources.source_types import GUARDDUTY

from .findings import FindingGenerator, message

LOG_GROUP = GUARDDUTY.default_log_group
STREAM = "guardduty-simulator"
# Any key works in the emulator; this is AWS's documented example key.
DEMO_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
DEMO_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # noqa: S105 - AWS documentation example


class Simulator:
    """Writes findings into every region whose collection log group exists in the emulator."""

    def __init__(
        self,
        *,
        regions: Iterable[str],
        generator: FindingGenerator,
        credentials: aws.AwsCredentials | None = None,
        log_group: str = LOG_GROUP,
        out: Callable[[str], None] = print,
    ):
        self.regions = list(regions)
        self.generator = generator
        # GuardDuty writes in the customer's own account, so the simulator acts with the demo
        # customer's keys, never with the portal's identity (which the environment holds).
        self.credentials = credentials or aws.AwsCredentials(DEMO_ACCESS_KEY, DEMO_SECRET_KEY)
        self.log_group = log_group
        self.out = out
        self.deployed: set[str] = set()
        self._clients: dict[str, object] = {}
        self.written = 0

    def _logs(self, region: str):
        if region not in self._clients:
            self._clients[region] = aws.client("logs", region=region, credentials=self.credentials)
        return self._clients[region]

    def _discover(self, region: str) -> bool:
        """Does the collection log group exist here? Creates the simulator's stream when it does."""
        logs = self._logs(region)
        groups = logs.describe_log_groups(logGroupNamePrefix=self.log_group).get("logGroups", [])
        if not any(g["logGroupName"] == self.log_group for g in groups):
            return False
        with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
            logs.create_log_stream(logGroupName=self.log_group, logStreamName=STREAM)
        return True

    def tick(self, *, per_region: int = 1, now: datetime | None = None) -> dict[str, int]:
        """Write `per_region` findings into each deployed region; returns how many went where."""
        written: dict[str, int] = {}
        for region in self.regions:
            if region not in self.deployed:
                if not self._discover(region):
                    continue
                self.deployed.add(region)
                self.out(f"{region}: {self.log_group} found; writing findings there.")
            envelopes = self.generator.envelopes(region, per_region, now=now)
            stamp = int(time.time() * 1000)
            try:
                self._logs(region).put_log_events(
                    logGroupName=self.log_group,
                    logStreamName=STREAM,
                    logEvents=[{"timestamp": stamp, "message": message(e)} for e in envelopes],
                )
            except self._logs(region).exceptions.ResourceNotFoundException:
                # The template was deleted in this region: wait for it to come back.
                self.deployed.discard(region)
                self.out(f"{region}: {self.log_group} is gone; stopped writing there.")
                continue
            written[region] = len(envelopes)
            self.written += len(envelopes)
        return written


def emulator_client(service: str, *, region: str, account: str):
    """A boto3 client of the local emulator acting in `account` (moto's x-moto-account-id header)."""
    import boto3

    client = boto3.client(
        service,
        region_name=region,
        endpoint_url=require_emulator(),
        aws_access_key_id=DEMO_ACCESS_KEY,
        aws_secret_access_key=DEMO_SECRET_KEY,
    )

    def into_account(request, **kwargs):
        request.headers["x-moto-account-id"] = account

    client.meta.events.register("before-send.*", into_account)
    return client


def require_emulator() -> str:
    """The emulator's URL; refuses to go on when the AWS calls would reach real AWS."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if not endpoint:
        raise RuntimeError(
            "AWS_ENDPOINT_URL is not set: the simulator writes only into a local AWS emulator, never into real AWS."
        )
    return endpoint

"""Test helpers for GuardDuty in the emulator: a client, and detectors on or suspended per region."""

from __future__ import annotations

import boto3

from tests.conftest import ACCESS_KEY, SECRET_KEY


def client(aws, region: str):
    """GuardDuty of the emulator's default account (the test sources' account) in `region`."""
    return boto3.client(
        "guardduty",
        region_name=region,
        endpoint_url=aws.url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def detectors(aws, regions, *, suspended=()) -> dict[str, str]:
    """A detector in each region, on, or suspended in `suspended`; region -> detector id."""
    found = {}
    for region in regions:
        guardduty = client(aws, region)
        found[region] = guardduty.create_detector(Enable=True)["DetectorId"]
        if region in suspended:
            guardduty.update_detector(DetectorId=found[region], Enable=False)
    return found

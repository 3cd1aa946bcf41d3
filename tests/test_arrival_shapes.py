"""A finding parses the same whatever shape it arrives in, and keeps its own context.

The shapes: GuardDuty's EventBridge event (the finding in `detail`), the finding alone (as
forwarders send the `detail`), and the lines of GuardDuty's export to S3 (one finding per
line, the same object). The finding's own region, partition and account are stored beside
the pull unit's region, and a finding of another account than the source's is flagged.
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from django.db import transaction

from events import services
from events.models import LogEvent
from events.parsing import FIELDS, parse_event
from events.services import log_events_store

FIXTURES = Path(__file__).parent / "fixtures" / "guardduty"
NAMES = sorted(p.name for p in FIXTURES.glob("*.json"))
# The columns that come from the message (not from CloudWatch's event id, stream or time).
PARSED = [c for c in FIELDS if c not in ("event_id", "log_stream", "timestamp", "message")]


def envelope(detail: dict, account: str | None = None) -> str:
    event = {
        "version": "0",
        "id": "5f2b8e6c-0b1e-4c7e-9a53-8d2a3f4e5b6c",
        "detail-type": "GuardDuty Finding",
        "source": "aws.guardduty",
        "account": detail["accountId"] if account is None else account,
        "time": detail["updatedAt"],
        "region": detail["region"],
        "resources": [],
        "detail": detail,
    }
    return orjson.dumps(event).decode()


def cloudwatch(message: str, event_id: str = "1") -> dict:
    return {"eventId": event_id, "timestamp": 1_764_000_000_000, "message": message, "logStreamName": "s"}


def export_file() -> str:
    """GuardDuty's export to S3: a JSON Lines file, each finding compact on its own line."""
    return "".join(json.dumps(json.loads((FIXTURES / n).read_text()), separators=(",", ":")) + "\n" for n in NAMES)


def parsed(message: str) -> dict:
    row = parse_event(cloudwatch(message))
    return {c: row[c] for c in PARSED}


@pytest.mark.parametrize("name", NAMES)
def test_the_three_shapes_give_the_same_fields(name):
    detail = json.loads((FIXTURES / name).read_text())
    shapes = {
        "eventbridge": parsed(envelope(detail)),
        "bare": parsed(json.dumps(detail, indent=2)),
        "s3 export line": parsed(export_file().splitlines()[NAMES.index(name)]),
    }
    assert shapes["eventbridge"]["malformed"] is False and shapes["eventbridge"]["finding_id"] == detail["id"]
    assert shapes["bare"] == shapes["eventbridge"]
    assert shapes["s3 export line"] == shapes["eventbridge"]


def test_the_findings_own_region_partition_and_account():
    detail = json.loads((FIXTURES / "s3_bucket.json").read_text())
    detail["partition"] = "aws-cn"
    row = parsed(envelope(detail, account="999988887777"))
    assert (row["finding_region"], row["partition"]) == ("us-east-2", "aws-cn")
    assert row["account_id"] == "973743533182"  # the finding's, not the event bus's


def test_the_envelopes_account_stands_in_when_the_finding_lacks_one():
    detail = json.loads((FIXTURES / "instance.json").read_text())
    del detail["accountId"]
    message = envelope(detail, account="444455556666")
    assert parsed(message)["account_id"] == "444455556666"


@pytest.mark.parametrize(
    "message",
    [
        # A CloudTrail event, even one that GuardDuty's own API calls produced.
        json.dumps(
            {
                "eventVersion": "1.08",
                "eventSource": "guardduty.amazonaws.com",
                "eventName": "GetFindings",
                "awsRegion": "us-east-1",
                "recipientAccountId": "123456789012",
            }
        ),
        # CloudTrail through EventBridge: an envelope, but not GuardDuty's.
        json.dumps({"source": "aws.s3", "detail-type": "AWS API Call via CloudTrail", "detail": {"id": "x"}}),
        # A list of findings in one message.
        json.dumps([json.loads((FIXTURES / "instance.json").read_text())]),
        # Looks like a finding but is no GuardDuty ARN.
        json.dumps({"schemaVersion": "2.0", "id": "f", "type": "t", "accountId": "1", "arn": "arn:aws:securityhub:x"}),
        # GuardDuty's own shape without an id.
        json.dumps({"schemaVersion": "2.0", "type": "t", "accountId": "1", "arn": "arn:aws:guardduty:us-east-1:1:x"}),
    ],
)
def test_anything_else_stays_raw_and_flagged(message):
    row = parse_event(cloudwatch(message))
    assert row["malformed"] is True and row["message"] == message
    assert row["finding_id"] == "" and row["resource_type"] == "" and row["finding_region"] == ""


@pytest.fixture(params=["insert over arrays", "copy"])
def store_path(request, monkeypatch):
    monkeypatch.setattr(services, "COPY_MIN_ROWS", 10**9 if request.param == "insert over arrays" else 1)


@pytest.mark.django_db
def test_stored_findings_keep_their_context_and_another_accounts_is_flagged(source, store_path):
    own = json.loads((FIXTURES / "lambda.json").read_text())
    own["accountId"] = source.aws_account_number
    own["region"] = "eu-central-1"
    other = json.loads((FIXTURES / "ecs_cluster.json").read_text())  # account 111122223333
    events = [
        cloudwatch(envelope(own), "own"),
        cloudwatch(json.dumps(other), "other"),
        cloudwatch("plain text", "raw"),
    ]
    with transaction.atomic():
        stored = log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region="us-east-1", events=events)
    assert stored == 3
    rows = {
        e.event_id: e
        for e in LogEvent.objects.filter(source=source).only(
            "event_id", "region", "finding_region", "partition", "account_id", "foreign_account", "resource_name"
        )
    }
    assert (rows["own"].region, rows["own"].finding_region, rows["own"].partition) == (
        "us-east-1",
        "eu-central-1",
        "aws",
    )
    assert rows["own"].foreign_account is False
    assert rows["own"].resource_name.endswith(":function:report-export")
    assert (rows["other"].account_id, rows["other"].foreign_account) == ("111122223333", True)
    assert rows["raw"].foreign_account is False and rows["raw"].finding_region == ""

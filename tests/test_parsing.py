"""GuardDuty envelopes -> finding fields; anything else stored raw and flagged."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from demo import findings
from events.choices import severity_band
from events.parsing import parse_event
from events.search_text import is_exact, search_tokens


def event(message: str, timestamp=1795836226821.511) -> dict:
    return {"eventId": "3842" * 14, "timestamp": timestamp, "message": message, "logStreamName": "s"}


def test_it_extracts_the_finding_fields_from_an_instance_finding():
    envelope = findings.finding(
        rng=random.Random(1),
        kind="UnauthorizedAccess:EC2/SSHBruteForce",
        attacker="203.0.113.24",
        count=3,
        region="eu-west-1",
    )
    row = parse_event(event(findings.message(envelope)))
    detail = envelope["detail"]
    assert not row["malformed"]
    assert row["finding_id"] == detail["id"]
    assert row["finding_type"] == "UnauthorizedAccess:EC2/SSHBruteForce"
    assert row["severity"] == detail["severity"]
    assert row["account_id"] == "123456789012"
    assert row["title"] == detail["title"]
    assert row["resource_type"] == "Instance"
    assert row["resource_id"] == detail["resource"]["instanceDetails"]["instanceId"]
    assert row["remote_ip"] == "203.0.113.24"
    assert row["country"] == "Russia"
    assert row["organization"] == "PJSC Rostelecom" and row["asn"] == "12389"
    assert row["count"] == 3
    assert row["first_seen"] < row["last_seen"]
    assert row["updated_at"] == row["last_seen"]
    # moto returns float milliseconds: stored as an exact millisecond time.
    assert row["timestamp"] == datetime.fromtimestamp(1795836226.821, tz=UTC)


@pytest.mark.parametrize(
    ("kind", "resource_type"),
    [("UnauthorizedAccess:IAMUser/TorIPCaller", "AccessKey"), ("Discovery:S3/MaliciousIPCaller", "S3Bucket")],
)
def test_it_extracts_access_key_and_bucket_resources(kind, resource_type):
    envelope = findings.finding(rng=random.Random(2), kind=kind)
    resource = envelope["detail"]["resource"]
    if resource_type == "S3Bucket":
        # GuardDuty's S3 findings also name the caller's access key: the bucket is the resource.
        assert resource["accessKeyDetails"]["accessKeyId"]
        expected = resource["s3BucketDetails"][0]["name"]
    else:
        expected = resource["accessKeyDetails"]["accessKeyId"]
    row = parse_event(event(findings.message(envelope)))
    assert row["resource_type"] == resource_type
    assert row["resource_id"] == expected
    assert row["remote_ip"]


def test_the_account_comes_from_the_finding_when_the_envelope_lacks_it():
    envelope = findings.finding(rng=random.Random(3), account="111122223333", include_account=False)
    row = parse_event(event(findings.message(envelope)))
    assert row["account_id"] == "111122223333"


@pytest.mark.parametrize(
    ("severity", "band"),
    [
        (1.0, "low"),
        (3.9, "low"),
        (4.0, "medium"),
        (6.9, "medium"),
        (7.0, "high"),
        (8.9, "high"),
        (9.0, "critical"),
        (10.0, "critical"),
    ],
)
def test_severity_bands(severity, band):
    assert severity_band(severity) == band


@pytest.mark.parametrize(("severity", "band"), [(8.9, "high"), (9.0, "critical"), (9.7, "critical"), (10, "critical")])
def test_a_finding_of_severity_9_or_more_parses_as_critical(severity, band):
    envelope = findings.finding(rng=random.Random(6))
    envelope["detail"]["severity"] = severity
    row = parse_event(event(findings.message(envelope)))
    assert row["severity"] == severity
    assert severity_band(row["severity"]) == band


def test_the_finding_region_and_partition_are_the_findings_own():
    envelope = findings.finding(rng=random.Random(7), region="ap-southeast-2")
    row = parse_event(event(findings.message(envelope)))
    assert row["finding_region"] == envelope["detail"]["region"] == "ap-southeast-2"
    assert row["partition"] == envelope["detail"]["partition"]
    assert row["foreign_account"] is False  # only storing knows the source's account


@pytest.mark.parametrize(
    "message",
    [
        "plain text",
        "{not json",
        "[1, 2, 3]",
        json.dumps({"source": "aws.ec2", "detail": {"id": "x"}}),
        json.dumps({"source": "aws.guardduty", "detail": "not an object"}),
        json.dumps({"source": "aws.guardduty", "detail": {"type": "no id"}}),
        "[" * 5000,
        "",
    ],
)
def test_anything_else_is_kept_raw_and_flagged(message):
    row = parse_event(event(message))
    assert row["malformed"] is True
    assert row["message"] == message
    assert row["finding_id"] == "" and row["severity"] is None


def test_odd_values_inside_a_finding_never_break_parsing():
    envelope = findings.finding(rng=random.Random(4))
    envelope["detail"]["severity"] = "high"
    envelope["detail"]["service"]["count"] = "many"
    envelope["detail"]["updatedAt"] = "yesterday"
    envelope["detail"]["resource"] = ["not", "a", "dict"]
    row = parse_event(event(findings.message(envelope)))
    assert not row["malformed"]
    assert row["severity"] is None and row["count"] is None and row["updated_at"] is None
    assert row["resource_type"] == ""


def test_the_generated_findings_are_realistic_in_size_and_variety():
    messages = [m for _, m in findings.stream(300, seed=9)]
    sizes = [len(m.encode()) for m in messages]
    assert min(sizes) >= 2000 and max(sizes) <= 3400
    rows = [parse_event(event(m)) for m in messages]
    assert len({r["finding_type"] for r in rows}) >= 8
    assert len({r["country"] for r in rows}) >= 5
    repeated = [r for r in rows if r["count"] and r["count"] > 1]
    assert repeated  # repeats of the same finding id with a higher count
    assert len({r["finding_id"] for r in rows}) < len(rows)


def test_the_search_text_is_compact_and_leaves_out_short_hex_ids():
    envelope = findings.finding(rng=random.Random(5), kind="Recon:EC2/PortProbeUnprotectedPort")
    message = findings.message(envelope)
    text = search_tokens(message)
    assert len(text) < len(message) / 3
    words = text.split()
    assert "123456789012" in words and envelope["detail"]["id"] in words
    instance = envelope["detail"]["resource"]["instanceDetails"]["instanceId"]
    assert instance.removeprefix("i-") not in words  # a short hex id: only its long runs stay
    assert "accountid" not in words  # a constant key of every finding


def _parts(message: str, rng: random.Random, per_token: int = 6) -> set[str]:
    """Pieces of the message's ASCII words (3 to 12 characters, anywhere in a word): candidate query terms."""
    parts = set()
    for token in re.findall(r"[a-z0-9]+", message.lower()):
        for _ in range(per_token):
            if len(token) < 3:
                break
            size = rng.randint(3, min(12, len(token)))
            start = rng.randint(0, len(token) - size)
            parts.add(token[start : start + size])
    return parts


@pytest.mark.parametrize("origin", ["aws_documented", "generated"])
def test_the_search_text_answers_exactly_the_terms_it_claims_to(origin):
    """`is_exact` promises: the search text has a word containing the term exactly when the
    message contains it. Checked on pieces of every word, including the ports, ASNs and short
    runs of uuids that the search text leaves out, of AWS's documented findings and ours."""
    rng = random.Random(11)
    if origin == "aws_documented":
        folder = Path(__file__).parent / "fixtures" / "guardduty"
        messages = [json.dumps(json.loads(p.read_text())) for p in sorted(folder.glob("*.json"))]
    else:
        messages = [m for _, m in findings.stream(40, seed=4)]
    checked = 0
    for message in messages:
        words = search_tokens(message).split()
        lowered = message.lower()
        for part in _parts(message, rng) | {"443", "4074", "bdfe", "12345678", "abcde"}:
            if not is_exact(part):
                continue
            checked += 1
            assert any(part in word for word in words) == (part in lowered), (part, message[:80])
    assert checked > 1000


def test_the_search_text_leaves_out_what_no_search_looks_up():
    message = json.dumps(
        {"port": 443, "asn": "4074", "uuid": "5e6f-bdfe-11ab", "ip": "198.51.100.7", "id": "84f2f8a51c6e"}
    )
    words = search_tokens(message).split()
    assert "443" not in words and "4074" not in words and "bdfe" not in words
    assert "198.51.100.7" in words
    # A short hex id keeps only its long runs (none here), and no part of what is left out is exact.
    assert not any(is_exact(part) for part in ("443", "4074", "bdfe", "bdf", "407"))

"""The demo's GuardDuty finding generator, and its simulator against the emulator over HTTP."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from core import aws
from demo import findings
from demo.findings import FindingGenerator
from demo.simulator import LOG_GROUP, STREAM, Simulator
from events.parsing import remote_ip_details
from tests.conftest import ACCESS_KEY, ACCOUNT, SECRET_KEY

CREDENTIALS = aws.AwsCredentials(ACCESS_KEY, SECRET_KEY)
REQUIRED_TYPES = {
    "CryptoCurrency:EC2/BitcoinTool.B!DNS",
    "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom",
    "Backdoor:EC2/C&CActivity.B!DNS",
    "Recon:EC2/PortProbeUnprotectedPort",
    "UnauthorizedAccess:EC2/SSHBruteForce",
    "Exfiltration:S3/AnomalousBehavior",
}


def logs(region):
    return aws.client("logs", region=region, credentials=CREDENTIALS)


def stored(region) -> list[dict]:
    events, token = [], None
    while True:
        page = logs(region).filter_log_events(logGroupName=LOG_GROUP, **({"nextToken": token} if token else {}))
        events += [json.loads(e["message"]) for e in page["events"]]
        token = page.get("nextToken")
        if not token:
            return events


def test_it_writes_only_where_the_collection_log_group_exists(aws):
    logs("us-east-1").create_log_group(logGroupName=LOG_GROUP)
    logs("cn-north-1").create_log_group(logGroupName=LOG_GROUP)
    notes = []
    simulator = Simulator(
        regions=["us-east-1", "eu-west-1", "cn-north-1"],
        generator=FindingGenerator(seed=7),
        credentials=CREDENTIALS,
        out=notes.append,
    )

    for _ in range(3):
        assert simulator.tick(per_region=2) == {"us-east-1": 2, "cn-north-1": 2}

    assert len(stored("us-east-1")) == 6
    assert len(stored("cn-north-1")) == 6
    assert any("us-east-1" in note and "found" in note for note in notes)
    # The template deployed later in a region: the simulator picks it up on the next round.
    logs("eu-west-1").create_log_group(logGroupName=LOG_GROUP)
    assert simulator.tick() == {"us-east-1": 1, "eu-west-1": 1, "cn-north-1": 1}
    streams = logs("eu-west-1").describe_log_streams(logGroupName=LOG_GROUP)["logStreams"]
    assert [s["logStreamName"] for s in streams] == [STREAM]


def test_it_stops_writing_where_the_log_group_is_deleted(aws):
    logs("us-east-1").create_log_group(logGroupName=LOG_GROUP)
    notes = []
    simulator = Simulator(
        regions=["us-east-1"], generator=FindingGenerator(seed=1), credentials=CREDENTIALS, out=notes.append
    )
    assert simulator.tick() == {"us-east-1": 1}
    logs("us-east-1").delete_log_group(logGroupName=LOG_GROUP)

    assert simulator.tick() == {}
    assert simulator.tick() == {}
    assert "gone" in notes[-1]


def test_findings_are_realistic_eventbridge_envelopes(aws):
    logs("eu-central-1").create_log_group(logGroupName=LOG_GROUP)
    simulator = Simulator(regions=["eu-central-1"], generator=FindingGenerator(seed=3), credentials=CREDENTIALS)
    for _ in range(20):
        simulator.tick(per_region=10)
    raw = [e["message"] for e in logs("eu-central-1").filter_log_events(logGroupName=LOG_GROUP, limit=200)["events"]]
    envelopes = [json.loads(m) for m in raw]
    assert len(envelopes) == 200

    for message, envelope in zip(raw, envelopes, strict=True):
        assert 2000 <= len(message.encode()) <= 3400, len(message)
        assert envelope["source"] == "aws.guardduty"
        assert envelope["detail-type"] == "GuardDuty Finding"
        assert envelope["account"] == ACCOUNT and envelope["region"] == "eu-central-1"
        detail = envelope["detail"]
        assert detail["accountId"] == ACCOUNT
        assert len(detail["id"]) == 32
        assert 1.0 <= detail["severity"] <= 10.0
        assert detail["resource"]["resourceType"] in findings.RESOURCE_TYPES
        assert detail["title"] and detail["createdAt"] <= detail["updatedAt"]
        assert detail["arn"].startswith(f"arn:aws:guardduty:eu-central-1:{ACCOUNT}:detector/")

    assert {e["detail"]["type"] for e in envelopes} >= REQUIRED_TYPES
    attackers = [a for e in envelopes if (a := remote_ip_details(e["detail"]["service"]))]
    assert len({a["country"]["countryName"] for a in attackers}) >= 5
    assert all({"lat", "lon"} <= set(a["geoLocation"]) and a["ipAddressV4"] for a in attackers)
    assert {e["detail"]["resource"]["resourceType"] for e in envelopes} == set(findings.RESOURCE_TYPES)
    # Repeats: the same finding id again, its count rising with each newer `updatedAt` (an older
    # update may arrive after a newer one).
    counts = defaultdict(list)
    for envelope in envelopes:
        detail = envelope["detail"]
        counts[detail["id"]].append((detail["updatedAt"], detail["service"]["count"]))
    repeated = {fid: sorted(c) for fid, c in counts.items() if len(c) > 1}
    assert len(repeated) >= 10
    assert all([n for _, n in c] == sorted(n for _, n in c) and c[-1][1] > c[0][1] for c in repeated.values())


def test_the_command_writes_rounds_into_the_emulator(aws):
    logs("ap-southeast-2").create_log_group(logGroupName=LOG_GROUP)
    out = io.StringIO()
    call_command(
        "simulate_findings", "--rounds", "2", "--interval", "0", "--region", "ap-southeast-2", "--seed", "5", stdout=out
    )
    assert "ap-southeast-2: Armor_GuardDuty_Log_Group found" in out.getvalue()
    assert len(stored("ap-southeast-2")) == 2


def test_the_command_refuses_to_run_against_real_aws(monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with pytest.raises(CommandError, match="never into real AWS"):
        call_command("simulate_findings", "--rounds", "1")


def test_the_command_refuses_unknown_regions(aws):
    with pytest.raises(CommandError, match="us-gov-west-1"):
        call_command("simulate_findings", "--rounds", "1", "--region", "us-gov-west-1")


NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def test_the_same_seed_gives_the_same_findings():
    def run(seed):
        generator = FindingGenerator(seed=seed)
        return [findings.message(e) for _ in range(5) for e in generator.envelopes("eu-west-1", 20, now=NOW)]

    assert run(7) == run(7)
    assert run(7) != run(8)
    assert list(findings.stream(50, seed=3, start=NOW)) == list(findings.stream(50, seed=3, start=NOW))
    assert list(findings.stream(50, seed=3, start=NOW)) != list(findings.stream(50, seed=4, start=NOW))
    one = findings.finding(seed=5, when=NOW)
    assert findings.finding(seed=5, when=NOW) == one
    assert findings.repeat(one) == findings.repeat(one)


def test_a_repeat_is_the_same_finding_seen_again_later():
    first = findings.finding(seed=1, when=NOW, count=2)
    again = findings.repeat(first, later=timedelta(minutes=30))
    assert again["detail"]["id"] == first["detail"]["id"] and again["id"] != first["id"]
    assert again["detail"]["service"]["count"] == 3
    assert again["detail"]["updatedAt"] == again["time"] == "2026-11-01T12:30:00.000Z"
    assert again["detail"]["service"]["eventLastSeen"] == "2026-11-01T12:30:00.000Z"
    assert again["detail"]["createdAt"] == first["detail"]["createdAt"]


def test_a_type_and_an_attacker_can_be_chosen_by_name():
    envelope = findings.finding(seed=2, kind="Recon:EC2/PortProbeUnprotectedPort", attacker="203.0.113.24")
    assert envelope["detail"]["type"] == "Recon:EC2/PortProbeUnprotectedPort"
    assert remote_ip_details(envelope["detail"]["service"])["ipAddressV4"] == "203.0.113.24"
    with pytest.raises(ValueError, match="Recon:EC2/PortProbeUnprotectedPort"):
        findings.finding(kind="Recon:EC2/NoSuchType")

"""The demo's finding generator covers every resource type GuardDuty reports, each shaped as AWS documents it."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, datetime

import pytest

from demo import findings

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
# resource.resourceType -> the details objects GuardDuty's Resource documents for it.
DETAILS = {
    "Instance": ("instanceDetails",),
    "AccessKey": ("accessKeyDetails",),
    "S3Bucket": ("s3BucketDetails",),
    "S3Object": ("s3BucketDetails",),
    "EKSCluster": ("eksClusterDetails",),
    "ECSCluster": ("ecsClusterDetails",),
    "Container": ("containerDetails", "ebsVolumeDetails"),
    "RDSDBInstance": ("rdsDbInstanceDetails", "rdsDbUserDetails"),
    "RDSLimitlessDB": ("rdsLimitlessDbDetails", "rdsDbUserDetails"),
    "Lambda": ("lambdaDetails",),
}
ENVELOPE = {"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"}
FINDING = {"schemaVersion", "accountId", "region", "partition", "id", "arn", "type", "resource", "service"}
FINDING |= {"severity", "createdAt", "updatedAt", "title", "description"}


@pytest.fixture(scope="module")
def envelopes() -> list[dict]:
    return [json.loads(m) for _, m in findings.stream(400, seed=21, start=NOW)]


def test_every_resource_type_appears_in_a_few_hundred_findings(envelopes):
    kinds = Counter(e["detail"]["resource"]["resourceType"] for e in envelopes)
    assert set(kinds) == set(DETAILS) == set(findings.RESOURCE_TYPES)
    # Realistic proportions: EC2 findings lead, Critical attack sequences stay rare.
    assert kinds.most_common(1)[0][0] == "Instance"
    sequences = [e for e in envelopes if e["detail"]["type"].startswith("AttackSequence:")]
    assert 0 < len(sequences) < len(envelopes) * 0.1
    assert {f.resource for f in findings.FINDING_TYPES if f.action == "SEQUENCE"} == {
        "AccessKey",
        "S3Bucket",
        "EKSCluster",
    }


def test_every_finding_has_the_envelope_and_the_details_object_of_its_resource_type(envelopes):
    for envelope in envelopes:
        assert set(envelope) == ENVELOPE
        assert envelope["source"] == "aws.guardduty" and envelope["detail-type"] == "GuardDuty Finding"
        detail = envelope["detail"]
        assert set(detail) >= FINDING
        assert detail["region"] == envelope["region"] and detail["accountId"] == envelope["account"]
        resource = detail["resource"]
        for key in DETAILS[resource["resourceType"]]:
            assert resource[key], (detail["type"], key)
        # No details object of another type, except the instance AWS puts beside other resources.
        others = {k for k in resource if k.endswith("Details")} - set(DETAILS[resource["resourceType"]])
        others -= {"instanceDetails", "kubernetesDetails", "accessKeyDetails", "ebsVolumeDetails", "containerDetails"}
        assert not others, (detail["type"], others)


@pytest.mark.parametrize("ftype", findings.FINDING_TYPES, ids=lambda t: t.name)
def test_each_type_is_shaped_as_aws_documents_it(ftype):
    detail = findings.finding(seed=ftype.name, kind=ftype.name, when=NOW)["detail"]
    resource, service = detail["resource"], detail["service"]
    assert resource["resourceType"] == ftype.resource
    assert service["featureName"] == ftype.feature
    name = resource.get("instanceDetails", {}).get("instanceId", "")
    if ftype.resource == "Instance":
        assert name.startswith("i-")
    if ftype.resource == "S3Object":
        obj = resource["s3BucketDetails"][0]["s3ObjectDetails"][0]
        assert obj["key"] in findings.OBJECT_KEYS and obj["objectArn"].endswith(obj["key"])
        assert service["malwareScanDetails"]["threats"][0]["itemPaths"][0]["nestedItemPath"] == obj["key"]
    if ftype.resource == "EKSCluster":
        cluster = resource["eksClusterDetails"]
        assert cluster["name"] in findings.CLUSTERS and cluster["arn"].endswith(f"cluster/{cluster['name']}")
    if ftype.resource == "ECSCluster":
        task = resource["ecsClusterDetails"]["taskDetails"]
        assert task["arn"].startswith(resource["ecsClusterDetails"]["arn"].replace(":cluster/", ":task/"))
        assert task["containers"][0]["image"]
    if ftype.resource == "Lambda":
        function = resource["lambdaDetails"]
        assert function["functionArn"].endswith(f":function:{function['functionName']}")
    if ftype.resource == "RDSDBInstance":
        assert resource["rdsDbInstanceDetails"]["dbInstanceArn"].endswith(
            ":db:" + resource["rdsDbInstanceDetails"]["dbInstanceIdentifier"]
        )
    if ftype.resource == "RDSLimitlessDB":
        assert resource["rdsLimitlessDbDetails"]["dbShardGroupIdentifier"] in findings.LIMITLESS_GROUPS
    if ftype.action == "KUBERNETES_API_CALL":
        assert ftype.name.split(":")[1].startswith("Kubernetes/")
        assert service["action"]["kubernetesApiCallAction"]["remoteIpDetails"]["ipAddressV4"]
        assert resource["kubernetesDetails"]["kubernetesWorkloadDetails"]["namespace"]
    if ftype.action == "RDS_LOGIN_ATTEMPT":
        assert ftype.name.startswith("CredentialAccess:RDS/")
        assert service["action"]["rdsLoginAttemptAction"]["LoginAttributes"][0]["failedLoginAttempts"] > 0
    if ftype.action == "RUNTIME":
        assert ":Runtime/" in ftype.name
        process = service["runtimeDetails"]["process"]
        assert process["name"] in process["executablePath"].rsplit("/", 1)[-1]
        assert process["pwd"] == process["executablePath"].rsplit("/", 1)[0]
    if ftype.action == "EBS_SCAN":
        volume = resource["ebsVolumeDetails"]["scannedVolumeDetails"][0]
        scan = service["ebsVolumeScanDetails"]
        threat = scan["scanDetections"]["threatDetectedByName"]["threatNames"][0]
        assert threat["filePaths"][0]["volumeArn"] == volume["volumeArn"]
        assert scan["scanType"] == "GUARDDUTY_INITIATED"
    if ftype.action == "SEQUENCE":
        sequence = service["detection"]["sequence"]
        assert {"uid", "description", "signals"} <= set(sequence)
        assert [s["name"] for s in sequence["signals"]] == [s[1] for s in findings.SEQUENCE_SIGNALS[ftype.name]]
        assert sequence["resources"][0]["accountId"] == detail["accountId"]
        assert sequence["endpoints"][0]["ip"] == sequence["endpoints"][0]["id"]
        assert all(s["resourceUids"] == [sequence["resources"][0]["uid"]] for s in sequence["signals"])
    assert detail["title"] and "{" not in detail["title"] and "{" not in detail["description"]


def test_critical_severities_only_on_attack_sequences(envelopes):
    everything = envelopes + [
        findings.finding(seed=i, kind=t.name, when=NOW) for i in range(5) for t in findings.FINDING_TYPES
    ]
    for envelope in everything:
        detail = envelope["detail"]
        sequence = detail["type"].startswith("AttackSequence:")
        assert 1.0 <= detail["severity"] <= 10.0
        assert (detail["severity"] >= 9.0) == sequence, (detail["type"], detail["severity"])
        assert ("detection" in detail["service"]) == sequence


def test_some_findings_carry_instance_details_beside_another_resource(envelopes):
    beside = Counter(
        e["detail"]["resource"]["resourceType"]
        for e in envelopes
        if "instanceDetails" in e["detail"]["resource"] and e["detail"]["resource"]["resourceType"] != "Instance"
    )
    assert {"AccessKey", "S3Bucket"} <= set(beside)
    access_keys = [e for e in envelopes if e["detail"]["resource"]["resourceType"] == "AccessKey"]
    assert beside["AccessKey"] < len(access_keys)  # some, not all


def test_updates_share_the_finding_id_with_rising_counts_some_arriving_late(envelopes):
    seen = defaultdict(list)
    for envelope in envelopes:
        detail = envelope["detail"]
        seen[detail["id"]].append(
            (detail["updatedAt"], detail["service"]["count"], detail["type"], detail["createdAt"])
        )
    updated = {fid: pubs for fid, pubs in seen.items() if len(pubs) > 1}
    assert len(updated) >= 20
    late = 0
    for pubs in updated.values():
        assert len({(p[2], p[3]) for p in pubs}) == 1  # the same finding: type and createdAt stay
        by_time = sorted(pubs)
        assert [p[1] for p in by_time] == sorted(p[1] for p in by_time)  # newer updatedAt, higher count
        assert len({p[0] for p in pubs}) == len(pubs)
        late += pubs != by_time
    assert late >= 2  # some updates are delivered after a newer one


def test_generation_stays_fast():
    import time

    started = time.perf_counter()
    n = sum(1 for _ in findings.stream(3000, seed=4, start=NOW))
    rate = n / (time.perf_counter() - started)
    assert rate > 3000, rate  # the benchmarks generate hundreds of thousands of findings

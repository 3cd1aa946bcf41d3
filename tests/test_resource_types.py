"""The resource of a finding, as its own `resource.resourceType` names it, for every type.

The findings are GuardDuty's own samples where another project published one, else written
from GuardDuty's API reference (tests/fixtures/guardduty/README.md says which). Many carry
another type's details beside their own (an instance beside a bucket, a key beside a
cluster): the resource is never taken from those.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import orjson
import pytest

from events.parsing import parse_event

FIXTURES = Path(__file__).parent / "fixtures" / "guardduty"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def parse(detail: dict) -> dict:
    envelope = {"version": "0", "id": "e", "source": "aws.guardduty", "detail-type": "GuardDuty Finding"}
    envelope["detail"] = detail
    row = parse_event({"eventId": "1", "timestamp": 1_764_000_000_000, "message": orjson.dumps(envelope).decode()})
    assert not row["malformed"]
    return row


# fixture -> (resourceType, id, display name)
EXPECTED = {
    "instance.json": ("Instance", "i-99999999", "m3.xlarge"),
    "access_key.json": ("AccessKey", "GeneratedFindingAccessKeyId", "GeneratedFindingUserName"),
    "s3_bucket.json": ("S3Bucket", "bucketName", "bucketName"),
    "s3_object.json": ("S3Object", "uploads-prod/incoming/invoice-2025-03.pdf.exe", "incoming/invoice-2025-03.pdf.exe"),
    "eks_cluster.json": ("EKSCluster", "GeneratedFindingEKSClusterName", ""),
    "eks_workload.json": ("EKSCluster", "prod-eks", "payments/ledger-worker"),
    "ecs_cluster.json": (
        "ECSCluster",
        "payments-cluster",
        "arn:aws:ecs:us-east-1:111122223333:task/payments-cluster/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    ),
    # Runtime Monitoring: the process is named beside the container.
    "container_runtime.json": ("Container", "abcd1234", "sshd"),
    "rds_db_instance.json": ("RDSDBInstance", "GeneratedFindingDBInstanceId", "GeneratedFindingDBClusterId"),
    "rds_limitless_db.json": ("RDSLimitlessDB", "orders-shards", "orders-limitless"),
    "lambda.json": ("Lambda", "report-export", "arn:aws:lambda:us-east-1:111122223333:function:report-export"),
    "ec2_malware_scan.json": ("Instance", "i-0a1b2c3d4e5f60718", "vol-0a1b2c3d4e5f60001, vol-0a1b2c3d4e5f60002"),
    "attack_sequence.json": (
        "S3Bucket",
        "arn:aws:s3:::customer-exports",
        "john_doe, customer-exports, customer-archive",
    ),
}


def test_every_fixture_is_checked():
    assert sorted(EXPECTED) == sorted(p.name for p in FIXTURES.glob("*.json"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_resource_is_the_one_its_type_names(name):
    row = parse(load(name))
    assert (row["resource_type"], row["resource_id"], row["resource_name"]) == EXPECTED[name]


@pytest.mark.parametrize(
    ("name", "beside"),
    [
        ("access_key.json", "instanceDetails"),
        ("s3_bucket.json", "instanceDetails"),
        ("s3_bucket.json", "accessKeyDetails"),
        ("eks_cluster.json", "accessKeyDetails"),
        ("container_runtime.json", "instanceDetails"),
    ],
)
def test_details_of_another_type_beside_the_resource_are_ignored(name, beside):
    detail = load(name)
    other_id = detail["resource"][beside]["instanceId" if beside == "instanceDetails" else "accessKeyId"]
    with_other = parse(detail)
    assert with_other["resource_id"] == EXPECTED[name][1] != other_id
    del detail["resource"][beside]
    assert parse(detail)["resource_id"] == with_other["resource_id"]


def test_an_s3_finding_without_an_instance_never_takes_the_access_key_as_its_bucket():
    detail = load("s3_bucket.json")
    del detail["resource"]["instanceDetails"]
    row = parse(detail)
    assert row["resource_id"] == "bucketName"
    assert row["resource_id"] != detail["resource"]["accessKeyDetails"]["accessKeyId"]


def test_several_buckets_the_first_is_the_id_all_are_named():
    detail = load("s3_bucket.json")
    second = copy.deepcopy(detail["resource"]["s3BucketDetails"][0])
    second["name"] = "bucketName-replica"
    detail["resource"]["s3BucketDetails"].append(second)
    row = parse(detail)
    assert row["resource_id"] == "bucketName"
    assert row["resource_name"] == "bucketName, bucketName-replica"


def test_an_instance_is_named_by_its_name_tag_before_its_type():
    detail = load("instance.json")
    detail["resource"]["instanceDetails"]["tags"].append({"key": "Name", "value": "bastion-1"})
    assert parse(detail)["resource_name"] == "bastion-1"


def test_a_runtime_finding_names_the_executable_when_the_process_has_no_name():
    detail = load("container_runtime.json")
    del detail["service"]["runtimeDetails"]["process"]["name"]
    row = parse(detail)
    assert (row["resource_id"], row["resource_name"]) == ("abcd1234", "/usr/bin/ssh")


def test_a_container_without_an_id_is_known_by_its_name():
    detail = load("container_runtime.json")
    detail["resource"]["containerDetails"].update(id=None, name="build-agent")
    assert parse(detail)["resource_id"] == "build-agent"


def test_an_attack_sequence_is_critical_and_names_its_sequences_resources():
    row = parse(load("attack_sequence.json"))
    assert row["severity"] == 9.2
    assert row["finding_type"] == "AttackSequence:S3/CompromisedData"


def test_an_attack_sequence_of_stolen_credentials_takes_the_key_of_the_sequence():
    detail = load("attack_sequence.json")
    detail["type"] = "AttackSequence:IAM/CompromisedCredentials"
    detail["resource"] = {"resourceType": "AccessKey"}
    row = parse(detail)
    assert (row["resource_type"], row["resource_id"]) == ("AccessKey", "AKIAEXAMPLEKEY000001")


@pytest.mark.parametrize("kind", ["EBSSnapshot", "SomethingNew", ""])
def test_an_unknown_type_keeps_its_name_and_no_other_types_id(kind):
    detail = load("s3_bucket.json")  # instance, key and bucket details all present
    detail["resource"]["resourceType"] = kind
    row = parse(detail)
    assert (row["resource_type"], row["resource_id"]) == (kind, "")


def test_a_type_without_its_details_has_no_id():
    detail = load("access_key.json")
    detail["resource"]["resourceType"] = "Lambda"  # no lambdaDetails: the instance beside is not it
    row = parse(detail)
    assert (row["resource_type"], row["resource_id"], row["resource_name"]) == ("Lambda", "", "")

"""Findings as OCSF Detection Findings, each document checked against the OCSF schema.

The schema is the one pydantic-ocsf ships (ocsf/schemas/v1_5_0.json, read from the installed
package, never downloaded): `assert_valid_ocsf` walks a document through it (every attribute
known to its class or object, of the dictionary's type, enum values among the enum's, required
attributes present, the evidence's at-least-one constraint, class and type uids as OCSF derives
them) and also has pydantic-ocsf's own DetectionFinding model validate it. Every test that
produces an OCSF document, here and in tests/api/test_findings.py, passes it through this.
"""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import ocsf as ocsf_package
import pytest

from demo import findings
from events import ocsf
from events.models import Finding
from events.services import log_events_index_all, log_events_store
from tests.conftest import ACCOUNT

SCHEMA = json.loads((Path(ocsf_package.__file__).parent / "schemas" / "v1_5_0.json").read_text())
DICTIONARY = SCHEMA["dictionary"]["attributes"]
TYPES = SCHEMA["dictionary"]["types"]["attributes"]
# The cloud profile's attributes: the packaged schema names profiles/cloud.json without carrying it.
PROFILE_ATTRIBUTES = {"cloud": {"cloud": {"requirement": "required"}, "api": {"requirement": "optional"}}}
# The source schema gives these the base event's enums; each class derives its own values,
# which ocsf_errors checks as OCSF derives them.
DERIVED_UIDS = {"category_uid", "class_uid", "type_uid"}
_PYTHON_TYPES = {
    "string_t": str,
    "integer_t": int,
    "long_t": int,
    "timestamp_t": int,
    "float_t": (int, float),
    "boolean_t": bool,
}


def _attributes(table: dict, name: str) -> dict:
    found: dict = {}
    while name in table:
        spec = table[name]
        for key, value in spec.get("attributes", {}).items():
            if key != "$include":
                found.setdefault(key, value)
        name = spec.get("extends")
    return found


def _base_type(name: str) -> str:
    while name not in _PYTHON_TYPES and name in TYPES and TYPES[name].get("type"):
        name = TYPES[name]["type"]
    return name


def _check_value(value, attribute: str, spec: dict, path: str, errors: list[str]) -> None:
    known = {**DICTIONARY.get(attribute, {}), **spec}
    kind = known.get("type")
    if kind is None:
        errors.append(f"{path}: no type for {attribute}")
        return
    if known.get("is_array"):
        if not isinstance(value, list):
            errors.append(f"{path}: must be an array")
            return
        for i, item in enumerate(value):
            _check_value(item, attribute, {**spec, "is_array": False}, f"{path}[{i}]", errors)
        return
    if kind in SCHEMA["objects"]:
        _check_object(value, SCHEMA["objects"], kind, path, errors)
        return
    base = _base_type(kind)
    python = _PYTHON_TYPES.get(base)
    if python is None:
        errors.append(f"{path}: unknown type {kind}")
    elif isinstance(value, bool) and python is not bool or not isinstance(value, python):
        errors.append(f"{path}: {value!r} is not {kind}")
    regex = TYPES.get(kind, {}).get("regex")
    if regex and isinstance(value, str) and not re.fullmatch(regex, value):
        errors.append(f"{path}: {value!r} does not match {kind}")
    enum = known.get("enum")
    if enum and attribute not in DERIVED_UIDS and str(value) not in enum:
        errors.append(f"{path}: {value!r} is not one of {sorted(enum)}")


def _check_object(document, table: dict, name: str, path: str, errors: list[str], profiles=()) -> None:
    if not isinstance(document, dict):
        errors.append(f"{path}: must be an object ({name})")
        return
    attributes = _attributes(table, name)
    for profile in profiles:
        attributes.update(PROFILE_ATTRIBUTES[profile])
    for key, value in document.items():
        if key not in attributes:
            errors.append(f"{path}.{key}: not an attribute of {name}")
            continue
        _check_value(value, key, attributes[key], f"{path}.{key}", errors)
    for key, spec in attributes.items():
        if spec.get("requirement") == "required" and key not in document:
            errors.append(f"{path}.{key}: required by {name}")
    at_least_one = table.get(name, {}).get("constraints", {}).get("at_least_one")
    if at_least_one and not any(key in document for key in at_least_one):
        errors.append(f"{path}: {name} needs one of {at_least_one}")


def ocsf_errors(document: dict) -> list[str]:
    """Everything in `document` that the OCSF 1.5.0 Detection Finding class does not allow."""
    errors: list[str] = []
    profiles = tuple(document.get("metadata", {}).get("profiles", ()))
    unknown = [p for p in profiles if p not in PROFILE_ATTRIBUTES]
    if unknown:
        errors.append(f"metadata.profiles: no schema for {unknown}")
        profiles = tuple(p for p in profiles if p in PROFILE_ATTRIBUTES)
    _check_object(document, SCHEMA["events"], "detection_finding", "$", errors, profiles)
    event, category_name = SCHEMA["events"]["detection_finding"], None
    ancestor = event
    while category_name is None and ancestor:  # a class without its own category takes its parent's
        category_name = ancestor.get("category")
        ancestor = SCHEMA["events"].get(ancestor.get("extends"))
    category = SCHEMA["categories_meta"]["attributes"][category_name]["uid"]
    class_uid = category * 1000 + event["uid"]
    if (document.get("category_uid"), document.get("class_uid")) != (category, class_uid):
        errors.append(f"$: category_uid/class_uid must be {category}/{class_uid}")
    if document.get("type_uid") != class_uid * 100 + document.get("activity_id", -1):
        errors.append("$.type_uid: must be class_uid * 100 + activity_id")
    if document.get("metadata", {}).get("version") != SCHEMA["version"]:
        errors.append(f"$.metadata.version: must name {SCHEMA['version']}")
    try:
        from ocsf.v1_5_0.events import DetectionFinding

        DetectionFinding.model_validate(document)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        errors.append(f"pydantic-ocsf: {exc}")
    return errors


def assert_valid_ocsf(document: dict) -> dict:
    errors = ocsf_errors(document)
    assert not errors, "\n".join(errors)
    return document


T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
_ids = iter(range(10**6))


def pull(source, region: str, envelopes: list[dict]) -> None:
    events = [
        {"eventId": f"o{next(_ids):08d}", "timestamp": T0.timestamp() * 1000, "message": findings.message(e)}
        for e in envelopes
    ]
    log_events_store(tenant_id=source.tenant_id, source_id=source.pk, region=region, events=events)
    log_events_index_all()


def kinds(action: str) -> list[str]:
    return [t.name for t in findings.FINDING_TYPES if t.action == action]


def document_of(envelope: dict) -> dict:
    finding = Finding.objects.select_related("latest_event").get(finding_id=envelope["detail"]["id"])
    return assert_valid_ocsf(ocsf.detection_finding(finding))


def test_the_validator_refuses_what_ocsf_does_not_allow(source):
    envelope = findings.finding(account=ACCOUNT, rng=random.Random(1), when=T0)
    pull(source, "us-east-1", [envelope])
    good = document_of(envelope)
    for broken, expected in [
        ({**good, "severity_id": 42}, "$.severity_id: 42 is not one of"),
        ({**good, "colour": "red"}, "$.colour: not an attribute of detection_finding"),
        ({**good, "finding_info": {"title": "no uid"}}, "$.finding_info.uid: required by finding_info"),
        ({**good, "type_uid": 200403}, "$.type_uid: must be class_uid * 100 + activity_id"),
        ({**good, "class_uid": 2001}, "category_uid/class_uid must be 2/2004"),
        ({**good, "time": "yesterday"}, "$.time: 'yesterday' is not timestamp_t"),
        ({**good, "evidences": [{}]}, "$.evidences[0]: evidences needs one of"),
        ({k: v for k, v in good.items() if k != "cloud"}, "$.cloud: required by detection_finding"),
    ]:
        assert any(expected in e for e in ocsf_errors(broken)), (expected, ocsf_errors(broken))


@pytest.mark.parametrize(
    "severity, severity_id, label", [(2.0, 2, "Low"), (5.5, 3, "Medium"), (8.0, 4, "High"), (9.0, 5, "Critical")]
)
def test_each_band_has_its_ocsf_severity(source, severity, severity_id, label):
    envelope = findings.finding(account=ACCOUNT, rng=random.Random(2), when=T0)
    envelope["detail"]["severity"] = severity
    pull(source, "us-east-1", [envelope])
    document = document_of(envelope)
    assert (document["severity_id"], document["severity"]) == (severity_id, label)


def test_a_finding_is_created_then_updated_with_its_context_times_and_raw_finding(source):
    first = findings.finding(account=ACCOUNT, region="eu-west-1", rng=random.Random(3), when=T0, count=1)
    pull(source, "eu-west-1", [first])
    created = document_of(first)
    assert (created["activity_id"], created["type_uid"], created["class_uid"], created["category_uid"]) == (
        1,
        200401,
        2004,
        2,
    )
    later = findings.repeat(first, later=timedelta(hours=1))
    pull(source, "eu-west-1", [later])
    updated = document_of(first)
    assert (updated["activity_id"], updated["type_uid"]) == (2, 200402)
    detail = later["detail"]
    info = updated["finding_info"]
    assert info["uid"] == detail["id"] and info["title"] == detail["title"] and info["types"] == [detail["type"]]
    assert info["modified_time"] == int(datetime.fromisoformat(detail["updatedAt"]).timestamp() * 1000)
    assert info["created_time"] == int(datetime.fromisoformat(detail["createdAt"]).timestamp() * 1000)
    assert info["last_seen_time"] == int(datetime.fromisoformat(detail["service"]["eventLastSeen"]).timestamp() * 1000)
    assert info["first_seen_time"] <= info["last_seen_time"]
    assert updated["time"] == info["modified_time"] and updated["count"] == detail["service"]["count"]
    assert updated["cloud"] == {
        "provider": "AWS",
        "region": "eu-west-1",
        "account": {"uid": ACCOUNT, "type_id": 10, "type": "AWS Account"},
        **({"cloud_partition": detail["partition"]} if detail.get("partition") else {}),
    }
    assert updated["metadata"]["product"] == {"name": "GuardDuty External Sources", "vendor_name": "Armor"}
    assert updated["metadata"]["version"] == "1.5.0"
    assert json.loads(updated["raw_data"]) == detail
    assert updated["status"] == "New"
    (resource,) = updated["resources"]
    finding = Finding.objects.get()
    assert (resource["type"], resource.get("uid", ""), resource.get("name", "")) == (
        finding.resource_type,
        finding.resource_id,
        finding.resource_name,
    )


def test_evidence_names_the_remote_ip_with_its_place_the_api_call_and_the_dns_query(source):
    rng = random.Random(4)
    probe = findings.finding(account=ACCOUNT, rng=rng, when=T0, kind=kinds("PORT_PROBE")[0])
    api = findings.finding(account=ACCOUNT, rng=rng, when=T0, kind=kinds("AWS_API_CALL")[0])
    dns = findings.finding(account=ACCOUNT, rng=rng, when=T0, kind=kinds("DNS_REQUEST")[0])
    pull(source, "us-east-1", [probe, api, dns])

    remote = probe["detail"]["service"]["action"]["portProbeAction"]["portProbeDetails"][0]["remoteIpDetails"]
    endpoint = document_of(probe)["evidences"][0]["src_endpoint"]
    assert endpoint["ip"] == remote["ipAddressV4"]
    assert endpoint["location"]["country"] == remote["country"]["countryCode"]
    assert endpoint["location"]["coordinates"] == [remote["geoLocation"]["lon"], remote["geoLocation"]["lat"]]
    assert endpoint["autonomous_system"] == {
        "number": int(remote["organization"]["asn"]),
        "name": remote["organization"]["asnOrg"],
    }

    call = api["detail"]["service"]["action"]["awsApiCallAction"]
    (evidence,) = [e for e in document_of(api)["evidences"] if "api" in e]
    assert evidence["api"] == {"operation": call["api"], "service": {"name": call["serviceName"]}}

    domain = dns["detail"]["service"]["action"]["dnsRequestAction"]["domain"]
    assert document_of(dns)["evidences"] == [{"query": {"hostname": domain}}]


def test_every_kind_of_finding_the_generator_makes_gives_a_valid_document(source):
    rng = random.Random(5)
    envelopes = [findings.finding(account=ACCOUNT, rng=rng, when=T0, kind=t.name) for t in findings.FINDING_TYPES]
    pull(source, "us-east-1", envelopes)
    archived = findings.repeat(envelopes[0])
    archived["detail"]["service"]["archived"] = True
    pull(source, "us-east-1", [archived])
    for envelope in envelopes:
        document_of(envelope)
    assert document_of(envelopes[0])["status_id"] == 5

"""Findings as OCSF Detection Findings (class 2004), for the systems downstream.

One document per Finding record, in OCSF 1.5.0 with the cloud profile: the finding's latest
state (finding_info, severity, resources, cloud context) and, from the GuardDuty finding that
state came from, the evidence (the remote IP with its place and network, the API call, the
DNS query) and the finding itself as raw_data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from .choices import SeverityBand
from .models import Finding

OCSF_VERSION = "1.5.0"
PRODUCT_NAME = "GuardDuty External Sources"
VENDOR_NAME = "Armor"

DETECTION_FINDING = 2004
FINDINGS_CATEGORY = 2
ACTIVITY_CREATE, ACTIVITY_UPDATE = 1, 2
SEVERITY_IDS = {
    SeverityBand.LOW: (2, "Low"),
    SeverityBand.MEDIUM: (3, "Medium"),
    SeverityBand.HIGH: (4, "High"),
    SeverityBand.CRITICAL: (5, "Critical"),
}
STATUS_NEW, STATUS_ARCHIVED = (1, "New"), (5, "Archived")
AWS_ACCOUNT = 10  # OCSF account type_id


def _ms(moment: datetime | None) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _finding_document(message: str) -> dict:
    """The GuardDuty finding inside a stored message, whichever shape it arrived in."""
    try:
        document = json.loads(message)
    except ValueError:
        return {}
    document = _dict(document)
    detail = document.get("detail")
    return detail if isinstance(detail, dict) else document


def _endpoint(remote: dict, port: Any = None) -> dict | None:
    """A remote IP with its place and network (GuardDuty's remoteIpDetails) as an OCSF network endpoint."""
    ip = remote.get("ipAddressV4") or remote.get("ipAddressV6")
    if not isinstance(ip, str) or not ip:
        return None
    endpoint: dict[str, Any] = {"ip": ip}
    country, city, geo = _dict(remote.get("country")), _dict(remote.get("city")), _dict(remote.get("geoLocation"))
    location: dict[str, Any] = {}
    if isinstance(country.get("countryCode"), str):
        location["country"] = country["countryCode"]
    if isinstance(country.get("countryName"), str):
        location["desc"] = country["countryName"]
    if isinstance(city.get("cityName"), str) and city["cityName"]:
        location["city"] = city["cityName"]
    if isinstance(geo.get("lon"), int | float) and isinstance(geo.get("lat"), int | float):
        location["coordinates"] = [float(geo["lon"]), float(geo["lat"])]
    if location:
        endpoint["location"] = location
    org = _dict(remote.get("organization"))
    asn = org.get("asn")
    if isinstance(asn, str) and asn.isdigit() or isinstance(asn, int):
        endpoint["autonomous_system"] = {"number": int(asn), "name": str(org.get("asnOrg") or "")}
    if isinstance(port, int):
        endpoint["port"] = port
    return endpoint


def evidences(detail: dict) -> list[dict]:
    """What GuardDuty saw: the remote endpoint, the API call, the DNS query, where the finding has them."""
    action = _dict(_dict(detail.get("service")).get("action"))
    found: list[dict] = []
    connection = _dict(action.get("networkConnectionAction"))
    if connection:
        remote = _endpoint(
            _dict(connection.get("remoteIpDetails")), _dict(connection.get("remotePortDetails")).get("port")
        )
        if remote:
            side = "dst_endpoint" if connection.get("connectionDirection") == "OUTBOUND" else "src_endpoint"
            found.append({side: remote})
    for probe in _dict(action.get("portProbeAction")).get("portProbeDetails") or []:
        remote = _endpoint(_dict(_dict(probe).get("remoteIpDetails")))
        if remote:
            found.append({"src_endpoint": remote})
    for key in ("awsApiCallAction", "kubernetesApiCallAction"):
        call = _dict(action.get(key))
        operation = call.get("api") or call.get("verb")
        if isinstance(operation, str) and operation:
            evidence: dict[str, Any] = {"api": {"operation": operation}}
            if isinstance(call.get("serviceName"), str):
                evidence["api"]["service"] = {"name": call["serviceName"]}
            remote = _endpoint(_dict(call.get("remoteIpDetails")))
            if remote:
                evidence["src_endpoint"] = remote
            found.append(evidence)
    dns = _dict(action.get("dnsRequestAction"))
    if isinstance(dns.get("domain"), str) and dns["domain"]:
        found.append({"query": {"hostname": dns["domain"]}})
    login = _dict(action.get("rdsLoginAttemptAction"))
    remote = _endpoint(_dict(login.get("remoteIpDetails")))
    if remote:
        found.append({"src_endpoint": remote})
    return found


def detection_finding(finding: Finding) -> dict[str, Any]:
    """The finding's latest state as one OCSF Detection Finding document."""
    detail = _finding_document(finding.latest_event.message) if finding.latest_event else {}
    activity = ACTIVITY_CREATE if finding.occurrences <= 1 else ACTIVITY_UPDATE
    severity_id, severity = SEVERITY_IDS.get(finding.severity_band, (0, "Unknown"))
    status_id, status = STATUS_ARCHIVED if finding.archived else STATUS_NEW
    info: dict[str, Any] = {
        "uid": finding.finding_id,
        "title": finding.title or finding.finding_type or finding.finding_id,
        "types": [finding.finding_type] if finding.finding_type else [],
    }
    if isinstance(detail.get("description"), str):
        info["desc"] = detail["description"]
    for name, moment in (
        ("created_time", finding.created_at),
        ("modified_time", finding.updated_at),
        ("first_seen_time", finding.first_seen),
        ("last_seen_time", finding.last_seen),
    ):
        if moment:
            info[name] = _ms(moment)
    resource: dict[str, Any] = {"type": finding.resource_type or "Unknown", "region": finding.region}
    if finding.resource_id:
        resource["uid"] = finding.resource_id
    if finding.resource_name:
        resource["name"] = finding.resource_name
    if finding.partition:
        resource["cloud_partition"] = finding.partition
    cloud: dict[str, Any] = {
        "provider": "AWS",
        "region": finding.region,
        "account": {"uid": finding.account_id, "type_id": AWS_ACCOUNT, "type": "AWS Account"},
    }
    if finding.partition:
        cloud["cloud_partition"] = finding.partition
    document: dict[str, Any] = {
        "category_uid": FINDINGS_CATEGORY,
        "category_name": "Findings",
        "class_uid": DETECTION_FINDING,
        "class_name": "Detection Finding",
        "activity_id": activity,
        "activity_name": "Create" if activity == ACTIVITY_CREATE else "Update",
        "type_uid": DETECTION_FINDING * 100 + activity,
        "type_name": f"Detection Finding: {'Create' if activity == ACTIVITY_CREATE else 'Update'}",
        "time": _ms(finding.updated_at or finding.last_collected_at),
        "severity_id": severity_id,
        "severity": severity,
        "status_id": status_id,
        "status": status,
        "message": info["title"],
        "metadata": {
            "version": OCSF_VERSION,
            "profiles": ["cloud"],
            "uid": f"{finding.pk}",
            "product": {"name": PRODUCT_NAME, "vendor_name": VENDOR_NAME},
        },
        "finding_info": info,
        "cloud": cloud,
        "resources": [resource],
    }
    if finding.count is not None:
        document["count"] = finding.count
    if finding.first_seen:
        document["start_time"] = _ms(finding.first_seen)
    if finding.last_seen:
        document["end_time"] = _ms(finding.last_seen)
    found = evidences(detail)
    if found:
        document["evidences"] = found
    if detail:
        document["raw_data"] = json.dumps(detail, separators=(",", ":"), ensure_ascii=False)
    return document


def as_jsonl(findings: QuerySet[Finding]) -> Iterator[str]:
    """One Detection Finding per line, streamed: never the whole result in memory."""
    for finding in findings.select_related("latest_event").iterator(chunk_size=500):
        yield json.dumps(detection_finding(finding), ensure_ascii=False) + "\n"

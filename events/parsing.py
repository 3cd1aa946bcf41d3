"""From a CloudWatch Logs event to the columns of a LogEvent.

The message is a GuardDuty finding: in its EventBridge envelope (`version, id, detail-type,
source, account, time, region, resources, detail`), or the finding alone (the `detail`, as
forwarders send it and as GuardDuty's export to S3 writes it, one per line). Anything else
(not JSON, not GuardDuty, missing fields) is kept raw and flagged as malformed: parsing never
fails a pull. The resource is read as the finding's `resource.resourceType` names it.

The search text is not part of parsing a pulled page: the search indexer builds it later,
off the pull's path (events.search_text).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import orjson

MAX_MESSAGE_CHARS = 262_144  # CloudWatch's own per-event limit is 256 KB


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _str(value: Any, limit: int) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)[:limit]


def remote_ip_details(service: dict) -> dict:
    """The attacker's address: where it sits depends on the action type."""
    action = service.get("action") or {}
    if not isinstance(action, dict):
        return {}
    for key in (
        "networkConnectionAction",
        "portProbeAction",
        "awsApiCallAction",
        "dnsRequestAction",
        "rdsLoginAttemptAction",
        "kubernetesApiCallAction",
    ):
        part = action.get(key)
        if not isinstance(part, dict):
            continue
        if isinstance(part.get("remoteIpDetails"), dict):
            return part["remoteIpDetails"]
        details = part.get("portProbeDetails") or part.get("loginAttributes")
        first = details[0] if isinstance(details, list) and details else None
        if isinstance(first, dict) and isinstance(first.get("remoteIpDetails"), dict):
            return first["remoteIpDetails"]
    return {}


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _tail(arn: Any) -> str:
    """`vol-0a1b` from `arn:aws:ec2:us-east-1:123456789012:volume/vol-0a1b`."""
    return arn.rsplit("/", 1)[-1] if isinstance(arn, str) else ""


def _instance(resource: dict) -> tuple[str, str]:
    instance = _dict(resource.get("instanceDetails"))
    name = ""
    for tag in _list(instance.get("tags")):
        if isinstance(tag, dict) and tag.get("key") == "Name" and isinstance(tag.get("value"), str):
            name = tag["value"]
            break
    return _str(instance.get("instanceId"), 256), name or _str(instance.get("instanceType"), 512)


def _volumes(resource: dict) -> str:
    """The EBS volumes a malware scan read, as their volume ids."""
    scanned = _list(_dict(resource.get("ebsVolumeDetails")).get("scannedVolumeDetails"))
    return ", ".join(v for v in (_tail(_dict(d).get("volumeArn")) for d in scanned) if v)


def _buckets(resource: dict) -> list[dict]:
    return [b for b in _list(resource.get("s3BucketDetails")) if isinstance(b, dict)]


def _s3_bucket(resource: dict) -> tuple[str, str]:
    names = [n for n in (_str(b.get("name"), 256) for b in _buckets(resource)) if n]
    return (names[0], ", ".join(names)) if names else ("", "")


def _s3_object(resource: dict) -> tuple[str, str]:
    for bucket in _buckets(resource):
        for item in _list(bucket.get("s3ObjectDetails")):
            key = _dict(item).get("key")
            if bucket.get("name") and isinstance(key, str) and key:
                return _str(f"{bucket['name']}/{key}", 256), _str(key, 512)
    return "", ""


def _access_key(resource: dict) -> tuple[str, str]:
    key = _dict(resource.get("accessKeyDetails"))
    return _str(key.get("accessKeyId"), 256), _str(key.get("userName"), 512)


def _eks(resource: dict) -> tuple[str, str]:
    workload = _dict(_dict(resource.get("kubernetesDetails")).get("kubernetesWorkloadDetails"))
    name = "/".join(_str(workload.get(k), 256) for k in ("namespace", "name") if workload.get(k))
    return _str(_dict(resource.get("eksClusterDetails")).get("name"), 256), name


def _ecs(resource: dict) -> tuple[str, str]:
    cluster = _dict(resource.get("ecsClusterDetails"))
    task = _dict(cluster.get("taskDetails"))
    return _str(cluster.get("name"), 256), _str(task.get("arn") or task.get("definitionArn"), 512)


def _container(resource: dict) -> tuple[str, str]:
    container = _dict(resource.get("containerDetails"))
    ident = _str(container.get("id") or container.get("name"), 256)
    return ident, _str(container.get("image"), 512) or _volumes(resource)


def _rds(resource: dict) -> tuple[str, str]:
    db = _dict(resource.get("rdsDbInstanceDetails"))
    return _str(db.get("dbInstanceIdentifier"), 256), _str(db.get("dbClusterIdentifier"), 512)


def _rds_limitless(resource: dict) -> tuple[str, str]:
    db = _dict(resource.get("rdsLimitlessDbDetails"))
    ident = db.get("dbShardGroupIdentifier") or db.get("dbClusterIdentifier")
    return _str(ident, 256), _str(db.get("dbClusterIdentifier"), 512)


def _lambda(resource: dict) -> tuple[str, str]:
    function = _dict(resource.get("lambdaDetails"))
    return _str(function.get("functionName"), 256), _str(function.get("functionArn"), 512)


# resource.resourceType -> (id, display name) from that type's own details object, and only
# from it: GuardDuty often sends instanceDetails or accessKeyDetails beside another type's.
_RESOURCES = {
    "Instance": _instance,
    "AccessKey": _access_key,
    "S3Bucket": _s3_bucket,
    "S3Object": _s3_object,
    "EKSCluster": _eks,
    "ECSCluster": _ecs,
    "Container": _container,
    "RDSDBInstance": _rds,
    "RDSLimitlessDB": _rds_limitless,
    "Lambda": _lambda,
}

# An attack sequence names its resources as ResourceV2 objects, typed in capitals.
_V2_TYPES = {
    "Instance": "EC2_INSTANCE",
    "AccessKey": "ACCESS_KEY",
    "S3Bucket": "S3_BUCKET",
    "S3Object": "S3_OBJECT",
    "EKSCluster": "EKS_CLUSTER",
    "ECSCluster": "ECS_CLUSTER",
}


def _sequence_resources(kind: str, service: dict) -> tuple[str, str]:
    """An attack sequence's resources: the first of the finding's type is the id; all are named."""
    sequence = _dict(_dict(service.get("detection")).get("sequence"))
    resources = [r for r in _list(sequence.get("resources")) if isinstance(r, dict)]
    wanted = _V2_TYPES.get(kind)
    ident = next((r.get("uid") for r in resources if wanted and r.get("resourceType") == wanted and r.get("uid")), "")
    names = [n for n in (_str(r.get("name") or r.get("uid"), 256) for r in resources) if n]
    return _str(ident, 256), _str(", ".join(names), 512)


def _resource(detail: dict, service: dict) -> tuple[str, str, str]:
    """(resourceType, id, display name) as the finding's own resource.resourceType means them."""
    resource = detail.get("resource")
    if not isinstance(resource, dict):
        return "", "", ""
    kind = _str(resource.get("resourceType"), 64)
    read = _RESOURCES.get(kind)
    ident, name = read(resource) if read else ("", "")
    if kind == "Instance" and resource.get("ebsVolumeDetails"):
        name = _volumes(resource) or name  # an EC2 malware scan: the volumes it read
    process = _dict(_dict(service.get("runtimeDetails")).get("process"))
    if process:  # Runtime Monitoring: the process, beside the instance, task, pod or container
        name = _str(process.get("name") or process.get("executablePath"), 512) or name
    if str(detail.get("type") or "").startswith("AttackSequence:"):
        seq_id, seq_names = _sequence_resources(kind, service)
        ident, name = ident or seq_id, seq_names or name
    return kind, ident, name


def _finding_of(document: Any) -> tuple[dict, str] | None:
    """The finding and the envelope's account, whichever of GuardDuty's shapes it came in.

    An EventBridge envelope (`source` aws.guardduty, the finding in `detail`), or the finding
    alone: as forwarders send the `detail`, and as GuardDuty's export to S3 writes it, one
    finding per line. A list of findings, CloudTrail or any other event is none of these.
    """
    if not isinstance(document, dict):
        return None
    detail = document.get("detail")
    if document.get("source") == "aws.guardduty" and isinstance(detail, dict):
        return detail, _str(document.get("account"), 12)
    arn = document.get("arn")
    if (
        "detail" not in document
        and "schemaVersion" in document
        and "accountId" in document
        and "type" in document
        and isinstance(arn, str)
        and ":guardduty:" in arn
    ):
        return document, ""
    return None


def parse_finding(message: str) -> dict[str, Any] | None:
    """The finding's fields from any shape GuardDuty's findings arrive in, or None if it is none."""
    try:
        document = orjson.loads(message)
    except orjson.JSONDecodeError:  # also: nesting deeper than orjson's limit, integers over 64 bits
        return None
    found = _finding_of(document)
    if found is None:
        return None
    detail, envelope_account = found
    if not detail.get("id"):
        return None
    severity = detail.get("severity")
    try:
        # JSON true and false are ints to Python: never a severity, nor a count below.
        severity = None if isinstance(severity, bool) else float(severity)
    except (TypeError, ValueError):
        severity = None
    if severity is not None and not 0.0 <= severity <= 10.0:
        severity = None
    service = _dict(detail.get("service"))
    ip = remote_ip_details(service)
    country = _dict(ip.get("country"))
    org = _dict(ip.get("organization"))
    resource_type, resource_id, resource_name = _resource(detail, service)
    count = service.get("count")
    # The finding's own account; moto's EventBridge leaves `account` out of the envelope anyway.
    account = _str(detail.get("accountId") or envelope_account, 12)
    return {
        "finding_id": _str(detail.get("id"), 128),
        "finding_type": _str(detail.get("type"), 256),
        "severity": severity,
        "account_id": account if account.isdigit() else "",
        "title": _str(detail.get("title"), 1024),
        "resource_type": resource_type,
        "resource_id": resource_id,
        "resource_name": resource_name,
        "finding_region": _str(detail.get("region"), 32),
        "partition": _str(detail.get("partition"), 16),
        "foreign_account": False,
        "remote_ip": _str(ip.get("ipAddressV4") or ip.get("ipAddressV6"), 64),
        "country": _str(country.get("countryName"), 128),
        "organization": _str(org.get("asnOrg") or org.get("org") or org.get("isp"), 256),
        "asn": _str(org.get("asn"), 32),
        "count": count if isinstance(count, int) and not isinstance(count, bool) and 0 <= count < 2**31 else None,
        "first_seen": _time(service.get("eventFirstSeen")),
        "last_seen": _time(service.get("eventLastSeen")),
        "updated_at": _time(detail.get("updatedAt")),
    }


_EMPTY = {
    "finding_id": "",
    "finding_type": "",
    "severity": None,
    "account_id": "",
    "title": "",
    "resource_type": "",
    "resource_id": "",
    "resource_name": "",
    "finding_region": "",
    "partition": "",
    # Set by events.services.log_events_store, which knows the source's account.
    "foreign_account": False,
    "remote_ip": "",
    "country": "",
    "organization": "",
    "asn": "",
    "count": None,
    "first_seen": None,
    "last_seen": None,
    "updated_at": None,
}

FIELDS = ("event_id", "log_stream", "timestamp", "message", "malformed", *_EMPTY)


def event_id_of(event: dict[str, Any]) -> str:
    """The CloudWatch eventId of a FilterLogEvents event, as stored."""
    return str(event["eventId"])[:128]


def timestamp_ms_of(event: dict[str, Any]) -> int:
    """When CloudWatch received the event, in whole milliseconds."""
    # The emulator returns float milliseconds; CloudWatch returns integers.
    return int(event.get("timestamp") or 0)


def parse_event(event: dict[str, Any]) -> dict[str, Any]:
    """One FilterLogEvents event -> LogEvent column values (without tenant/source/region/search_text)."""
    message = str(event.get("message") or "")[:MAX_MESSAGE_CHARS]
    finding = parse_finding(message)
    return {
        "event_id": event_id_of(event),
        "log_stream": str(event.get("logStreamName") or "")[:512],
        "timestamp": datetime.fromtimestamp(timestamp_ms_of(event) / 1000, tz=UTC),
        "message": message,
        "malformed": finding is None,
        **(finding or _EMPTY),
    }


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a page is parsed and stored.

    A page is thousands of freshly built dicts that all stay alive until the page is stored;
    the collector would walk them again and again while they pile up and find nothing to
    free: they hold no cycles. So it waits until the page is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_events(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """A whole FilterLogEvents page, parsed."""
    with gc_paused():
        return [parse_event(event) for event in events]


def pretty(message: str) -> str:
    """The message as indented JSON for people, or as it came if it is not JSON."""
    try:
        return json.dumps(json.loads(message), indent=2, sort_keys=False, ensure_ascii=False)
    except (ValueError, RecursionError):
        return message

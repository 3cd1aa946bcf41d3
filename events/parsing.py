"""From a CloudWatch Logs event to the columns of a LogEvent.

The message is the EventBridge envelope of a GuardDuty finding (`version, id, detail-type,
source, account, time, region, resources, detail`). Anything else (not JSON, not GuardDuty,
missing fields) is kept raw and flagged as malformed: parsing never fails a pull.

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


def _resource(detail: dict) -> tuple[str, str]:
    resource = detail.get("resource") or {}
    if not isinstance(resource, dict):
        return "", ""
    kind = _str(resource.get("resourceType"), 64)
    instance = resource.get("instanceDetails") or {}
    key = resource.get("accessKeyDetails") or {}
    buckets = resource.get("s3BucketDetails") or []
    if isinstance(instance, dict) and instance.get("instanceId"):
        return kind or "Instance", _str(instance["instanceId"], 256)
    if isinstance(key, dict) and key.get("accessKeyId"):
        return kind or "AccessKey", _str(key["accessKeyId"], 256)
    if isinstance(buckets, list) and buckets and isinstance(buckets[0], dict) and buckets[0].get("name"):
        return kind or "S3Bucket", _str(buckets[0]["name"], 256)
    return kind, ""


def parse_finding(message: str) -> dict[str, Any] | None:
    """The finding's fields from an EventBridge envelope, or None if it is not one."""
    try:
        envelope = orjson.loads(message)
    except orjson.JSONDecodeError:  # also: nesting deeper than orjson's limit, integers over 64 bits
        return None
    if not isinstance(envelope, dict):
        return None
    detail = envelope.get("detail")
    if envelope.get("source") != "aws.guardduty" or not isinstance(detail, dict) or not detail.get("id"):
        return None
    try:
        severity = float(detail.get("severity"))
    except (TypeError, ValueError):
        severity = None
    if severity is not None and not 0.0 <= severity <= 10.0:
        severity = None
    service = detail.get("service") if isinstance(detail.get("service"), dict) else {}
    ip = remote_ip_details(service)
    country = ip.get("country") if isinstance(ip.get("country"), dict) else {}
    org = ip.get("organization") if isinstance(ip.get("organization"), dict) else {}
    resource_type, resource_id = _resource(detail)
    count = service.get("count")
    # moto's EventBridge leaves `account` out of the envelope; the finding always has it.
    account = _str(envelope.get("account") or detail.get("accountId"), 12)
    return {
        "finding_id": _str(detail.get("id"), 128),
        "finding_type": _str(detail.get("type"), 256),
        "severity": severity,
        "account_id": account if account.isdigit() else "",
        "title": _str(detail.get("title"), 1024),
        "resource_type": resource_type,
        "resource_id": resource_id,
        "remote_ip": _str(ip.get("ipAddressV4") or ip.get("ipAddressV6"), 64),
        "country": _str(country.get("countryName"), 128),
        "organization": _str(org.get("asnOrg") or org.get("org") or org.get("isp"), 256),
        "asn": _str(org.get("asn"), 32),
        "count": count if isinstance(count, int) and 0 <= count < 2**31 else None,
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

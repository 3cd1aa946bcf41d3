from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LogEvent")


@_attrs_define
class LogEvent:
    """
    Attributes:
        id (int):
        source (int): The log source's id.
        region (str):
        timestamp (datetime.datetime): When CloudWatch Logs received the event.
        ingested_at (datetime.datetime): When the relay stored it.
        finding_id (str):
        finding_type (str):
        severity (float | None):
        severity_label (str): "Low", "Medium", "High", "Critical", or "" without a severity.
        account_id (str):
        title (str):
        resource_type (str): GuardDuty's resourceType, e.g. Instance, AccessKey, S3Bucket.
        resource_id (str): The resource's id: an instance id, access key id, bucket name...
        resource_name (str): A name beside the id: the key's user, the object's key...
        finding_region (str): The finding's own region ('' when it names none).
        message (str): The raw message: the EventBridge envelope as JSON text.
    """

    id: int
    source: int
    region: str
    timestamp: datetime.datetime
    ingested_at: datetime.datetime
    finding_id: str
    finding_type: str
    severity: float | None
    severity_label: str
    account_id: str
    title: str
    resource_type: str
    resource_id: str
    resource_name: str
    finding_region: str
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        source = self.source

        region = self.region

        timestamp = self.timestamp.isoformat()

        ingested_at = self.ingested_at.isoformat()

        finding_id = self.finding_id

        finding_type = self.finding_type

        severity: float | None
        severity = self.severity

        severity_label = self.severity_label

        account_id = self.account_id

        title = self.title

        resource_type = self.resource_type

        resource_id = self.resource_id

        resource_name = self.resource_name

        finding_region = self.finding_region

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "source": source,
                "region": region,
                "timestamp": timestamp,
                "ingested_at": ingested_at,
                "finding_id": finding_id,
                "finding_type": finding_type,
                "severity": severity,
                "severity_label": severity_label,
                "account_id": account_id,
                "title": title,
                "resource_type": resource_type,
                "resource_id": resource_id,
                "resource_name": resource_name,
                "finding_region": finding_region,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        source = d.pop("source")

        region = d.pop("region")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        ingested_at = datetime.datetime.fromisoformat(d.pop("ingested_at"))

        finding_id = d.pop("finding_id")

        finding_type = d.pop("finding_type")

        def _parse_severity(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        severity = _parse_severity(d.pop("severity"))

        severity_label = d.pop("severity_label")

        account_id = d.pop("account_id")

        title = d.pop("title")

        resource_type = d.pop("resource_type")

        resource_id = d.pop("resource_id")

        resource_name = d.pop("resource_name")

        finding_region = d.pop("finding_region")

        message = d.pop("message")

        log_event = cls(
            id=id,
            source=source,
            region=region,
            timestamp=timestamp,
            ingested_at=ingested_at,
            finding_id=finding_id,
            finding_type=finding_type,
            severity=severity,
            severity_label=severity_label,
            account_id=account_id,
            title=title,
            resource_type=resource_type,
            resource_id=resource_id,
            resource_name=resource_name,
            finding_region=finding_region,
            message=message,
        )

        log_event.additional_properties = d
        return log_event

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

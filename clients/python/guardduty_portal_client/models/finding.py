from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Finding")


@_attrs_define
class Finding:
    """
    Attributes:
        id (int):
        finding_id (str): GuardDuty's finding id.
        finding_type (str):
        title (str):
        severity (float | None): The latest state's severity, 1.0 to 10.0.
        severity_label (str): "Low", "Medium", "High", "Critical", or "" without a severity.
        account_id (str): The finding's own AWS account.
        region (str): The finding's own region.
        resource_type (str): GuardDuty's resourceType, e.g. Instance, AccessKey, S3Bucket.
        resource_id (str):
        resource_name (str):
        count (int | None): GuardDuty's service.count: how often it saw the activity.
        first_seen (datetime.datetime | None):
        last_seen (datetime.datetime | None):
        updated_at (datetime.datetime | None): GuardDuty's updatedAt of the state shown.
        occurrences (int): How many times the portal collected it (each stored event once).
        events (str): GET events/ filtered to this finding's occurrences.
    """

    id: int
    finding_id: str
    finding_type: str
    title: str
    severity: float | None
    severity_label: str
    account_id: str
    region: str
    resource_type: str
    resource_id: str
    resource_name: str
    count: int | None
    first_seen: datetime.datetime | None
    last_seen: datetime.datetime | None
    updated_at: datetime.datetime | None
    occurrences: int
    events: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        finding_id = self.finding_id

        finding_type = self.finding_type

        title = self.title

        severity: float | None
        severity = self.severity

        severity_label = self.severity_label

        account_id = self.account_id

        region = self.region

        resource_type = self.resource_type

        resource_id = self.resource_id

        resource_name = self.resource_name

        count: int | None
        count = self.count

        first_seen: None | str
        if isinstance(self.first_seen, datetime.datetime):
            first_seen = self.first_seen.isoformat()
        else:
            first_seen = self.first_seen

        last_seen: None | str
        if isinstance(self.last_seen, datetime.datetime):
            last_seen = self.last_seen.isoformat()
        else:
            last_seen = self.last_seen

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        occurrences = self.occurrences

        events = self.events

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "finding_id": finding_id,
                "finding_type": finding_type,
                "title": title,
                "severity": severity,
                "severity_label": severity_label,
                "account_id": account_id,
                "region": region,
                "resource_type": resource_type,
                "resource_id": resource_id,
                "resource_name": resource_name,
                "count": count,
                "first_seen": first_seen,
                "last_seen": last_seen,
                "updated_at": updated_at,
                "occurrences": occurrences,
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        finding_id = d.pop("finding_id")

        finding_type = d.pop("finding_type")

        title = d.pop("title")

        def _parse_severity(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        severity = _parse_severity(d.pop("severity"))

        severity_label = d.pop("severity_label")

        account_id = d.pop("account_id")

        region = d.pop("region")

        resource_type = d.pop("resource_type")

        resource_id = d.pop("resource_id")

        resource_name = d.pop("resource_name")

        def _parse_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        count = _parse_count(d.pop("count"))

        def _parse_first_seen(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_seen_type_0 = datetime.datetime.fromisoformat(data)

                return first_seen_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        first_seen = _parse_first_seen(d.pop("first_seen"))

        def _parse_last_seen(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_seen_type_0 = datetime.datetime.fromisoformat(data)

                return last_seen_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_seen = _parse_last_seen(d.pop("last_seen"))

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        occurrences = d.pop("occurrences")

        events = d.pop("events")

        finding = cls(
            id=id,
            finding_id=finding_id,
            finding_type=finding_type,
            title=title,
            severity=severity,
            severity_label=severity_label,
            account_id=account_id,
            region=region,
            resource_type=resource_type,
            resource_id=resource_id,
            resource_name=resource_name,
            count=count,
            first_seen=first_seen,
            last_seen=last_seen,
            updated_at=updated_at,
            occurrences=occurrences,
            events=events,
        )

        finding.additional_properties = d
        return finding

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

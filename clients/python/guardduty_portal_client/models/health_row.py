from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.health_level_enum import HealthLevelEnum, check_health_level_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="HealthRow")


@_attrs_define
class HealthRow:
    """A source (region null) or one of its regions, with its health.

    Attributes:
        source (int):
        hostname (str):
        aws_account_number (str):
        health (HealthLevelEnum): * `ok` - OK
            * `warning` - Warning
            * `critical` - Critical
        reason (str):
        since (datetime.datetime | None):
        region (None | str | Unset):
    """

    source: int
    hostname: str
    aws_account_number: str
    health: HealthLevelEnum
    reason: str
    since: datetime.datetime | None
    region: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        hostname = self.hostname

        aws_account_number = self.aws_account_number

        health: str = self.health

        reason = self.reason

        since: None | str
        if isinstance(self.since, datetime.datetime):
            since = self.since.isoformat()
        else:
            since = self.since

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "source": source,
                "hostname": hostname,
                "aws_account_number": aws_account_number,
                "health": health,
                "reason": reason,
                "since": since,
            }
        )
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source = d.pop("source")

        hostname = d.pop("hostname")

        aws_account_number = d.pop("aws_account_number")

        health = check_health_level_enum(d.pop("health"))

        reason = d.pop("reason")

        def _parse_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                since_type_0 = datetime.datetime.fromisoformat(data)

                return since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        since = _parse_since(d.pop("since"))

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        health_row = cls(
            source=source,
            hostname=hostname,
            aws_account_number=aws_account_number,
            health=health,
            reason=reason,
            since=since,
            region=region,
        )

        health_row.additional_properties = d
        return health_row

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

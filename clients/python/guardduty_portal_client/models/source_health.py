from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.health_level_enum import HealthLevelEnum, check_health_level_enum

T = TypeVar("T", bound="SourceHealth")


@_attrs_define
class SourceHealth:
    """A source's health and its staleness thresholds (read from the LogSource itself).

    Attributes:
        level (HealthLevelEnum): * `ok` - OK
            * `warning` - Warning
            * `critical` - Critical
        label (str):
        reason (str): Why, in words ("" when OK).
        since (datetime.datetime | None):
        warning_after_hours (int): No event for this long: Warning.
        critical_after_hours (int): No event for this long: Critical.
    """

    level: HealthLevelEnum
    label: str
    reason: str
    since: datetime.datetime | None
    warning_after_hours: int
    critical_after_hours: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        level: str = self.level

        label = self.label

        reason = self.reason

        since: None | str
        if isinstance(self.since, datetime.datetime):
            since = self.since.isoformat()
        else:
            since = self.since

        warning_after_hours = self.warning_after_hours

        critical_after_hours = self.critical_after_hours

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "level": level,
                "label": label,
                "reason": reason,
                "since": since,
                "warning_after_hours": warning_after_hours,
                "critical_after_hours": critical_after_hours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        level = check_health_level_enum(d.pop("level"))

        label = d.pop("label")

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

        warning_after_hours = d.pop("warning_after_hours")

        critical_after_hours = d.pop("critical_after_hours")

        source_health = cls(
            level=level,
            label=label,
            reason=reason,
            since=since,
            warning_after_hours=warning_after_hours,
            critical_after_hours=critical_after_hours,
        )

        source_health.additional_properties = d
        return source_health

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

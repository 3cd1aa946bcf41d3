from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedHealthThresholds")


@_attrs_define
class PatchedHealthThresholds:
    """
    Attributes:
        warning_after_hours (int | Unset): Whole hours, 1-8760; less than critical_after_hours.
        critical_after_hours (int | Unset): Whole hours, 1-8760.
    """

    warning_after_hours: int | Unset = UNSET
    critical_after_hours: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        warning_after_hours = self.warning_after_hours

        critical_after_hours = self.critical_after_hours

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if warning_after_hours is not UNSET:
            field_dict["warning_after_hours"] = warning_after_hours
        if critical_after_hours is not UNSET:
            field_dict["critical_after_hours"] = critical_after_hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        warning_after_hours = d.pop("warning_after_hours", UNSET)

        critical_after_hours = d.pop("critical_after_hours", UNSET)

        patched_health_thresholds = cls(
            warning_after_hours=warning_after_hours,
            critical_after_hours=critical_after_hours,
        )

        patched_health_thresholds.additional_properties = d
        return patched_health_thresholds

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

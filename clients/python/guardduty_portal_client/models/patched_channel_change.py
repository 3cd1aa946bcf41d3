from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.notification_event_enum import NotificationEventEnum, check_notification_event_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedChannelChange")


@_attrs_define
class PatchedChannelChange:
    """What `channel_update` takes: any of these; the kind cannot change.

    Attributes:
        name (str | Unset):
        target (str | Unset):
        events (list[NotificationEventEnum] | Unset):
        enabled (bool | Unset):
    """

    name: str | Unset = UNSET
    target: str | Unset = UNSET
    events: list[NotificationEventEnum] | Unset = UNSET
    enabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        target = self.target

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item: str = events_item_data
                events.append(events_item)

        enabled = self.enabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if target is not UNSET:
            field_dict["target"] = target
        if events is not UNSET:
            field_dict["events"] = events
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        target = d.pop("target", UNSET)

        _events = d.pop("events", UNSET)
        events: list[NotificationEventEnum] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = check_notification_event_enum(events_item_data)

                events.append(events_item)

        enabled = d.pop("enabled", UNSET)

        patched_channel_change = cls(
            name=name,
            target=target,
            events=events,
            enabled=enabled,
        )

        patched_channel_change.additional_properties = d
        return patched_channel_change

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.channel_input_kind_enum import ChannelInputKindEnum, check_channel_input_kind_enum
from ..models.notification_event_enum import NotificationEventEnum, check_notification_event_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChannelInput")


@_attrs_define
class ChannelInput:
    """What `notifications.services.channel_create` takes; it checks every value and names the field.

    Attributes:
        kind (ChannelInputKindEnum):
        name (str):
        target (str): Email: one address or several separated by commas. Webhook: an https:// URL whose host resolves to
            public addresses only.
        events (list[NotificationEventEnum]): The health changes the channel is told about; all three when left out.
        enabled (bool | Unset):
    """

    kind: ChannelInputKindEnum
    name: str
    target: str
    events: list[NotificationEventEnum]
    enabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind: str = self.kind

        name = self.name

        target = self.target

        events = []
        for events_item_data in self.events:
            events_item: str = events_item_data
            events.append(events_item)

        enabled = self.enabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "name": name,
                "target": target,
                "events": events,
            }
        )
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = check_channel_input_kind_enum(d.pop("kind"))

        name = d.pop("name")

        target = d.pop("target")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = check_notification_event_enum(events_item_data)

            events.append(events_item)

        enabled = d.pop("enabled", UNSET)

        channel_input = cls(
            kind=kind,
            name=name,
            target=target,
            events=events,
            enabled=enabled,
        )

        channel_input.additional_properties = d
        return channel_input

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

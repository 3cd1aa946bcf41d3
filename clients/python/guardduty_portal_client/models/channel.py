from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.notification_channel_kind_enum import NotificationChannelKindEnum, check_notification_channel_kind_enum
from ..models.notification_event_enum import NotificationEventEnum, check_notification_event_enum

if TYPE_CHECKING:
    from ..models.delivery import Delivery


T = TypeVar("T", bound="Channel")


@_attrs_define
class Channel:
    """
    Attributes:
        id (int):
        kind (NotificationChannelKindEnum): * `email` - Email
            * `webhook` - Webhook
        name (str):
        target (str):
        events (list[NotificationEventEnum]):
        enabled (bool):
        last_delivery (Delivery | None):
        created_at (datetime.datetime):
    """

    id: int
    kind: NotificationChannelKindEnum
    name: str
    target: str
    events: list[NotificationEventEnum]
    enabled: bool
    last_delivery: Delivery | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.delivery import Delivery  # noqa: PLC0415

        id = self.id

        kind: str = self.kind

        name = self.name

        target = self.target

        events = []
        for events_item_data in self.events:
            events_item: str = events_item_data
            events.append(events_item)

        enabled = self.enabled

        last_delivery: dict[str, Any] | None
        if isinstance(self.last_delivery, Delivery):
            last_delivery = self.last_delivery.to_dict()
        else:
            last_delivery = self.last_delivery

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "name": name,
                "target": target,
                "events": events,
                "enabled": enabled,
                "last_delivery": last_delivery,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery import Delivery  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = check_notification_channel_kind_enum(d.pop("kind"))

        name = d.pop("name")

        target = d.pop("target")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = check_notification_event_enum(events_item_data)

            events.append(events_item)

        enabled = d.pop("enabled")

        def _parse_last_delivery(data: object) -> Delivery | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_delivery_type_0 = Delivery.from_dict(data)

                return last_delivery_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Delivery | None, data)

        last_delivery = _parse_last_delivery(d.pop("last_delivery"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        channel = cls(
            id=id,
            kind=kind,
            name=name,
            target=target,
            events=events,
            enabled=enabled,
            last_delivery=last_delivery,
            created_at=created_at,
        )

        channel.additional_properties = d
        return channel

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

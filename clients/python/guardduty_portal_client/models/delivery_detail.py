from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_status_enum import DeliveryStatusEnum, check_delivery_status_enum
from ..models.event_enum import EventEnum, check_event_enum

if TYPE_CHECKING:
    from ..models.attempt import Attempt


T = TypeVar("T", bound="DeliveryDetail")


@_attrs_define
class DeliveryDetail:
    """
    Attributes:
        id (int):
        event (EventEnum): * `warning` - Warning
            * `critical` - Critical
            * `ok` - Back to OK
            * `test` - Test
        status (DeliveryStatusEnum): * `pending` - Pending
            * `retrying` - Retrying
            * `delivered` - Delivered
            * `failed` - Failed
        attempts (int):
        created_at (datetime.datetime):
        delivered_at (datetime.datetime | None):
        last_error (str):
        subject (str):
        attempt_log (list[Attempt]): Every attempt, oldest first.
    """

    id: int
    event: EventEnum
    status: DeliveryStatusEnum
    attempts: int
    created_at: datetime.datetime
    delivered_at: datetime.datetime | None
    last_error: str
    subject: str
    attempt_log: list[Attempt]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event: str = self.event

        status: str = self.status

        attempts = self.attempts

        created_at = self.created_at.isoformat()

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        last_error = self.last_error

        subject = self.subject

        attempt_log = []
        for attempt_log_item_data in self.attempt_log:
            attempt_log_item = attempt_log_item_data.to_dict()
            attempt_log.append(attempt_log_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "event": event,
                "status": status,
                "attempts": attempts,
                "created_at": created_at,
                "delivered_at": delivered_at,
                "last_error": last_error,
                "subject": subject,
                "attempt_log": attempt_log,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attempt import Attempt  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        event = check_event_enum(d.pop("event"))

        status = check_delivery_status_enum(d.pop("status"))

        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        last_error = d.pop("last_error")

        subject = d.pop("subject")

        attempt_log = []
        _attempt_log = d.pop("attempt_log")
        for attempt_log_item_data in _attempt_log:
            attempt_log_item = Attempt.from_dict(attempt_log_item_data)

            attempt_log.append(attempt_log_item)

        delivery_detail = cls(
            id=id,
            event=event,
            status=status,
            attempts=attempts,
            created_at=created_at,
            delivered_at=delivered_at,
            last_error=last_error,
            subject=subject,
            attempt_log=attempt_log,
        )

        delivery_detail.additional_properties = d
        return delivery_detail

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.endpoint_status_enum import EndpointStatusEnum, check_endpoint_status_enum

T = TypeVar("T", bound="Endpoint")


@_attrs_define
class Endpoint:
    """
    Attributes:
        id (int):
        name (str):
        hostname (str):
        queue (str): The relay's own queue; its workers consume only this one.
        status (EndpointStatusEnum): * `online` - Online
            * `offline` - Offline
            * `never_seen` - Never seen
        last_seen_at (datetime.datetime | None): The last heartbeat of any of its workers.
        worker_command (str): The command that starts a relay worker for it.
    """

    id: int
    name: str
    hostname: str
    queue: str
    status: EndpointStatusEnum
    last_seen_at: datetime.datetime | None
    worker_command: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        hostname = self.hostname

        queue = self.queue

        status: str = self.status

        last_seen_at: None | str
        if isinstance(self.last_seen_at, datetime.datetime):
            last_seen_at = self.last_seen_at.isoformat()
        else:
            last_seen_at = self.last_seen_at

        worker_command = self.worker_command

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "hostname": hostname,
                "queue": queue,
                "status": status,
                "last_seen_at": last_seen_at,
                "worker_command": worker_command,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        hostname = d.pop("hostname")

        queue = d.pop("queue")

        status = check_endpoint_status_enum(d.pop("status"))

        def _parse_last_seen_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_seen_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_seen_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_seen_at = _parse_last_seen_at(d.pop("last_seen_at"))

        worker_command = d.pop("worker_command")

        endpoint = cls(
            id=id,
            name=name,
            hostname=hostname,
            queue=queue,
            status=status,
            last_seen_at=last_seen_at,
            worker_command=worker_command,
        )

        endpoint.additional_properties = d
        return endpoint

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

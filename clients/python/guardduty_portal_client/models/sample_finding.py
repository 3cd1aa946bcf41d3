from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sample_finding_status_enum import SampleFindingStatusEnum, check_sample_finding_status_enum

T = TypeVar("T", bound="SampleFinding")


@_attrs_define
class SampleFinding:
    """
    Attributes:
        id (int):
        region (str):
        status (SampleFindingStatusEnum): * `sent` - Sent
            * `failed` - Failed
            * `stored` - Stored
            * `searchable` - Searchable
            * `timed_out` - Timed out
        requested_at (datetime.datetime):
    """

    id: int
    region: str
    status: SampleFindingStatusEnum
    requested_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        region = self.region

        status: str = self.status

        requested_at = self.requested_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "region": region,
                "status": status,
                "requested_at": requested_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        region = d.pop("region")

        status = check_sample_finding_status_enum(d.pop("status"))

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        sample_finding = cls(
            id=id,
            region=region,
            status=status,
            requested_at=requested_at,
        )

        sample_finding.additional_properties = d
        return sample_finding

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

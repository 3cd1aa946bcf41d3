from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sample_finding_status_enum import SampleFindingStatusEnum, check_sample_finding_status_enum

T = TypeVar("T", bound="SampleFindingFigures")


@_attrs_define
class SampleFindingFigures:
    """The canary in one region: its last sample and the median delays of the recent ones (seconds).

    Attributes:
        status (None | SampleFindingStatusEnum):
        requested_at (datetime.datetime | None):
        stored_seconds (float | None): From the request to the event store.
        searchable_seconds (float | None): From the request to Search.
        median_stored_seconds (float | None):
        median_searchable_seconds (float | None):
    """

    status: None | SampleFindingStatusEnum
    requested_at: datetime.datetime | None
    stored_seconds: float | None
    searchable_seconds: float | None
    median_stored_seconds: float | None
    median_searchable_seconds: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: None | str
        if isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        requested_at: None | str
        if isinstance(self.requested_at, datetime.datetime):
            requested_at = self.requested_at.isoformat()
        else:
            requested_at = self.requested_at

        stored_seconds: float | None
        stored_seconds = self.stored_seconds

        searchable_seconds: float | None
        searchable_seconds = self.searchable_seconds

        median_stored_seconds: float | None
        median_stored_seconds = self.median_stored_seconds

        median_searchable_seconds: float | None
        median_searchable_seconds = self.median_searchable_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "requested_at": requested_at,
                "stored_seconds": stored_seconds,
                "searchable_seconds": searchable_seconds,
                "median_stored_seconds": median_stored_seconds,
                "median_searchable_seconds": median_searchable_seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_status(data: object) -> None | SampleFindingStatusEnum:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = check_sample_finding_status_enum(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SampleFindingStatusEnum, data)

        status = _parse_status(d.pop("status"))

        def _parse_requested_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                requested_at_type_0 = datetime.datetime.fromisoformat(data)

                return requested_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        requested_at = _parse_requested_at(d.pop("requested_at"))

        def _parse_stored_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        stored_seconds = _parse_stored_seconds(d.pop("stored_seconds"))

        def _parse_searchable_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        searchable_seconds = _parse_searchable_seconds(d.pop("searchable_seconds"))

        def _parse_median_stored_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        median_stored_seconds = _parse_median_stored_seconds(d.pop("median_stored_seconds"))

        def _parse_median_searchable_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        median_searchable_seconds = _parse_median_searchable_seconds(d.pop("median_searchable_seconds"))

        sample_finding_figures = cls(
            status=status,
            requested_at=requested_at,
            stored_seconds=stored_seconds,
            searchable_seconds=searchable_seconds,
            median_stored_seconds=median_stored_seconds,
            median_searchable_seconds=median_searchable_seconds,
        )

        sample_finding_figures.additional_properties = d
        return sample_finding_figures

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.detector_status_enum import DetectorStatusEnum, check_detector_status_enum

if TYPE_CHECKING:
    from ..models.source_region_coverage_plans import SourceRegionCoveragePlans


T = TypeVar("T", bound="SourceRegionCoverage")


@_attrs_define
class SourceRegionCoverage:
    """GuardDuty in one region: its detector, whether it is on, and which protection plans are.

    Attributes:
        detector_id (str): "" when there is no detector or it could not be checked.
        detector_status (DetectorStatusEnum): * `enabled` - Enabled
            * `disabled` - Disabled
            * `missing` - No detector
            * `unknown` - Unknown
        plans (SourceRegionCoveragePlans): Protection plan -> on: s3, eks_audit_logs, runtime_monitoring,
            malware_protection, rds_login_events, lambda_network_logs.
        error (str):
        checked_at (datetime.datetime | None):
        region (str):
    """

    detector_id: str
    detector_status: DetectorStatusEnum
    plans: SourceRegionCoveragePlans
    error: str
    checked_at: datetime.datetime | None
    region: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detector_id = self.detector_id

        detector_status: str = self.detector_status

        plans = self.plans.to_dict()

        error = self.error

        checked_at: None | str
        if isinstance(self.checked_at, datetime.datetime):
            checked_at = self.checked_at.isoformat()
        else:
            checked_at = self.checked_at

        region = self.region

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detector_id": detector_id,
                "detector_status": detector_status,
                "plans": plans,
                "error": error,
                "checked_at": checked_at,
                "region": region,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_region_coverage_plans import SourceRegionCoveragePlans  # noqa: PLC0415

        d = dict(src_dict)
        detector_id = d.pop("detector_id")

        detector_status = check_detector_status_enum(d.pop("detector_status"))

        plans = SourceRegionCoveragePlans.from_dict(d.pop("plans"))

        error = d.pop("error")

        def _parse_checked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                checked_at_type_0 = datetime.datetime.fromisoformat(data)

                return checked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        checked_at = _parse_checked_at(d.pop("checked_at"))

        region = d.pop("region")

        source_region_coverage = cls(
            detector_id=detector_id,
            detector_status=detector_status,
            plans=plans,
            error=error,
            checked_at=checked_at,
            region=region,
        )

        source_region_coverage.additional_properties = d
        return source_region_coverage

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.collection_state_enum import CollectionStateEnum, check_collection_state_enum
from ..models.deployment_state_enum import DeploymentStateEnum, check_deployment_state_enum

if TYPE_CHECKING:
    from ..models.health import Health
    from ..models.region_coverage import RegionCoverage
    from ..models.sample_finding_figures import SampleFindingFigures


T = TypeVar("T", bound="RegionState")


@_attrs_define
class RegionState:
    """One region of a source: its deployment and its collection.

    Attributes:
        region (str):
        deployment_state (DeploymentStateEnum): * `not_deployed` - Not deployed
            * `pending` - Pending
            * `in_progress` - In progress
            * `complete` - Complete
            * `failed` - Failed
            * `deleting` - Deleting
        coverage (RegionCoverage): GuardDuty in one region: its detector, whether it is on, and which protection plans
            are.
        sample_finding (SampleFindingFigures): The canary in one region: its last sample and the median delays of the
            recent ones (seconds).
        collection_state (CollectionStateEnum): * `waiting` - Waiting for first pull
            * `ok` - Collecting
            * `throttled` - Throttled (retrying)
            * `credentials_invalid` - Credentials invalid
            * `role_unavailable` - Role cannot be assumed
            * `access_denied` - Access denied
            * `log_group_missing` - Log group missing
            * `unreachable` - Region unreachable
            * `interrupted` - Interrupted (retrying)
            * `overdue` - Pull overdue
            * `error` - Error
        last_event_at (datetime.datetime | None):
        last_pull_at (datetime.datetime | None):
        last_error (str):
        health (Health):
    """

    region: str
    deployment_state: DeploymentStateEnum
    coverage: RegionCoverage
    sample_finding: SampleFindingFigures
    collection_state: CollectionStateEnum
    last_event_at: datetime.datetime | None
    last_pull_at: datetime.datetime | None
    last_error: str
    health: Health
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        region = self.region

        deployment_state: str = self.deployment_state

        coverage = self.coverage.to_dict()

        sample_finding = self.sample_finding.to_dict()

        collection_state: str = self.collection_state

        last_event_at: None | str
        if isinstance(self.last_event_at, datetime.datetime):
            last_event_at = self.last_event_at.isoformat()
        else:
            last_event_at = self.last_event_at

        last_pull_at: None | str
        if isinstance(self.last_pull_at, datetime.datetime):
            last_pull_at = self.last_pull_at.isoformat()
        else:
            last_pull_at = self.last_pull_at

        last_error = self.last_error

        health = self.health.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "region": region,
                "deployment_state": deployment_state,
                "coverage": coverage,
                "sample_finding": sample_finding,
                "collection_state": collection_state,
                "last_event_at": last_event_at,
                "last_pull_at": last_pull_at,
                "last_error": last_error,
                "health": health,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.health import Health  # noqa: PLC0415
        from ..models.region_coverage import RegionCoverage  # noqa: PLC0415
        from ..models.sample_finding_figures import SampleFindingFigures  # noqa: PLC0415

        d = dict(src_dict)
        region = d.pop("region")

        deployment_state = check_deployment_state_enum(d.pop("deployment_state"))

        coverage = RegionCoverage.from_dict(d.pop("coverage"))

        sample_finding = SampleFindingFigures.from_dict(d.pop("sample_finding"))

        collection_state = check_collection_state_enum(d.pop("collection_state"))

        def _parse_last_event_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_event_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_event_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_event_at = _parse_last_event_at(d.pop("last_event_at"))

        def _parse_last_pull_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_pull_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_pull_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_pull_at = _parse_last_pull_at(d.pop("last_pull_at"))

        last_error = d.pop("last_error")

        health = Health.from_dict(d.pop("health"))

        region_state = cls(
            region=region,
            deployment_state=deployment_state,
            coverage=coverage,
            sample_finding=sample_finding,
            collection_state=collection_state,
            last_event_at=last_event_at,
            last_pull_at=last_pull_at,
            last_error=last_error,
            health=health,
        )

        region_state.additional_properties = d
        return region_state

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.deploy_action_enum import DeployActionEnum, check_deploy_action_enum
from ..models.operation_mode_enum import OperationModeEnum, check_operation_mode_enum
from ..models.operation_status_enum import OperationStatusEnum, check_operation_status_enum

if TYPE_CHECKING:
    from ..models.operation_region import OperationRegion


T = TypeVar("T", bound="Operation")


@_attrs_define
class Operation:
    """A launch, update or teardown of a source's Stack or StackSet, region by region.

    Attributes:
        operation (int): The operation's id.
        id (int):
        kind (DeployActionEnum): * `create` - create
            * `update` - update
            * `delete` - delete
        status (OperationStatusEnum): * `queued` - queued
            * `running` - running
            * `succeeded` - succeeded
            * `failed` - failed
        mode (OperationModeEnum): * `stack` - stack
            * `stackset` - stackset
            * `role` - role
            * `organization-role` - organization-role
        stack_name (str):
        role_arn (None | str): For a reader role's stack: the role it creates.
        error (str):
        created_at (datetime.datetime | None):
        started_at (datetime.datetime | None):
        finished_at (datetime.datetime | None):
        regions (list[OperationRegion]):
    """

    operation: int
    id: int
    kind: DeployActionEnum
    status: OperationStatusEnum
    mode: OperationModeEnum
    stack_name: str
    role_arn: None | str
    error: str
    created_at: datetime.datetime | None
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    regions: list[OperationRegion]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        operation = self.operation

        id = self.id

        kind: str = self.kind

        status: str = self.status

        mode: str = self.mode

        stack_name = self.stack_name

        role_arn: None | str
        role_arn = self.role_arn

        error = self.error

        created_at: None | str
        if isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        regions = []
        for regions_item_data in self.regions:
            regions_item = regions_item_data.to_dict()
            regions.append(regions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "operation": operation,
                "id": id,
                "kind": kind,
                "status": status,
                "mode": mode,
                "stack_name": stack_name,
                "role_arn": role_arn,
                "error": error,
                "created_at": created_at,
                "started_at": started_at,
                "finished_at": finished_at,
                "regions": regions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.operation_region import OperationRegion  # noqa: PLC0415

        d = dict(src_dict)
        operation = d.pop("operation")

        id = d.pop("id")

        kind = check_deploy_action_enum(d.pop("kind"))

        status = check_operation_status_enum(d.pop("status"))

        mode = check_operation_mode_enum(d.pop("mode"))

        stack_name = d.pop("stack_name")

        def _parse_role_arn(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role_arn = _parse_role_arn(d.pop("role_arn"))

        error = d.pop("error")

        def _parse_created_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_at_type_0 = datetime.datetime.fromisoformat(data)

                return created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        created_at = _parse_created_at(d.pop("created_at"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        regions = []
        _regions = d.pop("regions")
        for regions_item_data in _regions:
            regions_item = OperationRegion.from_dict(regions_item_data)

            regions.append(regions_item)

        operation = cls(
            operation=operation,
            id=id,
            kind=kind,
            status=status,
            mode=mode,
            stack_name=stack_name,
            role_arn=role_arn,
            error=error,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
            regions=regions,
        )

        operation.additional_properties = d
        return operation

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

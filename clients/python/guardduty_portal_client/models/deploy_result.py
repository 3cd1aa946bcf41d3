from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.organization_mode_enum import OrganizationModeEnum, check_organization_mode_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sync_result import SyncResult


T = TypeVar("T", bound="DeployResult")


@_attrs_define
class DeployResult:
    """
    Attributes:
        mode (OrganizationModeEnum): * `administrator` - administrator
            * `every_account` - every_account
        operation (int | Unset): Administrator mode: the deploy operation.
        stack_set_operations (list[str] | Unset):
        targets (list[str] | Unset):
        sync (SyncResult | Unset):
    """

    mode: OrganizationModeEnum
    operation: int | Unset = UNSET
    stack_set_operations: list[str] | Unset = UNSET
    targets: list[str] | Unset = UNSET
    sync: SyncResult | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mode: str = self.mode

        operation = self.operation

        stack_set_operations: list[str] | Unset = UNSET
        if not isinstance(self.stack_set_operations, Unset):
            stack_set_operations = self.stack_set_operations

        targets: list[str] | Unset = UNSET
        if not isinstance(self.targets, Unset):
            targets = self.targets

        sync: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sync, Unset):
            sync = self.sync.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mode": mode,
            }
        )
        if operation is not UNSET:
            field_dict["operation"] = operation
        if stack_set_operations is not UNSET:
            field_dict["stack_set_operations"] = stack_set_operations
        if targets is not UNSET:
            field_dict["targets"] = targets
        if sync is not UNSET:
            field_dict["sync"] = sync

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_result import SyncResult  # noqa: PLC0415

        d = dict(src_dict)
        mode = check_organization_mode_enum(d.pop("mode"))

        operation = d.pop("operation", UNSET)

        stack_set_operations = cast(list[str], d.pop("stack_set_operations", UNSET))

        targets = cast(list[str], d.pop("targets", UNSET))

        _sync = d.pop("sync", UNSET)
        sync: SyncResult | Unset
        if isinstance(_sync, Unset):
            sync = UNSET
        else:
            sync = SyncResult.from_dict(_sync)

        deploy_result = cls(
            mode=mode,
            operation=operation,
            stack_set_operations=stack_set_operations,
            targets=targets,
            sync=sync,
        )

        deploy_result.additional_properties = d
        return deploy_result

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

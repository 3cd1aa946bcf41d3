from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.permissions_enum import PermissionsEnum, check_permissions_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedRoleUpdate")


@_attrs_define
class PatchedRoleUpdate:
    """
    Attributes:
        name (str | Unset):
        permissions (list[PermissionsEnum] | Unset): Catalogue names (or their codes): Read Log Management, Write Log
            Management, Delete Log Management, Read Log Endpoints, Read Log Relays, Write Log Relays, Delete Log Relays,
            Write Virtual Machine, Manage Users.
    """

    name: str | Unset = UNSET
    permissions: list[PermissionsEnum] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        permissions: list[str] | Unset = UNSET
        if not isinstance(self.permissions, Unset):
            permissions = []
            for permissions_item_data in self.permissions:
                permissions_item: str = permissions_item_data
                permissions.append(permissions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if permissions is not UNSET:
            field_dict["permissions"] = permissions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _permissions = d.pop("permissions", UNSET)
        permissions: list[PermissionsEnum] | Unset = UNSET
        if _permissions is not UNSET:
            permissions = []
            for permissions_item_data in _permissions:
                permissions_item = check_permissions_enum(permissions_item_data)

                permissions.append(permissions_item)

        patched_role_update = cls(
            name=name,
            permissions=permissions,
        )

        patched_role_update.additional_properties = d
        return patched_role_update

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

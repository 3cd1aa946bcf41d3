from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedOrganizationUpdate")


@_attrs_define
class PatchedOrganizationUpdate:
    """
    Attributes:
        name (str | Unset):
        organizational_unit_ids (list[str] | Unset): Every account mode: the OUs (or the root) the StackSets target;
            empty: the root.
    """

    name: str | Unset = UNSET
    organizational_unit_ids: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        organizational_unit_ids: list[str] | Unset = UNSET
        if not isinstance(self.organizational_unit_ids, Unset):
            organizational_unit_ids = self.organizational_unit_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if organizational_unit_ids is not UNSET:
            field_dict["organizational_unit_ids"] = organizational_unit_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        organizational_unit_ids = cast(list[str], d.pop("organizational_unit_ids", UNSET))

        patched_organization_update = cls(
            name=name,
            organizational_unit_ids=organizational_unit_ids,
        )

        patched_organization_update.additional_properties = d
        return patched_organization_update

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.log_retention_days_enum import LogRetentionDaysEnum, check_log_retention_days_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deployment_change_tags import DeploymentChangeTags


T = TypeVar("T", bound="DeploymentChange")


@_attrs_define
class DeploymentChange:
    """What of a deployment changes in place (the mode and the stack name do not).

    Attributes:
        log_retention_days (LogRetentionDaysEnum | Unset):
        tags (DeploymentChangeTags | Unset): Keys of 1 to 128 letters, digits, spaces or _ . : / = + - @, not starting
            with aws:.
    """

    log_retention_days: LogRetentionDaysEnum | Unset = UNSET
    tags: DeploymentChangeTags | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        log_retention_days: int | Unset = UNSET
        if not isinstance(self.log_retention_days, Unset):
            log_retention_days = self.log_retention_days

        tags: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if log_retention_days is not UNSET:
            field_dict["log_retention_days"] = log_retention_days
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deployment_change_tags import DeploymentChangeTags  # noqa: PLC0415

        d = dict(src_dict)
        _log_retention_days = d.pop("log_retention_days", UNSET)
        log_retention_days: LogRetentionDaysEnum | Unset
        if isinstance(_log_retention_days, Unset):
            log_retention_days = UNSET
        else:
            log_retention_days = check_log_retention_days_enum(_log_retention_days)

        _tags = d.pop("tags", UNSET)
        tags: DeploymentChangeTags | Unset
        if isinstance(_tags, Unset):
            tags = UNSET
        else:
            tags = DeploymentChangeTags.from_dict(_tags)

        deployment_change = cls(
            log_retention_days=log_retention_days,
            tags=tags,
        )

        deployment_change.additional_properties = d
        return deployment_change

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

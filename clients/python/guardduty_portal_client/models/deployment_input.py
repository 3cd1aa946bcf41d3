from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.deployment_mode_enum import DeploymentModeEnum, check_deployment_mode_enum
from ..models.log_retention_days_enum import LogRetentionDaysEnum, check_log_retention_days_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deployment_input_tags import DeploymentInputTags


T = TypeVar("T", bound="DeploymentInput")


@_attrs_define
class DeploymentInput:
    """How the collection template is deployed; every setting has the wizard's default.

    Attributes:
        mode (DeploymentModeEnum | Unset): * `stackset` - stackset
            * `stack` - stack
            * `manual` - manual Default: 'stackset'.
        stack_name (str | Unset): Blank for Armor-GuardDuty-<account>.
        log_retention_days (LogRetentionDaysEnum | Unset):  Default: 3.
        tags (DeploymentInputTags | Unset): Keys of 1 to 128 letters, digits, spaces or _ . : / = + - @, not starting
            with aws:.
        iam_role_arn (str | Unset): Optional: the StackSet's administration role (not the reader role).
    """

    mode: DeploymentModeEnum | Unset = "stackset"
    stack_name: str | Unset = UNSET
    log_retention_days: LogRetentionDaysEnum | Unset = 3
    tags: DeploymentInputTags | Unset = UNSET
    iam_role_arn: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode

        stack_name = self.stack_name

        log_retention_days: int | Unset = UNSET
        if not isinstance(self.log_retention_days, Unset):
            log_retention_days = self.log_retention_days

        tags: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags.to_dict()

        iam_role_arn = self.iam_role_arn

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if mode is not UNSET:
            field_dict["mode"] = mode
        if stack_name is not UNSET:
            field_dict["stack_name"] = stack_name
        if log_retention_days is not UNSET:
            field_dict["log_retention_days"] = log_retention_days
        if tags is not UNSET:
            field_dict["tags"] = tags
        if iam_role_arn is not UNSET:
            field_dict["iam_role_arn"] = iam_role_arn

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deployment_input_tags import DeploymentInputTags  # noqa: PLC0415

        d = dict(src_dict)
        _mode = d.pop("mode", UNSET)
        mode: DeploymentModeEnum | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = check_deployment_mode_enum(_mode)

        stack_name = d.pop("stack_name", UNSET)

        _log_retention_days = d.pop("log_retention_days", UNSET)
        log_retention_days: LogRetentionDaysEnum | Unset
        if isinstance(_log_retention_days, Unset):
            log_retention_days = UNSET
        else:
            log_retention_days = check_log_retention_days_enum(_log_retention_days)

        _tags = d.pop("tags", UNSET)
        tags: DeploymentInputTags | Unset
        if isinstance(_tags, Unset):
            tags = UNSET
        else:
            tags = DeploymentInputTags.from_dict(_tags)

        iam_role_arn = d.pop("iam_role_arn", UNSET)

        deployment_input = cls(
            mode=mode,
            stack_name=stack_name,
            log_retention_days=log_retention_days,
            tags=tags,
            iam_role_arn=iam_role_arn,
        )

        deployment_input.additional_properties = d
        return deployment_input

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

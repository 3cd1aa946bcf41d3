from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.deployment_mode_enum import DeploymentModeEnum, check_deployment_mode_enum

if TYPE_CHECKING:
    from ..models.deployment_tags import DeploymentTags


T = TypeVar("T", bound="Deployment")


@_attrs_define
class Deployment:
    """
    Attributes:
        mode (DeploymentModeEnum): * `stackset` - stackset
            * `stack` - stack
            * `manual` - manual
        stack_name (str):
        log_retention_days (int):
        tags (DeploymentTags):
        iam_role_arn (str):
    """

    mode: DeploymentModeEnum
    stack_name: str
    log_retention_days: int
    tags: DeploymentTags
    iam_role_arn: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mode: str = self.mode

        stack_name = self.stack_name

        log_retention_days = self.log_retention_days

        tags = self.tags.to_dict()

        iam_role_arn = self.iam_role_arn

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mode": mode,
                "stack_name": stack_name,
                "log_retention_days": log_retention_days,
                "tags": tags,
                "iam_role_arn": iam_role_arn,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deployment_tags import DeploymentTags  # noqa: PLC0415

        d = dict(src_dict)
        mode = check_deployment_mode_enum(d.pop("mode"))

        stack_name = d.pop("stack_name")

        log_retention_days = d.pop("log_retention_days")

        tags = DeploymentTags.from_dict(d.pop("tags"))

        iam_role_arn = d.pop("iam_role_arn")

        deployment = cls(
            mode=mode,
            stack_name=stack_name,
            log_retention_days=log_retention_days,
            tags=tags,
            iam_role_arn=iam_role_arn,
        )

        deployment.additional_properties = d
        return deployment

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

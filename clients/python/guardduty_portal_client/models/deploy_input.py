from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deploy_credentials import DeployCredentials


T = TypeVar("T", bound="DeployInput")


@_attrs_define
class DeployInput:
    """
    Attributes:
        use_source_credentials (bool | Unset): true: launch with the source's own keys (they need CloudFormation
            rights).
        deploy_credentials (DeployCredentials | Unset):
    """

    use_source_credentials: bool | Unset = UNSET
    deploy_credentials: DeployCredentials | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        use_source_credentials = self.use_source_credentials

        deploy_credentials: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deploy_credentials, Unset):
            deploy_credentials = self.deploy_credentials.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if use_source_credentials is not UNSET:
            field_dict["use_source_credentials"] = use_source_credentials
        if deploy_credentials is not UNSET:
            field_dict["deploy_credentials"] = deploy_credentials

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deploy_credentials import DeployCredentials  # noqa: PLC0415

        d = dict(src_dict)
        use_source_credentials = d.pop("use_source_credentials", UNSET)

        _deploy_credentials = d.pop("deploy_credentials", UNSET)
        deploy_credentials: DeployCredentials | Unset
        if isinstance(_deploy_credentials, Unset):
            deploy_credentials = UNSET
        else:
            deploy_credentials = DeployCredentials.from_dict(_deploy_credentials)

        deploy_input = cls(
            use_source_credentials=use_source_credentials,
            deploy_credentials=deploy_credentials,
        )

        deploy_input.additional_properties = d
        return deploy_input

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

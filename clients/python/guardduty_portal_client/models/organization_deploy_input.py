from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.deploy_credentials import DeployCredentials


T = TypeVar("T", bound="OrganizationDeployInput")


@_attrs_define
class OrganizationDeployInput:
    """
    Attributes:
        deploy_credentials (DeployCredentials):
    """

    deploy_credentials: DeployCredentials
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        deploy_credentials = self.deploy_credentials.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deploy_credentials": deploy_credentials,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deploy_credentials import DeployCredentials  # noqa: PLC0415

        d = dict(src_dict)
        deploy_credentials = DeployCredentials.from_dict(d.pop("deploy_credentials"))

        organization_deploy_input = cls(
            deploy_credentials=deploy_credentials,
        )

        organization_deploy_input.additional_properties = d
        return organization_deploy_input

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

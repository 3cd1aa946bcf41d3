from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reader_role_launch_kind_enum import ReaderRoleLaunchKindEnum, check_reader_role_launch_kind_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deploy_credentials import DeployCredentials


T = TypeVar("T", bound="ReaderRoleLaunch")


@_attrs_define
class ReaderRoleLaunch:
    """
    Attributes:
        aws_account_number (str): The account to create the role in (the source's account).
        deploy_credentials (DeployCredentials):
        kind (ReaderRoleLaunchKindEnum | Unset):
        role_name (str | Unset): Defaults to ArmorGuardDutyReader (ArmorGuardDutyOrganizationReader for an
            Organization).
        region (str | Unset): Where the role's stack lives (IAM is global); us-east-1 by default.
    """

    aws_account_number: str
    deploy_credentials: DeployCredentials
    kind: ReaderRoleLaunchKindEnum | Unset = UNSET
    role_name: str | Unset = UNSET
    region: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        aws_account_number = self.aws_account_number

        deploy_credentials = self.deploy_credentials.to_dict()

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind

        role_name = self.role_name

        region = self.region

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "aws_account_number": aws_account_number,
                "deploy_credentials": deploy_credentials,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if role_name is not UNSET:
            field_dict["role_name"] = role_name
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deploy_credentials import DeployCredentials  # noqa: PLC0415

        d = dict(src_dict)
        aws_account_number = d.pop("aws_account_number")

        deploy_credentials = DeployCredentials.from_dict(d.pop("deploy_credentials"))

        _kind = d.pop("kind", UNSET)
        kind: ReaderRoleLaunchKindEnum | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = check_reader_role_launch_kind_enum(_kind)

        role_name = d.pop("role_name", UNSET)

        region = d.pop("region", UNSET)

        reader_role_launch = cls(
            aws_account_number=aws_account_number,
            deploy_credentials=deploy_credentials,
            kind=kind,
            role_name=role_name,
            region=region,
        )

        reader_role_launch.additional_properties = d
        return reader_role_launch

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

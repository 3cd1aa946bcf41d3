from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AwsIdentity")


@_attrs_define
class AwsIdentity:
    """What a script needs to create a reader role: whom it trusts and with which External ID.

    Attributes:
        principal_arn (str): The portal's AWS principal, the one the role's trust policy names ("" when roles are
            unavailable).
        roles_available (bool): false until the portal's operator sets its principal.
        external_id (str): Your tenant's External ID (sts:ExternalId); not a secret.
        role_name (str): The role template's default role name.
        role_template_url (str): Where to download the role template (YAML).
        console_link (str): The AWS console's page to create the role stack.
        console_link_cn (str): The same for the China partition.
    """

    principal_arn: str
    roles_available: bool
    external_id: str
    role_name: str
    role_template_url: str
    console_link: str
    console_link_cn: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        principal_arn = self.principal_arn

        roles_available = self.roles_available

        external_id = self.external_id

        role_name = self.role_name

        role_template_url = self.role_template_url

        console_link = self.console_link

        console_link_cn = self.console_link_cn

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "principal_arn": principal_arn,
                "roles_available": roles_available,
                "external_id": external_id,
                "role_name": role_name,
                "role_template_url": role_template_url,
                "console_link": console_link,
                "console_link_cn": console_link_cn,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        principal_arn = d.pop("principal_arn")

        roles_available = d.pop("roles_available")

        external_id = d.pop("external_id")

        role_name = d.pop("role_name")

        role_template_url = d.pop("role_template_url")

        console_link = d.pop("console_link")

        console_link_cn = d.pop("console_link_cn")

        aws_identity = cls(
            principal_arn=principal_arn,
            roles_available=roles_available,
            external_id=external_id,
            role_name=role_name,
            role_template_url=role_template_url,
            console_link=console_link,
            console_link_cn=console_link_cn,
        )

        aws_identity.additional_properties = d
        return aws_identity

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.organization_input_credential_type_enum import (
    OrganizationInputCredentialTypeEnum,
    check_organization_input_credential_type_enum,
)
from ..models.organization_input_regions_type_0_item import (
    OrganizationInputRegionsType0Item,
    check_organization_input_regions_type_0_item,
)
from ..models.organization_input_regions_type_1 import (
    OrganizationInputRegionsType1,
    check_organization_input_regions_type_1,
)
from ..models.organization_mode_enum import OrganizationModeEnum, check_organization_mode_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deploy_credentials import DeployCredentials


T = TypeVar("T", bound="OrganizationInput")


@_attrs_define
class OrganizationInput:
    """
    Attributes:
        name (str):
        endpoint (int): The id of one of your endpoints (log relays).
        mode (OrganizationModeEnum): * `administrator` - administrator
            * `every_account` - every_account
        account_number (str): The GuardDuty delegated administrator or management account.
        role_arn (str): The Organization role (its template's RoleArn).
        regions (list[OrganizationInputRegionsType0Item] | OrganizationInputRegionsType1): Region codes, or "all" for
            every supported region (recommended).
        credential_type (OrganizationInputCredentialTypeEnum | Unset):
        organizational_unit_ids (list[str] | Unset): Every account mode: the OUs (or the root) the StackSets target;
            empty: the root.
        deploy_credentials (DeployCredentials | Unset):
    """

    name: str
    endpoint: int
    mode: OrganizationModeEnum
    account_number: str
    role_arn: str
    regions: list[OrganizationInputRegionsType0Item] | OrganizationInputRegionsType1
    credential_type: OrganizationInputCredentialTypeEnum | Unset = UNSET
    organizational_unit_ids: list[str] | Unset = UNSET
    deploy_credentials: DeployCredentials | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        endpoint = self.endpoint

        mode: str = self.mode

        account_number = self.account_number

        role_arn = self.role_arn

        regions: list[str] | str
        if isinstance(self.regions, list):
            regions = []
            for regions_type_0_item_data in self.regions:
                regions_type_0_item: str = regions_type_0_item_data
                regions.append(regions_type_0_item)

        else:
            regions = self.regions

        credential_type: str | Unset = UNSET
        if not isinstance(self.credential_type, Unset):
            credential_type = self.credential_type

        organizational_unit_ids: list[str] | Unset = UNSET
        if not isinstance(self.organizational_unit_ids, Unset):
            organizational_unit_ids = self.organizational_unit_ids

        deploy_credentials: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deploy_credentials, Unset):
            deploy_credentials = self.deploy_credentials.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "endpoint": endpoint,
                "mode": mode,
                "account_number": account_number,
                "role_arn": role_arn,
                "regions": regions,
            }
        )
        if credential_type is not UNSET:
            field_dict["credential_type"] = credential_type
        if organizational_unit_ids is not UNSET:
            field_dict["organizational_unit_ids"] = organizational_unit_ids
        if deploy_credentials is not UNSET:
            field_dict["deploy_credentials"] = deploy_credentials

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deploy_credentials import DeployCredentials  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        endpoint = d.pop("endpoint")

        mode = check_organization_mode_enum(d.pop("mode"))

        account_number = d.pop("account_number")

        role_arn = d.pop("role_arn")

        def _parse_regions(data: object) -> list[OrganizationInputRegionsType0Item] | OrganizationInputRegionsType1:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                regions_type_0 = []
                _regions_type_0 = data
                for regions_type_0_item_data in _regions_type_0:
                    regions_type_0_item = check_organization_input_regions_type_0_item(regions_type_0_item_data)

                    regions_type_0.append(regions_type_0_item)

                return regions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            regions_type_1 = check_organization_input_regions_type_1(data)

            return regions_type_1

        regions = _parse_regions(d.pop("regions"))

        _credential_type = d.pop("credential_type", UNSET)
        credential_type: OrganizationInputCredentialTypeEnum | Unset
        if isinstance(_credential_type, Unset):
            credential_type = UNSET
        else:
            credential_type = check_organization_input_credential_type_enum(_credential_type)

        organizational_unit_ids = cast(list[str], d.pop("organizational_unit_ids", UNSET))

        _deploy_credentials = d.pop("deploy_credentials", UNSET)
        deploy_credentials: DeployCredentials | Unset
        if isinstance(_deploy_credentials, Unset):
            deploy_credentials = UNSET
        else:
            deploy_credentials = DeployCredentials.from_dict(_deploy_credentials)

        organization_input = cls(
            name=name,
            endpoint=endpoint,
            mode=mode,
            account_number=account_number,
            role_arn=role_arn,
            regions=regions,
            credential_type=credential_type,
            organizational_unit_ids=organizational_unit_ids,
            deploy_credentials=deploy_credentials,
        )

        organization_input.additional_properties = d
        return organization_input

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.credential_type_enum import CredentialTypeEnum, check_credential_type_enum
from ..models.patched_log_source_regions_type_0_item import (
    PatchedLogSourceRegionsType0Item,
    check_patched_log_source_regions_type_0_item,
)
from ..models.patched_log_source_regions_type_1 import (
    PatchedLogSourceRegionsType1,
    check_patched_log_source_regions_type_1,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deploy_credentials import DeployCredentials
    from ..models.deployment_change import DeploymentChange


T = TypeVar("T", bound="PatchedLogSource")


@_attrs_define
class PatchedLogSource:
    """What can change in place: regions, hostname, protocol, retention and tags (changes are deployed),
    or, in a PATCH of their own, the credentials.

        Attributes:
            credential_type (CredentialTypeEnum | Unset): * `role` - role
                * `access_key` - access_key
            role_arn (str | Unset):
            aws_access_key_id (str | Unset): For access keys. Only its last 4 characters are ever shown.
            aws_secret_access_key (str | Unset): For access keys. Never shown again.
            save_unverified (bool | Unset): true saves new credentials even when Test connection fails with them.
            regions (list[PatchedLogSourceRegionsType0Item] | PatchedLogSourceRegionsType1 | Unset): Region codes, or "all"
                for every supported region (recommended).
            hostname (str | Unset):
            protocol (str | Unset):
            deployment (DeploymentChange | Unset): What of a deployment changes in place (the mode and the stack name do
                not).
            deploy_credentials (DeployCredentials | Unset):
    """

    credential_type: CredentialTypeEnum | Unset = UNSET
    role_arn: str | Unset = UNSET
    aws_access_key_id: str | Unset = UNSET
    aws_secret_access_key: str | Unset = UNSET
    save_unverified: bool | Unset = UNSET
    regions: list[PatchedLogSourceRegionsType0Item] | PatchedLogSourceRegionsType1 | Unset = UNSET
    hostname: str | Unset = UNSET
    protocol: str | Unset = UNSET
    deployment: DeploymentChange | Unset = UNSET
    deploy_credentials: DeployCredentials | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credential_type: str | Unset = UNSET
        if not isinstance(self.credential_type, Unset):
            credential_type = self.credential_type

        role_arn = self.role_arn

        aws_access_key_id = self.aws_access_key_id

        aws_secret_access_key = self.aws_secret_access_key

        save_unverified = self.save_unverified

        regions: list[str] | str | Unset
        if isinstance(self.regions, Unset):
            regions = UNSET
        elif isinstance(self.regions, list):
            regions = []
            for regions_type_0_item_data in self.regions:
                regions_type_0_item: str = regions_type_0_item_data
                regions.append(regions_type_0_item)

        else:
            regions = self.regions

        hostname = self.hostname

        protocol = self.protocol

        deployment: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deployment, Unset):
            deployment = self.deployment.to_dict()

        deploy_credentials: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deploy_credentials, Unset):
            deploy_credentials = self.deploy_credentials.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if credential_type is not UNSET:
            field_dict["credential_type"] = credential_type
        if role_arn is not UNSET:
            field_dict["role_arn"] = role_arn
        if aws_access_key_id is not UNSET:
            field_dict["aws_access_key_id"] = aws_access_key_id
        if aws_secret_access_key is not UNSET:
            field_dict["aws_secret_access_key"] = aws_secret_access_key
        if save_unverified is not UNSET:
            field_dict["save_unverified"] = save_unverified
        if regions is not UNSET:
            field_dict["regions"] = regions
        if hostname is not UNSET:
            field_dict["hostname"] = hostname
        if protocol is not UNSET:
            field_dict["protocol"] = protocol
        if deployment is not UNSET:
            field_dict["deployment"] = deployment
        if deploy_credentials is not UNSET:
            field_dict["deploy_credentials"] = deploy_credentials

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deploy_credentials import DeployCredentials  # noqa: PLC0415
        from ..models.deployment_change import DeploymentChange  # noqa: PLC0415

        d = dict(src_dict)
        _credential_type = d.pop("credential_type", UNSET)
        credential_type: CredentialTypeEnum | Unset
        if isinstance(_credential_type, Unset):
            credential_type = UNSET
        else:
            credential_type = check_credential_type_enum(_credential_type)

        role_arn = d.pop("role_arn", UNSET)

        aws_access_key_id = d.pop("aws_access_key_id", UNSET)

        aws_secret_access_key = d.pop("aws_secret_access_key", UNSET)

        save_unverified = d.pop("save_unverified", UNSET)

        def _parse_regions(
            data: object,
        ) -> list[PatchedLogSourceRegionsType0Item] | PatchedLogSourceRegionsType1 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                regions_type_0 = []
                _regions_type_0 = data
                for regions_type_0_item_data in _regions_type_0:
                    regions_type_0_item = check_patched_log_source_regions_type_0_item(regions_type_0_item_data)

                    regions_type_0.append(regions_type_0_item)

                return regions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            regions_type_1 = check_patched_log_source_regions_type_1(data)

            return regions_type_1

        regions = _parse_regions(d.pop("regions", UNSET))

        hostname = d.pop("hostname", UNSET)

        protocol = d.pop("protocol", UNSET)

        _deployment = d.pop("deployment", UNSET)
        deployment: DeploymentChange | Unset
        if isinstance(_deployment, Unset):
            deployment = UNSET
        else:
            deployment = DeploymentChange.from_dict(_deployment)

        _deploy_credentials = d.pop("deploy_credentials", UNSET)
        deploy_credentials: DeployCredentials | Unset
        if isinstance(_deploy_credentials, Unset):
            deploy_credentials = UNSET
        else:
            deploy_credentials = DeployCredentials.from_dict(_deploy_credentials)

        patched_log_source = cls(
            credential_type=credential_type,
            role_arn=role_arn,
            aws_access_key_id=aws_access_key_id,
            aws_secret_access_key=aws_secret_access_key,
            save_unverified=save_unverified,
            regions=regions,
            hostname=hostname,
            protocol=protocol,
            deployment=deployment,
            deploy_credentials=deploy_credentials,
        )

        patched_log_source.additional_properties = d
        return patched_log_source

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

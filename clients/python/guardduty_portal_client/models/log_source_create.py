from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.credential_type_enum import CredentialTypeEnum, check_credential_type_enum
from ..models.log_source_create_regions_type_0_item import (
    LogSourceCreateRegionsType0Item,
    check_log_source_create_regions_type_0_item,
)
from ..models.log_source_create_regions_type_1 import (
    LogSourceCreateRegionsType1,
    check_log_source_create_regions_type_1,
)
from ..models.source_type_enum import SourceTypeEnum, check_source_type_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deployment_input import DeploymentInput


T = TypeVar("T", bound="LogSourceCreate")


@_attrs_define
class LogSourceCreate:
    """The fields `log_source_create` takes (it checks every one and names each problem).

    Attributes:
        endpoint (int): The id of one of your endpoints (log relays).
        aws_account_number (str): 12 digits; dashes and spaces are removed (1234-5678-9012).
        regions (list[LogSourceCreateRegionsType0Item] | LogSourceCreateRegionsType1): Region codes, or "all" for every
            supported region (recommended).
        source_type (SourceTypeEnum | Unset):  Default: 'guardduty'.
        hostname (str | Unset): Defaults to guardduty-<account>.
        protocol (str | Unset): Defaults to the source type's protocol.
        credential_type (CredentialTypeEnum | Unset): * `role` - role
            * `access_key` - access_key
        role_arn (str | Unset): For a role: the reader role in the source's own account (the role template's RoleArn).
        aws_access_key_id (str | Unset): For access keys. Only its last 4 characters are ever shown.
        aws_secret_access_key (str | Unset): For access keys. Never shown again.
        deployment (DeploymentInput | Unset): How the collection template is deployed; every setting has the wizard's
            default.
    """

    endpoint: int
    aws_account_number: str
    regions: list[LogSourceCreateRegionsType0Item] | LogSourceCreateRegionsType1
    source_type: SourceTypeEnum | Unset = "guardduty"
    hostname: str | Unset = UNSET
    protocol: str | Unset = UNSET
    credential_type: CredentialTypeEnum | Unset = UNSET
    role_arn: str | Unset = UNSET
    aws_access_key_id: str | Unset = UNSET
    aws_secret_access_key: str | Unset = UNSET
    deployment: DeploymentInput | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        endpoint = self.endpoint

        aws_account_number = self.aws_account_number

        regions: list[str] | str
        if isinstance(self.regions, list):
            regions = []
            for regions_type_0_item_data in self.regions:
                regions_type_0_item: str = regions_type_0_item_data
                regions.append(regions_type_0_item)

        else:
            regions = self.regions

        source_type: str | Unset = UNSET
        if not isinstance(self.source_type, Unset):
            source_type = self.source_type

        hostname = self.hostname

        protocol = self.protocol

        credential_type: str | Unset = UNSET
        if not isinstance(self.credential_type, Unset):
            credential_type = self.credential_type

        role_arn = self.role_arn

        aws_access_key_id = self.aws_access_key_id

        aws_secret_access_key = self.aws_secret_access_key

        deployment: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deployment, Unset):
            deployment = self.deployment.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "endpoint": endpoint,
                "aws_account_number": aws_account_number,
                "regions": regions,
            }
        )
        if source_type is not UNSET:
            field_dict["source_type"] = source_type
        if hostname is not UNSET:
            field_dict["hostname"] = hostname
        if protocol is not UNSET:
            field_dict["protocol"] = protocol
        if credential_type is not UNSET:
            field_dict["credential_type"] = credential_type
        if role_arn is not UNSET:
            field_dict["role_arn"] = role_arn
        if aws_access_key_id is not UNSET:
            field_dict["aws_access_key_id"] = aws_access_key_id
        if aws_secret_access_key is not UNSET:
            field_dict["aws_secret_access_key"] = aws_secret_access_key
        if deployment is not UNSET:
            field_dict["deployment"] = deployment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deployment_input import DeploymentInput  # noqa: PLC0415

        d = dict(src_dict)
        endpoint = d.pop("endpoint")

        aws_account_number = d.pop("aws_account_number")

        def _parse_regions(data: object) -> list[LogSourceCreateRegionsType0Item] | LogSourceCreateRegionsType1:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                regions_type_0 = []
                _regions_type_0 = data
                for regions_type_0_item_data in _regions_type_0:
                    regions_type_0_item = check_log_source_create_regions_type_0_item(regions_type_0_item_data)

                    regions_type_0.append(regions_type_0_item)

                return regions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            regions_type_1 = check_log_source_create_regions_type_1(data)

            return regions_type_1

        regions = _parse_regions(d.pop("regions"))

        _source_type = d.pop("source_type", UNSET)
        source_type: SourceTypeEnum | Unset
        if isinstance(_source_type, Unset):
            source_type = UNSET
        else:
            source_type = check_source_type_enum(_source_type)

        hostname = d.pop("hostname", UNSET)

        protocol = d.pop("protocol", UNSET)

        _credential_type = d.pop("credential_type", UNSET)
        credential_type: CredentialTypeEnum | Unset
        if isinstance(_credential_type, Unset):
            credential_type = UNSET
        else:
            credential_type = check_credential_type_enum(_credential_type)

        role_arn = d.pop("role_arn", UNSET)

        aws_access_key_id = d.pop("aws_access_key_id", UNSET)

        aws_secret_access_key = d.pop("aws_secret_access_key", UNSET)

        _deployment = d.pop("deployment", UNSET)
        deployment: DeploymentInput | Unset
        if isinstance(_deployment, Unset):
            deployment = UNSET
        else:
            deployment = DeploymentInput.from_dict(_deployment)

        log_source_create = cls(
            endpoint=endpoint,
            aws_account_number=aws_account_number,
            regions=regions,
            source_type=source_type,
            hostname=hostname,
            protocol=protocol,
            credential_type=credential_type,
            role_arn=role_arn,
            aws_access_key_id=aws_access_key_id,
            aws_secret_access_key=aws_secret_access_key,
            deployment=deployment,
        )

        log_source_create.additional_properties = d
        return log_source_create

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.organization_mode_enum import OrganizationModeEnum, check_organization_mode_enum

if TYPE_CHECKING:
    from ..models.organization_account import OrganizationAccount
    from ..models.organization_summary import OrganizationSummary


T = TypeVar("T", bound="Organization")


@_attrs_define
class Organization:
    """
    Attributes:
        id (int):
        name (str):
        endpoint (int):
        mode (OrganizationModeEnum): * `administrator` - administrator
            * `every_account` - every_account
        account_number (str):
        credential_type (str):
        role_arn (str):
        external_id (str):
        organization_id (str):
        organizational_unit_ids (list[str]):
        regions (list[str]):
        administrator_source (int | None):
        accounts (list[OrganizationAccount]):
        summary (OrganizationSummary):
        last_synced_at (datetime.datetime | None):
        last_sync_error (str):
        last_deployed_at (datetime.datetime | None):
    """

    id: int
    name: str
    endpoint: int
    mode: OrganizationModeEnum
    account_number: str
    credential_type: str
    role_arn: str
    external_id: str
    organization_id: str
    organizational_unit_ids: list[str]
    regions: list[str]
    administrator_source: int | None
    accounts: list[OrganizationAccount]
    summary: OrganizationSummary
    last_synced_at: datetime.datetime | None
    last_sync_error: str
    last_deployed_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        endpoint = self.endpoint

        mode: str = self.mode

        account_number = self.account_number

        credential_type = self.credential_type

        role_arn = self.role_arn

        external_id = self.external_id

        organization_id = self.organization_id

        organizational_unit_ids = self.organizational_unit_ids

        regions = self.regions

        administrator_source: int | None
        administrator_source = self.administrator_source

        accounts = []
        for accounts_item_data in self.accounts:
            accounts_item = accounts_item_data.to_dict()
            accounts.append(accounts_item)

        summary = self.summary.to_dict()

        last_synced_at: None | str
        if isinstance(self.last_synced_at, datetime.datetime):
            last_synced_at = self.last_synced_at.isoformat()
        else:
            last_synced_at = self.last_synced_at

        last_sync_error = self.last_sync_error

        last_deployed_at: None | str
        if isinstance(self.last_deployed_at, datetime.datetime):
            last_deployed_at = self.last_deployed_at.isoformat()
        else:
            last_deployed_at = self.last_deployed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "endpoint": endpoint,
                "mode": mode,
                "account_number": account_number,
                "credential_type": credential_type,
                "role_arn": role_arn,
                "external_id": external_id,
                "organization_id": organization_id,
                "organizational_unit_ids": organizational_unit_ids,
                "regions": regions,
                "administrator_source": administrator_source,
                "accounts": accounts,
                "summary": summary,
                "last_synced_at": last_synced_at,
                "last_sync_error": last_sync_error,
                "last_deployed_at": last_deployed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.organization_account import OrganizationAccount  # noqa: PLC0415
        from ..models.organization_summary import OrganizationSummary  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        endpoint = d.pop("endpoint")

        mode = check_organization_mode_enum(d.pop("mode"))

        account_number = d.pop("account_number")

        credential_type = d.pop("credential_type")

        role_arn = d.pop("role_arn")

        external_id = d.pop("external_id")

        organization_id = d.pop("organization_id")

        organizational_unit_ids = cast(list[str], d.pop("organizational_unit_ids"))

        regions = cast(list[str], d.pop("regions"))

        def _parse_administrator_source(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        administrator_source = _parse_administrator_source(d.pop("administrator_source"))

        accounts = []
        _accounts = d.pop("accounts")
        for accounts_item_data in _accounts:
            accounts_item = OrganizationAccount.from_dict(accounts_item_data)

            accounts.append(accounts_item)

        summary = OrganizationSummary.from_dict(d.pop("summary"))

        def _parse_last_synced_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_synced_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_synced_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_synced_at = _parse_last_synced_at(d.pop("last_synced_at"))

        last_sync_error = d.pop("last_sync_error")

        def _parse_last_deployed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_deployed_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_deployed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_deployed_at = _parse_last_deployed_at(d.pop("last_deployed_at"))

        organization = cls(
            id=id,
            name=name,
            endpoint=endpoint,
            mode=mode,
            account_number=account_number,
            credential_type=credential_type,
            role_arn=role_arn,
            external_id=external_id,
            organization_id=organization_id,
            organizational_unit_ids=organizational_unit_ids,
            regions=regions,
            administrator_source=administrator_source,
            accounts=accounts,
            summary=summary,
            last_synced_at=last_synced_at,
            last_sync_error=last_sync_error,
            last_deployed_at=last_deployed_at,
        )

        organization.additional_properties = d
        return organization

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

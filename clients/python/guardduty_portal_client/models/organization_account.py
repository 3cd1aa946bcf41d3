from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.organization_account_status_enum import (
    OrganizationAccountStatusEnum,
    check_organization_account_status_enum,
)
from ..models.organization_deploy_status_enum import OrganizationDeployStatusEnum, check_organization_deploy_status_enum

T = TypeVar("T", bound="OrganizationAccount")


@_attrs_define
class OrganizationAccount:
    """
    Attributes:
        account_number (str):
        name (str):
        organizational_unit (str):
        status (OrganizationAccountStatusEnum): * `active` - active
            * `suspended` - suspended
            * `pending_closure` - pending_closure
            * `removed` - removed
        guardduty_member (bool | None): Administrator mode; null: not known.
        deploy_status (OrganizationDeployStatusEnum): * `not_deployed` - not_deployed
            * `deploying` - deploying
            * `deployed` - deployed
            * `failed` - failed
        deploy_error (str):
        source (int | None):
        last_event_at (datetime.datetime | None):
        findings (int | None): Administrator mode: findings collected of it.
        regions_collecting (list[str]):
    """

    account_number: str
    name: str
    organizational_unit: str
    status: OrganizationAccountStatusEnum
    guardduty_member: bool | None
    deploy_status: OrganizationDeployStatusEnum
    deploy_error: str
    source: int | None
    last_event_at: datetime.datetime | None
    findings: int | None
    regions_collecting: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_number = self.account_number

        name = self.name

        organizational_unit = self.organizational_unit

        status: str = self.status

        guardduty_member: bool | None
        guardduty_member = self.guardduty_member

        deploy_status: str = self.deploy_status

        deploy_error = self.deploy_error

        source: int | None
        source = self.source

        last_event_at: None | str
        if isinstance(self.last_event_at, datetime.datetime):
            last_event_at = self.last_event_at.isoformat()
        else:
            last_event_at = self.last_event_at

        findings: int | None
        findings = self.findings

        regions_collecting = self.regions_collecting

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_number": account_number,
                "name": name,
                "organizational_unit": organizational_unit,
                "status": status,
                "guardduty_member": guardduty_member,
                "deploy_status": deploy_status,
                "deploy_error": deploy_error,
                "source": source,
                "last_event_at": last_event_at,
                "findings": findings,
                "regions_collecting": regions_collecting,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_number = d.pop("account_number")

        name = d.pop("name")

        organizational_unit = d.pop("organizational_unit")

        status = check_organization_account_status_enum(d.pop("status"))

        def _parse_guardduty_member(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        guardduty_member = _parse_guardduty_member(d.pop("guardduty_member"))

        deploy_status = check_organization_deploy_status_enum(d.pop("deploy_status"))

        deploy_error = d.pop("deploy_error")

        def _parse_source(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        source = _parse_source(d.pop("source"))

        def _parse_last_event_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_event_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_event_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_event_at = _parse_last_event_at(d.pop("last_event_at"))

        def _parse_findings(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        findings = _parse_findings(d.pop("findings"))

        regions_collecting = cast(list[str], d.pop("regions_collecting"))

        organization_account = cls(
            account_number=account_number,
            name=name,
            organizational_unit=organizational_unit,
            status=status,
            guardduty_member=guardduty_member,
            deploy_status=deploy_status,
            deploy_error=deploy_error,
            source=source,
            last_event_at=last_event_at,
            findings=findings,
            regions_collecting=regions_collecting,
        )

        organization_account.additional_properties = d
        return organization_account

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

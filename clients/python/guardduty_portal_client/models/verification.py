from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.account_check import AccountCheck
    from ..models.region_check import RegionCheck


T = TypeVar("T", bound="Verification")


@_attrs_define
class Verification:
    """Test connection's checklist: the account the keys belong to, then each region's checks.

    Attributes:
        ok (bool):
        account (AccountCheck):
        regions (list[RegionCheck]):
        verified_at (datetime.datetime):
    """

    ok: bool
    account: AccountCheck
    regions: list[RegionCheck]
    verified_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        account = self.account.to_dict()

        regions = []
        for regions_item_data in self.regions:
            regions_item = regions_item_data.to_dict()
            regions.append(regions_item)

        verified_at = self.verified_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "account": account,
                "regions": regions,
                "verified_at": verified_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_check import AccountCheck  # noqa: PLC0415
        from ..models.region_check import RegionCheck  # noqa: PLC0415

        d = dict(src_dict)
        ok = d.pop("ok")

        account = AccountCheck.from_dict(d.pop("account"))

        regions = []
        _regions = d.pop("regions")
        for regions_item_data in _regions:
            regions_item = RegionCheck.from_dict(regions_item_data)

            regions.append(regions_item)

        verified_at = datetime.datetime.fromisoformat(d.pop("verified_at"))

        verification = cls(
            ok=ok,
            account=account,
            regions=regions,
            verified_at=verified_at,
        )

        verification.additional_properties = d
        return verification

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SyncResult")


@_attrs_define
class SyncResult:
    """
    Attributes:
        accounts (int):
        added (list[str]):
        removed (list[str]):
        suspended (list[str]):
        reactivated (list[str]):
        sources_added (list[str]):
        error (str):
    """

    accounts: int
    added: list[str]
    removed: list[str]
    suspended: list[str]
    reactivated: list[str]
    sources_added: list[str]
    error: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accounts = self.accounts

        added = self.added

        removed = self.removed

        suspended = self.suspended

        reactivated = self.reactivated

        sources_added = self.sources_added

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accounts": accounts,
                "added": added,
                "removed": removed,
                "suspended": suspended,
                "reactivated": reactivated,
                "sources_added": sources_added,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        accounts = d.pop("accounts")

        added = cast(list[str], d.pop("added"))

        removed = cast(list[str], d.pop("removed"))

        suspended = cast(list[str], d.pop("suspended"))

        reactivated = cast(list[str], d.pop("reactivated"))

        sources_added = cast(list[str], d.pop("sources_added"))

        error = d.pop("error")

        sync_result = cls(
            accounts=accounts,
            added=added,
            removed=removed,
            suspended=suspended,
            reactivated=reactivated,
            sources_added=sources_added,
            error=error,
        )

        sync_result.additional_properties = d
        return sync_result

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

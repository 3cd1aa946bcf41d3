from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountCheck")


@_attrs_define
class AccountCheck:
    """
    Attributes:
        expected (str):
        actual (str):
        arn (str):
        ok (bool):
        message (str):
        code (str): "account_mismatch", an AWS error code, or "" when the account matches.
        role_arn (str | Unset): For a role: the role that was assumed first.
    """

    expected: str
    actual: str
    arn: str
    ok: bool
    message: str
    code: str
    role_arn: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expected = self.expected

        actual = self.actual

        arn = self.arn

        ok = self.ok

        message = self.message

        code = self.code

        role_arn = self.role_arn

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expected": expected,
                "actual": actual,
                "arn": arn,
                "ok": ok,
                "message": message,
                "code": code,
            }
        )
        if role_arn is not UNSET:
            field_dict["role_arn"] = role_arn

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expected = d.pop("expected")

        actual = d.pop("actual")

        arn = d.pop("arn")

        ok = d.pop("ok")

        message = d.pop("message")

        code = d.pop("code")

        role_arn = d.pop("role_arn", UNSET)

        account_check = cls(
            expected=expected,
            actual=actual,
            arn=arn,
            ok=ok,
            message=message,
            code=code,
            role_arn=role_arn,
        )

        account_check.additional_properties = d
        return account_check

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

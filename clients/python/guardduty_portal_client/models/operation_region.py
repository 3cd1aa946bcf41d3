from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.deploy_action_enum import DeployActionEnum, check_deploy_action_enum
from ..models.state_enum import StateEnum, check_state_enum

T = TypeVar("T", bound="OperationRegion")


@_attrs_define
class OperationRegion:
    """
    Attributes:
        region (str):
        action (DeployActionEnum): * `create` - create
            * `update` - update
            * `delete` - delete
        state (StateEnum): * `pending` - pending
            * `in_progress` - in_progress
            * `complete` - complete
            * `failed` - failed
        reason (str):
        updated_at (datetime.datetime | None):
    """

    region: str
    action: DeployActionEnum
    state: StateEnum
    reason: str
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        region = self.region

        action: str = self.action

        state: str = self.state

        reason = self.reason

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "region": region,
                "action": action,
                "state": state,
                "reason": reason,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        region = d.pop("region")

        action = check_deploy_action_enum(d.pop("action"))

        state = check_state_enum(d.pop("state"))

        reason = d.pop("reason")

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        operation_region = cls(
            region=region,
            action=action,
            state=state,
            reason=reason,
            updated_at=updated_at,
        )

        operation_region.additional_properties = d
        return operation_region

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

from typing import Literal

DeployActionEnum = Literal["create", "delete", "update"]

DEPLOY_ACTION_ENUM_VALUES: set[DeployActionEnum] = {
    "create",
    "delete",
    "update",
}


def check_deploy_action_enum(value: str) -> DeployActionEnum:
    if value in DEPLOY_ACTION_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DEPLOY_ACTION_ENUM_VALUES!r}")

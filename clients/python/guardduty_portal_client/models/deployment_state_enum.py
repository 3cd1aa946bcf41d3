from typing import Literal

DeploymentStateEnum = Literal["complete", "deleting", "failed", "in_progress", "not_deployed", "pending"]

DEPLOYMENT_STATE_ENUM_VALUES: set[DeploymentStateEnum] = {
    "complete",
    "deleting",
    "failed",
    "in_progress",
    "not_deployed",
    "pending",
}


def check_deployment_state_enum(value: str) -> DeploymentStateEnum:
    if value in DEPLOYMENT_STATE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DEPLOYMENT_STATE_ENUM_VALUES!r}")

from typing import Literal

OrganizationDeployStatusEnum = Literal["deployed", "deploying", "failed", "not_deployed"]

ORGANIZATION_DEPLOY_STATUS_ENUM_VALUES: set[OrganizationDeployStatusEnum] = {
    "deployed",
    "deploying",
    "failed",
    "not_deployed",
}


def check_organization_deploy_status_enum(value: str) -> OrganizationDeployStatusEnum:
    if value in ORGANIZATION_DEPLOY_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ORGANIZATION_DEPLOY_STATUS_ENUM_VALUES!r}")

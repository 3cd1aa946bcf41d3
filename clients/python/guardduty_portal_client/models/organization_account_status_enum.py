from typing import Literal

OrganizationAccountStatusEnum = Literal["active", "pending_closure", "removed", "suspended"]

ORGANIZATION_ACCOUNT_STATUS_ENUM_VALUES: set[OrganizationAccountStatusEnum] = {
    "active",
    "pending_closure",
    "removed",
    "suspended",
}


def check_organization_account_status_enum(value: str) -> OrganizationAccountStatusEnum:
    if value in ORGANIZATION_ACCOUNT_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ORGANIZATION_ACCOUNT_STATUS_ENUM_VALUES!r}")

from typing import Literal

OrganizationModeEnum = Literal["administrator", "every_account"]

ORGANIZATION_MODE_ENUM_VALUES: set[OrganizationModeEnum] = {
    "administrator",
    "every_account",
}


def check_organization_mode_enum(value: str) -> OrganizationModeEnum:
    if value in ORGANIZATION_MODE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ORGANIZATION_MODE_ENUM_VALUES!r}")

from typing import Literal

OrganizationInputCredentialTypeEnum = Literal["role"]

ORGANIZATION_INPUT_CREDENTIAL_TYPE_ENUM_VALUES: set[OrganizationInputCredentialTypeEnum] = {
    "role",
}


def check_organization_input_credential_type_enum(value: str) -> OrganizationInputCredentialTypeEnum:
    if value in ORGANIZATION_INPUT_CREDENTIAL_TYPE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ORGANIZATION_INPUT_CREDENTIAL_TYPE_ENUM_VALUES!r}")

from typing import Literal

CredentialTypeEnum = Literal["access_key", "role"]

CREDENTIAL_TYPE_ENUM_VALUES: set[CredentialTypeEnum] = {
    "access_key",
    "role",
}


def check_credential_type_enum(value: str) -> CredentialTypeEnum:
    if value in CREDENTIAL_TYPE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CREDENTIAL_TYPE_ENUM_VALUES!r}")

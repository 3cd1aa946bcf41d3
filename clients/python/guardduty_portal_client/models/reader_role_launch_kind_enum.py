from typing import Literal

ReaderRoleLaunchKindEnum = Literal["organization-role", "role"]

READER_ROLE_LAUNCH_KIND_ENUM_VALUES: set[ReaderRoleLaunchKindEnum] = {
    "organization-role",
    "role",
}


def check_reader_role_launch_kind_enum(value: str) -> ReaderRoleLaunchKindEnum:
    if value in READER_ROLE_LAUNCH_KIND_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {READER_ROLE_LAUNCH_KIND_ENUM_VALUES!r}")

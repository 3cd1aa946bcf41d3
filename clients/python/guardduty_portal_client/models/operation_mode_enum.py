from typing import Literal

OperationModeEnum = Literal["organization-role", "role", "stack", "stackset"]

OPERATION_MODE_ENUM_VALUES: set[OperationModeEnum] = {
    "organization-role",
    "role",
    "stack",
    "stackset",
}


def check_operation_mode_enum(value: str) -> OperationModeEnum:
    if value in OPERATION_MODE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {OPERATION_MODE_ENUM_VALUES!r}")

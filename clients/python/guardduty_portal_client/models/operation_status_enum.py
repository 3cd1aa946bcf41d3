from typing import Literal

OperationStatusEnum = Literal["failed", "queued", "running", "succeeded"]

OPERATION_STATUS_ENUM_VALUES: set[OperationStatusEnum] = {
    "failed",
    "queued",
    "running",
    "succeeded",
}


def check_operation_status_enum(value: str) -> OperationStatusEnum:
    if value in OPERATION_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {OPERATION_STATUS_ENUM_VALUES!r}")

from typing import Literal

DetectorStatusEnum = Literal["disabled", "enabled", "missing", "unknown"]

DETECTOR_STATUS_ENUM_VALUES: set[DetectorStatusEnum] = {
    "disabled",
    "enabled",
    "missing",
    "unknown",
}


def check_detector_status_enum(value: str) -> DetectorStatusEnum:
    if value in DETECTOR_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DETECTOR_STATUS_ENUM_VALUES!r}")

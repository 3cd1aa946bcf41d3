from typing import Literal

HealthLevelEnum = Literal["critical", "ok", "warning"]

HEALTH_LEVEL_ENUM_VALUES: set[HealthLevelEnum] = {
    "critical",
    "ok",
    "warning",
}


def check_health_level_enum(value: str) -> HealthLevelEnum:
    if value in HEALTH_LEVEL_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {HEALTH_LEVEL_ENUM_VALUES!r}")

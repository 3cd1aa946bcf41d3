from typing import Literal

HealthListHealth = Literal["critical", "ok", "warning"]

HEALTH_LIST_HEALTH_VALUES: set[HealthListHealth] = {
    "critical",
    "ok",
    "warning",
}


def check_health_list_health(value: str) -> HealthListHealth:
    if value in HEALTH_LIST_HEALTH_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {HEALTH_LIST_HEALTH_VALUES!r}")

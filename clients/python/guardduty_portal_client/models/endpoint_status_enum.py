from typing import Literal

EndpointStatusEnum = Literal["never_seen", "offline", "online"]

ENDPOINT_STATUS_ENUM_VALUES: set[EndpointStatusEnum] = {
    "never_seen",
    "offline",
    "online",
}


def check_endpoint_status_enum(value: str) -> EndpointStatusEnum:
    if value in ENDPOINT_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ENDPOINT_STATUS_ENUM_VALUES!r}")

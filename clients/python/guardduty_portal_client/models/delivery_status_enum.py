from typing import Literal

DeliveryStatusEnum = Literal["delivered", "failed", "pending", "retrying"]

DELIVERY_STATUS_ENUM_VALUES: set[DeliveryStatusEnum] = {
    "delivered",
    "failed",
    "pending",
    "retrying",
}


def check_delivery_status_enum(value: str) -> DeliveryStatusEnum:
    if value in DELIVERY_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DELIVERY_STATUS_ENUM_VALUES!r}")

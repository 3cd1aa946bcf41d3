from typing import Literal

NotificationChannelKindEnum = Literal["email", "webhook"]

NOTIFICATION_CHANNEL_KIND_ENUM_VALUES: set[NotificationChannelKindEnum] = {
    "email",
    "webhook",
}


def check_notification_channel_kind_enum(value: str) -> NotificationChannelKindEnum:
    if value in NOTIFICATION_CHANNEL_KIND_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {NOTIFICATION_CHANNEL_KIND_ENUM_VALUES!r}")

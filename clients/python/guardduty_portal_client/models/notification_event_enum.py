from typing import Literal

NotificationEventEnum = Literal["critical", "ok", "warning"]

NOTIFICATION_EVENT_ENUM_VALUES: set[NotificationEventEnum] = {
    "critical",
    "ok",
    "warning",
}


def check_notification_event_enum(value: str) -> NotificationEventEnum:
    if value in NOTIFICATION_EVENT_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {NOTIFICATION_EVENT_ENUM_VALUES!r}")

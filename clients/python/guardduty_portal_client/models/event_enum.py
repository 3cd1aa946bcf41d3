from typing import Literal

EventEnum = Literal["critical", "ok", "test", "warning"]

EVENT_ENUM_VALUES: set[EventEnum] = {
    "critical",
    "ok",
    "test",
    "warning",
}


def check_event_enum(value: str) -> EventEnum:
    if value in EVENT_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {EVENT_ENUM_VALUES!r}")

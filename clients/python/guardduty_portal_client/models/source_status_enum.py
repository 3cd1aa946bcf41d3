from typing import Literal

SourceStatusEnum = Literal[
    "collecting",
    "deleting",
    "deploying",
    "deployment_failed",
    "needs_attention",
    "no_regions",
    "not_deployed",
    "paused",
    "waiting_for_events",
]

SOURCE_STATUS_ENUM_VALUES: set[SourceStatusEnum] = {
    "collecting",
    "deleting",
    "deploying",
    "deployment_failed",
    "needs_attention",
    "no_regions",
    "not_deployed",
    "paused",
    "waiting_for_events",
}


def check_source_status_enum(value: str) -> SourceStatusEnum:
    if value in SOURCE_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SOURCE_STATUS_ENUM_VALUES!r}")

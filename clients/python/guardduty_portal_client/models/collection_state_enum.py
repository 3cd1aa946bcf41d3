from typing import Literal

CollectionStateEnum = Literal[
    "access_denied",
    "credentials_invalid",
    "error",
    "interrupted",
    "log_group_missing",
    "ok",
    "overdue",
    "role_unavailable",
    "throttled",
    "unreachable",
    "waiting",
]

COLLECTION_STATE_ENUM_VALUES: set[CollectionStateEnum] = {
    "access_denied",
    "credentials_invalid",
    "error",
    "interrupted",
    "log_group_missing",
    "ok",
    "overdue",
    "role_unavailable",
    "throttled",
    "unreachable",
    "waiting",
}


def check_collection_state_enum(value: str) -> CollectionStateEnum:
    if value in COLLECTION_STATE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {COLLECTION_STATE_ENUM_VALUES!r}")

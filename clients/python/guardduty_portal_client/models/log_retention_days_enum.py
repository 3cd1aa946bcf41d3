from typing import Literal

LogRetentionDaysEnum = Literal[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653
]

LOG_RETENTION_DAYS_ENUM_VALUES: set[LogRetentionDaysEnum] = {
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
}


def check_log_retention_days_enum(value: int) -> LogRetentionDaysEnum:
    if value in LOG_RETENTION_DAYS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LOG_RETENTION_DAYS_ENUM_VALUES!r}")

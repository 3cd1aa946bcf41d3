from typing import Literal

LogSourceCreateRegionsType1 = Literal["all"]

LOG_SOURCE_CREATE_REGIONS_TYPE_1_VALUES: set[LogSourceCreateRegionsType1] = {
    "all",
}


def check_log_source_create_regions_type_1(value: str) -> LogSourceCreateRegionsType1:
    if value in LOG_SOURCE_CREATE_REGIONS_TYPE_1_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LOG_SOURCE_CREATE_REGIONS_TYPE_1_VALUES!r}")

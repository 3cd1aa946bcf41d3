from typing import Literal

PatchedLogSourceRegionsType1 = Literal["all"]

PATCHED_LOG_SOURCE_REGIONS_TYPE_1_VALUES: set[PatchedLogSourceRegionsType1] = {
    "all",
}


def check_patched_log_source_regions_type_1(value: str) -> PatchedLogSourceRegionsType1:
    if value in PATCHED_LOG_SOURCE_REGIONS_TYPE_1_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PATCHED_LOG_SOURCE_REGIONS_TYPE_1_VALUES!r}")

from typing import Literal

FindingsListRange = Literal["1h", "24h", "30d", "7d"]

FINDINGS_LIST_RANGE_VALUES: set[FindingsListRange] = {
    "1h",
    "24h",
    "30d",
    "7d",
}


def check_findings_list_range(value: str) -> FindingsListRange:
    if value in FINDINGS_LIST_RANGE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FINDINGS_LIST_RANGE_VALUES!r}")

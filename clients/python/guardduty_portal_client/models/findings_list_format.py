from typing import Literal

FindingsListFormat = Literal["json", "ocsf"]

FINDINGS_LIST_FORMAT_VALUES: set[FindingsListFormat] = {
    "json",
    "ocsf",
}


def check_findings_list_format(value: str) -> FindingsListFormat:
    if value in FINDINGS_LIST_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FINDINGS_LIST_FORMAT_VALUES!r}")

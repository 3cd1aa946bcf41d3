from typing import Literal

FindingsRetrieveFormat = Literal["json", "ocsf"]

FINDINGS_RETRIEVE_FORMAT_VALUES: set[FindingsRetrieveFormat] = {
    "json",
    "ocsf",
}


def check_findings_retrieve_format(value: str) -> FindingsRetrieveFormat:
    if value in FINDINGS_RETRIEVE_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FINDINGS_RETRIEVE_FORMAT_VALUES!r}")

from typing import Literal

FindingsListSeverity = Literal["critical", "high", "low", "medium"]

FINDINGS_LIST_SEVERITY_VALUES: set[FindingsListSeverity] = {
    "critical",
    "high",
    "low",
    "medium",
}


def check_findings_list_severity(value: str) -> FindingsListSeverity:
    if value in FINDINGS_LIST_SEVERITY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FINDINGS_LIST_SEVERITY_VALUES!r}")

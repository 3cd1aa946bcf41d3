from typing import Literal

SampleFindingStatusEnum = Literal["failed", "searchable", "sent", "stored", "timed_out"]

SAMPLE_FINDING_STATUS_ENUM_VALUES: set[SampleFindingStatusEnum] = {
    "failed",
    "searchable",
    "sent",
    "stored",
    "timed_out",
}


def check_sample_finding_status_enum(value: str) -> SampleFindingStatusEnum:
    if value in SAMPLE_FINDING_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SAMPLE_FINDING_STATUS_ENUM_VALUES!r}")

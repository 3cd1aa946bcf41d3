from typing import Literal

PartitionEnum = Literal["aws", "aws-cn"]

PARTITION_ENUM_VALUES: set[PartitionEnum] = {
    "aws",
    "aws-cn",
}


def check_partition_enum(value: str) -> PartitionEnum:
    if value in PARTITION_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PARTITION_ENUM_VALUES!r}")

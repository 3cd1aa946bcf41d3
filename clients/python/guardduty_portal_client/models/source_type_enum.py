from typing import Literal

SourceTypeEnum = Literal["guardduty"]

SOURCE_TYPE_ENUM_VALUES: set[SourceTypeEnum] = {
    "guardduty",
}


def check_source_type_enum(value: str) -> SourceTypeEnum:
    if value in SOURCE_TYPE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SOURCE_TYPE_ENUM_VALUES!r}")

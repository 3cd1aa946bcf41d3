from typing import Literal

ChannelInputKindEnum = Literal["email", "webhook"]

CHANNEL_INPUT_KIND_ENUM_VALUES: set[ChannelInputKindEnum] = {
    "email",
    "webhook",
}


def check_channel_input_kind_enum(value: str) -> ChannelInputKindEnum:
    if value in CHANNEL_INPUT_KIND_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHANNEL_INPUT_KIND_ENUM_VALUES!r}")

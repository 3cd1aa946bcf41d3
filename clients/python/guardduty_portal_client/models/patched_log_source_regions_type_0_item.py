from typing import Literal

PatchedLogSourceRegionsType0Item = Literal[
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "cn-north-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
]

PATCHED_LOG_SOURCE_REGIONS_TYPE_0_ITEM_VALUES: set[PatchedLogSourceRegionsType0Item] = {
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "cn-north-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
}


def check_patched_log_source_regions_type_0_item(value: str) -> PatchedLogSourceRegionsType0Item:
    if value in PATCHED_LOG_SOURCE_REGIONS_TYPE_0_ITEM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PATCHED_LOG_SOURCE_REGIONS_TYPE_0_ITEM_VALUES!r}")

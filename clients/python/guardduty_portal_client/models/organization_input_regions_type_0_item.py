from typing import Literal

OrganizationInputRegionsType0Item = Literal[
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

ORGANIZATION_INPUT_REGIONS_TYPE_0_ITEM_VALUES: set[OrganizationInputRegionsType0Item] = {
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


def check_organization_input_regions_type_0_item(value: str) -> OrganizationInputRegionsType0Item:
    if value in ORGANIZATION_INPUT_REGIONS_TYPE_0_ITEM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ORGANIZATION_INPUT_REGIONS_TYPE_0_ITEM_VALUES!r}")

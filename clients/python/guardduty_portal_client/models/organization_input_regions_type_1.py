from typing import Literal

OrganizationInputRegionsType1 = Literal["all"]

ORGANIZATION_INPUT_REGIONS_TYPE_1_VALUES: set[OrganizationInputRegionsType1] = {
    "all",
}


def check_organization_input_regions_type_1(value: str) -> OrganizationInputRegionsType1:
    if value in ORGANIZATION_INPUT_REGIONS_TYPE_1_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ORGANIZATION_INPUT_REGIONS_TYPE_1_VALUES!r}")

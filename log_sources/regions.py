"""The AWS regions the portal collects from, and the rules for choosing them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    partition: str = "aws"

    @property
    def console_host(self) -> str:
        if self.partition == "aws-cn":
            return f"{self.code}.console.amazonaws.cn"
        return f"{self.code}.console.aws.amazon.com"


REGIONS: tuple[Region, ...] = (
    Region("us-east-1", "US East (N. Virginia)"),
    Region("us-east-2", "US East (Ohio)"),
    Region("us-west-1", "US West (N. California)"),
    Region("us-west-2", "US West (Oregon)"),
    Region("ca-central-1", "Canada (Central)"),
    Region("eu-central-1", "Europe (Frankfurt)"),
    Region("eu-west-1", "Europe (Ireland)"),
    Region("eu-west-2", "Europe (London)"),
    Region("sa-east-1", "South America (São Paulo)"),
    Region("ap-northeast-1", "Asia Pacific (Tokyo)"),
    Region("ap-northeast-2", "Asia Pacific (Seoul)"),
    Region("ap-south-1", "Asia Pacific (Mumbai)"),
    Region("ap-southeast-1", "Asia Pacific (Singapore)"),
    Region("ap-southeast-2", "Asia Pacific (Sydney)"),
    Region("cn-north-1", "China (Beijing)", "aws-cn"),
)
BY_CODE: dict[str, Region] = {region.code: region for region in REGIONS}
REGION_CODES: tuple[str, ...] = tuple(region.code for region in REGIONS)
REGION_CHOICES = [(region.code, f"{region.name} ({region.code})") for region in REGIONS]


def get(code: str) -> Region:
    return BY_CODE[code]


def partition_of(code: str) -> str:
    """The AWS partition of a region ("aws", or "aws-cn" for China); "aws" for a code not listed."""
    region = BY_CODE.get(code)
    return region.partition if region else "aws"

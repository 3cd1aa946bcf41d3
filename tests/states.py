"""What the apps above log_sources record per region, read the way the tests need it."""

from __future__ import annotations

from collection.models import PullUnit
from deployments.choices import DeployState
from deployments.models import RegionDeployment
from log_sources.models import SourceRegion


def deploy_states(source) -> dict[str, str]:
    """region -> deploy state of each of the source's regions (not deployed where nothing is recorded)."""
    recorded = dict(
        RegionDeployment.objects.filter(source_region__source_id=source.pk).values_list(
            "source_region__region", "state"
        )
    )
    regions = SourceRegion.objects.filter(source_id=source.pk).values_list("region", flat=True)
    return {region: recorded.get(region, DeployState.NOT_DEPLOYED) for region in regions}


def deployment(source, region: str) -> RegionDeployment:
    return RegionDeployment.objects.get(source_region__source_id=source.pk, source_region__region=region)


def unit(source, region: str) -> PullUnit:
    return PullUnit.objects.get(source_region__source_id=source.pk, source_region__region=region)


def units(source):
    return PullUnit.objects.filter(source_region__source_id=source.pk)

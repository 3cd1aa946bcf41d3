"""Reads of the pull engine: each region's collection state and a source's Last Event and status."""

from __future__ import annotations

from deployments.choices import UNDER_WAY_STATES, DeployState
from log_sources.choices import DeploymentMode
from log_sources.models import LogSource

from .choices import UNTROUBLED_STATES, CollectionState
from .models import PullUnit


def read_collection_state(sources: list[LogSource]) -> None:
    """log_sources' reader: `region.unit` on every region; Last Event, last pull and status on every source.

    Needs `region.deployment` from the deployments reader, which runs before this one.
    """
    regions = [region for source in sources for region in source.regions.all()]
    units = {unit.pk: unit for unit in PullUnit.objects.filter(pk__in=[region.pk for region in regions])}
    for region in regions:
        # A region the pull engine has not seen yet reads as a unit that never pulled.
        region.unit = units.get(region.pk) or PullUnit(source_region=region)
        # The region's latest problem, whether collecting or deploying.
        region.last_error = region.unit.last_error or region.deployment.error
    for source in sources:
        units_of_source = [region.unit for region in source.regions.all()]
        source.last_event_at = max((u.last_event_at for u in units_of_source if u.last_event_at), default=None)
        source.last_pull_at = max((u.last_pull_at for u in units_of_source if u.last_pull_at), default=None)
        source.status = source_status(source)


def source_status(source: LogSource) -> str:
    """One word for External Sources, from the regions' deploy and collection states (never stored)."""
    regions = list(source.regions.all())
    if not regions:
        return "No regions"
    deployment = {region.deployment.state for region in regions}
    collection = {region.unit.collection_state for region in regions}
    if DeployState.FAILED in deployment:
        return "Deployment failed"
    if deployment & set(UNDER_WAY_STATES):
        return "Deploying"
    if DeployState.DELETING in deployment:
        return "Deleting"
    if collection - UNTROUBLED_STATES:
        return "Needs attention"
    if CollectionState.OK in collection:
        return "Collecting"
    if source.deployment_mode == DeploymentMode.MANUAL or deployment == {DeployState.COMPLETE}:
        return "Waiting for events"
    return "Not deployed"

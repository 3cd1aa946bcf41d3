"""The pull engine owns its pull units: one per source region, created and removed with the region."""

from __future__ import annotations

import pytest
from django.utils import timezone

from collection.choices import CollectionState
from collection.models import PullUnit
from core.errors import ValidationFailed
from deployments.services import deployed_source_delete, deployed_source_update
from log_sources.models import SourceRegion
from log_sources.selectors import log_source_state
from log_sources.services import log_source_create
from tests.states import units

pytestmark = pytest.mark.django_db


def regions_of_units(source) -> set[str]:
    return set(units(source).values_list("source_region__region", flat=True))


def test_a_new_source_gets_one_due_unit_per_region_sharing_the_regions_id(alice, source):
    assert regions_of_units(source) == {"us-east-1", "eu-west-1", "ap-southeast-2"}
    for region in SourceRegion.objects.filter(source=source):
        unit = PullUnit.objects.get(pk=region.pk)
        assert unit.source_region == region and unit.collection_state == CollectionState.WAITING
        assert unit.next_pull_at <= timezone.now() and unit.checkpoint_ms is None


def test_an_edit_adds_and_removes_units_with_the_regions(alice, source):
    source, operation = deployed_source_update(user=alice, source=source, data={"regions": ["us-east-1", "sa-east-1"]})
    assert operation is None  # the portal deployed nothing, so the regions go at once
    assert regions_of_units(source) == {"us-east-1", "sa-east-1"}
    assert PullUnit.objects.count() == 2


def test_a_failed_edit_leaves_no_unit_behind(alice, source):
    with pytest.raises(ValidationFailed):
        deployed_source_update(user=alice, source=source, data={"regions": ["us-east-1", "us-gov-west-1"]})
    assert regions_of_units(source) == {"us-east-1", "eu-west-1", "ap-southeast-2"}


def test_deleting_a_source_deletes_its_units(alice, source, source_data):
    other = log_source_create(user=alice, data={**source_data, "hostname": "other.example", "regions": ["sa-east-1"]})
    deployed_source_delete(user=alice, source=source, keep_aws_resources=True)
    assert list(PullUnit.objects.values_list("source_region__source_id", flat=True)) == [other.pk]


def test_a_source_reads_its_last_event_and_status_from_its_units(alice, source):
    newest = timezone.now()
    units(source).filter(source_region__region="eu-west-1").update(
        collection_state=CollectionState.OK, last_event_at=newest, last_pull_at=newest
    )
    shown = log_source_state(source)
    assert shown.last_event_at == newest and shown.last_pull_at == newest
    assert shown.status == "collecting"
    units(source).filter(source_region__region="us-east-1").update(collection_state=CollectionState.ACCESS_DENIED)
    assert log_source_state(source).status == "needs_attention"

"""The README's journey in a real browser, end to end on real parts.

The emulator (moto server over HTTP), a real Celery worker process consuming the deploy queue
and the endpoint's queue, and the demo's finding simulator. Beat is not started: the test
process calls the same dispatcher beat calls, every second, so the timing stays short.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from collection.services import log_events_dispatch_due
from demo.findings import FindingGenerator
from demo.simulator import Simulator
from deployments.choices import DeployState
from log_sources.models import LogSource
from log_sources.regions import REGION_CODES
from tests.conftest import ACCESS_KEY, ACCOUNT, PASSWORD, SECRET_KEY
from tests.states import deploy_states, units
from tests.workers import celery_worker

pytestmark = pytest.mark.worker


def walk_the_wizard(page) -> None:
    page.get_by_role("link", name="Add Log Source").first.click()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("AWS Account Number").fill(ACCOUNT)
    page.get_by_label("AWS Access Key").fill(ACCESS_KEY)
    page.get_by_label("AWS Secret Key").fill(SECRET_KEY)
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Select All Regions").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Save Log Source").click()


def test_launch_for_me_last_event_and_search(transactional_db, people, endpoint, aws, browser_page, log_in, settings):
    page, shot = browser_page
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with celery_worker(queues=[settings.CELERY_TASK_DEFAULT_QUEUE, endpoint.queue], concurrency=2) as worker:
        log_in("alice", PASSWORD)
        walk_the_wizard(page)
        expect(page.get_by_role("heading", name=re.compile(f"guardduty-{ACCOUNT}"))).to_be_visible()
        source = LogSource.objects.get()

        # Launch for me with the source's own credentials; the progress block updates in place.
        launch = page.locator("#deployment")
        launch.get_by_label(re.compile("The source's own credentials")).check()
        launch.get_by_role("button", name="Launch for me").click()
        progress = page.locator(".deploy-progress")
        expect(progress.locator("tr[data-region]")).to_have_count(len(REGION_CODES))
        shot("launch started")
        expect(page.locator("[data-operation-status]")).to_have_text("succeeded", timeout=120_000)
        for code in REGION_CODES:
            expect(progress.locator(f'tr[data-region="{code}"] [data-state]')).to_have_attribute(
                "data-state", "complete"
            )
        shot("launch complete")
        assert set(deploy_states(source).values()) == {DeployState.COMPLETE}

        # Findings arrive (the demo's simulator) and the relay collects them.
        simulator = Simulator(regions=REGION_CODES, generator=FindingGenerator(seed=11), out=lambda _: None)
        assert len(simulator.tick(per_region=2)) == len(REGION_CODES)
        deadline = time.monotonic() + 90
        while not units(source).filter(last_event_at__isnull=False).exists():
            assert time.monotonic() < deadline, "no event was collected\n" + worker.log()
            log_events_dispatch_due()
            time.sleep(1)

        page.get_by_role("link", name="External Sources").first.click()
        row = page.locator("table.list tbody tr")
        expect(row).to_contain_text(f"guardduty-{ACCOUNT}")
        expect(row.locator("time")).to_be_visible()  # Last Event, no longer "No events yet"
        expect(row).not_to_contain_text("No events yet")
        shot("last event")

        # Search by the account between wildcards; a finding expands to its JSON.
        page.get_by_role("link", name="Search").first.click()
        page.get_by_label("Search", exact=True).fill(f"*{ACCOUNT}*")
        page.get_by_role("button", name="Search").click()
        results = page.locator("table.events tbody tr")
        expect(results.first).to_be_visible()
        assert results.count() >= 2
        shot("search results")
        first = results.first
        pre = first.locator("details pre")
        expect(pre).not_to_be_visible()
        first.locator("summary", has_text="Event JSON").click()
        expect(pre).to_be_visible()
        expect(pre).to_contain_text('"source": "aws.guardduty"')
        expect(pre).to_contain_text(ACCOUNT)
        shot("finding expanded")

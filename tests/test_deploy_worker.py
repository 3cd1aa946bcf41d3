"""Launch for me through a real Celery worker process: the on_commit queueing, the broker (the
embedded one locally, Redis in CI), the worker's self re-queueing steps, and the database the
page reads progress from."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from deployments import services
from deployments.choices import DeployState
from deployments.models import DeployOperation, OperationStatus
from deployments.steps import POLL_SECONDS
from tests.states import deploy_states
from tests.test_deploy import THREE, assert_deployed, region_history
from tests.workers import celery_worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url() -> str:
    """The test database as a URL, so the worker process opens the very same one."""
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings['NAME']}"
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


@pytest.fixture
def deploy_worker(transactional_db, aws, tmp_path):
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_TASK_ALWAYS_EAGER": "false"}
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "portal",
            "worker",
            "--queues",
            "portal",
            "--pool",
            "solo",
            "--hostname",
            f"deploy-test-{os.getpid()}@%h",
            "--loglevel",
            "INFO",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[1],
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:  # pragma: no cover
        process.kill()
    log.close()


def test_a_launch_whose_worker_is_killed_is_resumed_by_beat_on_another_worker(aws, alice, source):
    # SIGKILL leaves the step messages with the killed worker: Redis hands them out again only
    # after an hour, and the embedded broker never. The beat sweep (called here at a time 6
    # minutes on, rather than waited for) queues a step that the new worker takes.
    from datetime import timedelta

    with celery_worker(queues=["portal"]) as worker:
        operation = services.deployment_launch(user=alice, source=source, use_source_credentials=True)
        # Its first step submits the StackSet; the next looks at it POLL_SECONDS later.
        wait_for(lambda: DeployOperation.objects.get(pk=operation.pk).steps >= 1, timeout=90, worker=worker)
        worker.kill()
        operation.refresh_from_db()
        steps_when_killed = operation.steps
        assert operation.is_active
        time.sleep(2 * POLL_SECONDS)
        operation.refresh_from_db()
        assert operation.steps == steps_when_killed and operation.is_active  # it stands still
        worker.start()  # a fresh process on the same queue
        assert services.deployments_resume_stalled(now=operation.stepped_at + timedelta(minutes=6)) == 1
        wait_for(lambda: not DeployOperation.objects.get(pk=operation.pk).is_active, timeout=90, worker=worker)
        operation.refresh_from_db()
        assert operation.status == OperationStatus.SUCCEEDED, worker.log()
        assert worker.alive
    for region in THREE:
        assert_deployed(aws, region)


def test_a_real_worker_launches_a_stackset_in_three_regions(aws, alice, source, deploy_worker, tmp_path):
    operation = services.deployment_launch(user=alice, source=source, use_source_credentials=True)

    deadline = time.monotonic() + 90
    seen = set()
    while time.monotonic() < deadline:
        operation.refresh_from_db()
        seen.add(operation.status)
        if not operation.is_active:
            break
        time.sleep(0.5)
    worker_log = (tmp_path / "worker.log").read_text()
    assert operation.status == OperationStatus.SUCCEEDED, worker_log[-3000:]
    assert "deployments.advance" in worker_log
    for region in THREE:
        assert_deployed(aws, region)
        assert region_history(operation, region) == ["pending", "in_progress", "complete"]
    assert set(deploy_states(source).values()) == {DeployState.COMPLETE}
    assert DeployOperation.objects.get(pk=operation.pk).access_key_id == ""
